# Install rules, included by the top-level CMakeLists.txt when WEFT_INSTALL
# is ON (the default when weft is the top-level project). `cmake --install`
# then puts down:
#
#   include/weft/...                      the headers
#   share/cmake/weft/weftConfig.cmake     find_package(weft CONFIG)
#   share/cmake/weft/weftConfigVersion.cmake
#   share/cmake/weft/weftTargets.cmake    weft::weft
#   share/cmake/weft/weftDependencies.cmake
#   share/cmake/weft/weftDispatch.cmake   weft_dispatch_sources()
#   share/cmake/weft/weftSeparateCompilation.cmake   weft_separate_compilation()
#   share/pkgconfig/weft.pc
#
# weft is header-only, so everything goes under the architecture-independent
# data directory (CMake and pkg-config both search share/).
include(CMakePackageConfigHelpers)

set(WEFT_INSTALL_CMAKEDIR "${CMAKE_INSTALL_DATADIR}/cmake/weft"
    CACHE STRING "Where to install weft's CMake package files, under the prefix")
set(WEFT_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_DATADIR}/pkgconfig"
    CACHE STRING "Where to install weft.pc, under the prefix")
mark_as_advanced(WEFT_INSTALL_CMAKEDIR WEFT_INSTALL_PKGCONFIGDIR)

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/weft"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        FILES_MATCHING PATTERN "*.hpp")

install(TARGETS weft EXPORT weftTargets)
install(EXPORT weftTargets
        NAMESPACE weft::
        DESTINATION "${WEFT_INSTALL_CMAKEDIR}")

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/weftConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/weftConfig.cmake"
  INSTALL_DESTINATION "${WEFT_INSTALL_CMAKEDIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/weftConfigVersion.cmake"
  COMPATIBILITY SameMajorVersion
  ARCH_INDEPENDENT)
install(FILES
          "${PROJECT_BINARY_DIR}/weftConfig.cmake"
          "${PROJECT_BINARY_DIR}/weftConfigVersion.cmake"
          "${PROJECT_SOURCE_DIR}/cmake/weftDependencies.cmake"
          "${PROJECT_SOURCE_DIR}/cmake/weftDispatch.cmake"
          "${PROJECT_SOURCE_DIR}/cmake/weftSeparateCompilation.cmake"
        DESTINATION "${WEFT_INSTALL_CMAKEDIR}")

# weft.pc finds the prefix relative to itself (pkg-config's ${pcfiledir}),
# so the install tree can be moved, or installed with --prefix elsewhere
# than CMAKE_INSTALL_PREFIX.
if(IS_ABSOLUTE "${WEFT_INSTALL_PKGCONFIGDIR}")
  set(WEFT_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _weft_pc_to_prefix "/${WEFT_INSTALL_PKGCONFIGDIR}" "/")
  string(REGEX REPLACE "/$" "" _weft_pc_to_prefix "${_weft_pc_to_prefix}")
  set(WEFT_PC_PREFIX "\${pcfiledir}/${_weft_pc_to_prefix}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(WEFT_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(WEFT_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
set(WEFT_PC_REQUIRES "")
set(WEFT_PC_USE_XSIMD 0)
set(WEFT_PC_USE_TBB 0)
if(WEFT_USE_XSIMD)
  string(APPEND WEFT_PC_REQUIRES " xsimd")
  set(WEFT_PC_USE_XSIMD 1)
endif()
if(WEFT_USE_TBB)
  string(APPEND WEFT_PC_REQUIRES " tbb")  # tbb.pc gives -ltbb
  set(WEFT_PC_USE_TBB 1)
endif()
string(STRIP "${WEFT_PC_REQUIRES}" WEFT_PC_REQUIRES)
configure_file("${PROJECT_SOURCE_DIR}/cmake/weft.pc.in" "${PROJECT_BINARY_DIR}/weft.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/weft.pc" DESTINATION "${WEFT_INSTALL_PKGCONFIGDIR}")
