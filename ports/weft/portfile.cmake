# vcpkg overlay port over weft's own CMake install (cmake/weftInstall.cmake),
# the one scripts/package-test.sh tests:
#
#   vcpkg install weft --overlay-ports=<weft checkout>/ports
#
# The sources are the checkout this port sits in (ports/weft/../..), as
# there is no release archive to download yet. WEFT_SOURCE_DIR in the
# environment names another checkout; vcpkg passes it to the port only when
# listed in VCPKG_KEEP_ENV_VARS. vcpkg's binary cache does not see changes
# to those sources: use --no-binarycaching while they change.
set(VCPKG_BUILD_TYPE release)  # header-only: one install serves both

if(DEFINED ENV{WEFT_SOURCE_DIR})
  set(SOURCE_PATH "$ENV{WEFT_SOURCE_DIR}")
else()
  get_filename_component(SOURCE_PATH "${CURRENT_PORT_DIR}/../.." ABSOLUTE)
endif()
if(NOT EXISTS "${SOURCE_PATH}/include/weft/weft.hpp")
  message(FATAL_ERROR "weft's sources are not in ${SOURCE_PATH}")
endif()

vcpkg_cmake_configure(
  SOURCE_PATH "${SOURCE_PATH}"
  OPTIONS
    -DWEFT_BUILD_TESTS=OFF
    -DWEFT_BUILD_EXAMPLES=OFF
    -DWEFT_BUILD_BENCHMARKS=OFF
    -DWEFT_INSTALL=ON
)
vcpkg_cmake_install()
# share/cmake/weft -> share/weft, where vcpkg's find_package looks.
vcpkg_cmake_config_fixup(CONFIG_PATH share/cmake/weft)
vcpkg_fixup_pkgconfig()
file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug")

file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
if(EXISTS "${SOURCE_PATH}/LICENSE")
  vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
else()
  # vcpkg requires share/weft/copyright; weft has no license file yet.
  file(WRITE "${CURRENT_PACKAGES_DIR}/share/${PORT}/copyright"
       "weft does not have a license file yet: see its README.\n")
endif()
