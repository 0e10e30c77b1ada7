"""oneTBB as Debian installs it (apt install libtbb-dev), wrapped as a
Conan package so that weft's conanfile.py can require onetbb where
ConanCenter is out of reach. It has no sources and builds nothing: the
package is empty and package_info() describes the system install.

    conan export conan/recipes/onetbb --version 2021.8.0

The version given must be the installed one (validate() checks it). The
names match ConanCenter's onetbb recipe: find_package(TBB), the component
onetbb::libtbb as target TBB::tbb.
"""
import os
import re

from conan import ConanFile
from conan.errors import ConanInvalidConfiguration
from conan.tools.files import load

# The compiler and the linker search the system directories on their own
# (/usr/include, and /usr/lib/<multiarch> for -ltbb), so the package
# declares no directory: -ltbb as a system library is enough.
SYSTEM_INCLUDEDIR = "/usr/include"


class OneTBBSystemConan(ConanFile):
    name = "onetbb"
    description = "oneTBB from the system's packages (libtbb-dev)"
    license = "Apache-2.0"
    package_type = "shared-library"
    settings = "os", "arch", "compiler", "build_type"

    def package_id(self):
        # The system's library serves every compiler and build type.
        del self.info.settings.compiler
        del self.info.settings.build_type

    def validate(self):
        if self.settings.os != "Linux":
            raise ConanInvalidConfiguration("this wrapper of the system's oneTBB is for Linux only")
        version_h = os.path.join(SYSTEM_INCLUDEDIR, "oneapi", "tbb", "version.h")
        if not os.path.isfile(version_h):
            raise ConanInvalidConfiguration(
                f"{version_h} not found: install oneTBB first (apt install libtbb-dev)")
        text = load(self, version_h)
        installed = ".".join(
            re.search(rf"#define TBB_VERSION_{part}\s+(\d+)", text).group(1)
            for part in ("MAJOR", "MINOR", "PATCH"))
        if installed != str(self.version):
            raise ConanInvalidConfiguration(
                f"this recipe is onetbb/{self.version} but the system has oneTBB {installed}: "
                f"export it with --version {installed}")

    def package_info(self):
        self.cpp_info.set_property("cmake_file_name", "TBB")
        self.cpp_info.set_property("pkg_config_name", "tbb")
        tbb = self.cpp_info.components["libtbb"]
        tbb.set_property("cmake_target_name", "TBB::tbb")
        tbb.set_property("pkg_config_name", "tbb")
        tbb.bindirs = []
        tbb.libdirs = []
        tbb.includedirs = []
        tbb.system_libs = ["tbb"]
