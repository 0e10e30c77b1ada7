"""Conan 2 recipe for weft, a header-only library.

    conan create . -s compiler.cppstd=20 --build=missing

builds the package (weft's own `cmake --install`, no tests) and then builds
and runs test_package/. Where ConanCenter is out of reach, export the local
recipes of conan/recipes/ first (see the README, "Getting weft";
scripts/package-test.sh runs the whole flow).
"""
import os
import re

from conan import ConanFile
from conan.tools.build import check_min_cppstd
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout
from conan.tools.files import load, rmdir


class WeftConan(ConanFile):
    name = "weft"
    description = "Fused, SIMD and multi-threaded array expressions for C++20"
    topics = ("array", "expression-templates", "simd", "parallel", "header-only")
    package_type = "header-library"
    settings = "os", "arch", "compiler", "build_type"
    exports_sources = "CMakeLists.txt", "cmake/*", "include/*"
    # weft's CMake configure step only installs; nothing is compiled.
    no_copy_source = True

    def set_version(self):
        # One version for the whole project: the one in project(VERSION).
        cmakelists = load(self, os.path.join(self.recipe_folder, "CMakeLists.txt"))
        self.version = re.search(r"project\(weft VERSION (\d+\.\d+\.\d+)", cmakelists).group(1)

    def layout(self):
        cmake_layout(self)

    # with_tbb=False: no oneTBB, parallel loops on weft's serial backend.
    options = {"with_tbb": [True, False]}
    default_options = {"with_tbb": True}

    def requirements(self):
        # Headers of both appear in weft's headers, and users link TBB: both
        # are transitive. The ranges span what CI builds weft against: the
        # oldest, Debian 12's (xsimd 8.1, oneTBB 2021.8), and the newest,
        # pinned in scripts/newest-deps.sh (xsimd 14.1, oneTBB 2023.2).
        self.requires("xsimd/[>=8.1.0 <15]", transitive_headers=True)
        if self.options.with_tbb:
            self.requires("onetbb/[>=2021.8.0 <2024]", transitive_headers=True)

    def package_id(self):
        # One package per with_tbb: the headers are the same, the defines not.
        self.info.settings.clear()
        self.info.requires.clear()

    def validate(self):
        check_min_cppstd(self, 20)

    def generate(self):
        # CMakeDeps lets weft's CMakeLists.txt find xsimd and TBB as it does
        # outside Conan (find_package(xsimd), find_package(TBB)).
        CMakeDeps(self).generate()
        toolchain = CMakeToolchain(self)
        toolchain.cache_variables["WEFT_BUILD_TESTS"] = False
        toolchain.cache_variables["WEFT_BUILD_EXAMPLES"] = False
        toolchain.cache_variables["WEFT_BUILD_BENCHMARKS"] = False
        toolchain.cache_variables["WEFT_USE_TBB"] = bool(self.options.with_tbb)
        toolchain.generate()

    def build(self):
        CMake(self).configure()

    def package(self):
        CMake(self).install()
        # Consumers get Conan's generated CMake and pkg-config files, made
        # from package_info() below; weft's own would find the dependencies
        # outside Conan.
        rmdir(self, os.path.join(self.package_folder, "share"))

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        self.cpp_info.set_property("cmake_file_name", "weft")
        self.cpp_info.set_property("cmake_target_name", "weft::weft")
        self.cpp_info.set_property("pkg_config_name", "weft")
        # What weft's CMake target defines (see CMakeLists.txt).
        with_tbb = bool(self.options.with_tbb)
        self.cpp_info.defines = [f"WEFT_USE_TBB={int(with_tbb)}", "WEFT_USE_XSIMD=1"]
        self.cpp_info.requires = ["xsimd::xsimd"] + (["onetbb::libtbb"] if with_tbb else [])
