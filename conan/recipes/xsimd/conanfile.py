"""xsimd as Debian installs it (apt install libxsimd-dev xtl-dev), wrapped
as a Conan package so that weft's conanfile.py can require xsimd where
ConanCenter is out of reach. It has no sources and builds nothing: the
package is empty and package_info() describes the system install.

    conan export conan/recipes/xsimd --version 8.1.0

The version given must be the installed one (validate() checks it). The
CMake names match ConanCenter's xsimd recipe: find_package(xsimd), target
xsimd.
"""
import os
import re

from conan import ConanFile
from conan.errors import ConanInvalidConfiguration
from conan.tools.files import load

# The system headers. The compiler searches /usr/include on its own, so the
# package declares no include directory (an explicit -isystem /usr/include
# would break GCC's #include_next in libstdc++).
SYSTEM_INCLUDEDIR = "/usr/include"


class XsimdSystemConan(ConanFile):
    name = "xsimd"
    description = "xsimd from the system's packages (libxsimd-dev)"
    license = "BSD-3-Clause"
    package_type = "header-library"
    settings = "os", "arch", "compiler", "build_type"

    def package_id(self):
        self.info.clear()

    def validate(self):
        config = os.path.join(SYSTEM_INCLUDEDIR, "xsimd", "config", "xsimd_config.hpp")
        if not os.path.isfile(config):
            raise ConanInvalidConfiguration(
                f"{config} not found: install xsimd first (apt install libxsimd-dev xtl-dev)")
        text = load(self, config)
        installed = ".".join(
            re.search(rf"#define XSIMD_VERSION_{part}\s+(\d+)", text).group(1)
            for part in ("MAJOR", "MINOR", "PATCH"))
        if installed != str(self.version):
            raise ConanInvalidConfiguration(
                f"this recipe is xsimd/{self.version} but the system has xsimd {installed}: "
                f"export it with --version {installed}")

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        self.cpp_info.includedirs = []
        self.cpp_info.set_property("cmake_file_name", "xsimd")
        self.cpp_info.set_property("cmake_target_name", "xsimd")
        self.cpp_info.set_property("pkg_config_name", "xsimd")
