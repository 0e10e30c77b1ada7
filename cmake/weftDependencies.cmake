# Finds what weft's target links against. Shared by the build tree and the
# installed package config (installed beside weftConfig.cmake) so that both
# find the same things the same way.
#
# weft_find_dependencies(use_tbb use_xsimd tbb_optional)
#
# xsimd, when asked for, is required. oneTBB, when asked for, is required
# only if tbb_optional is false; otherwise a missing oneTBB leaves weft on
# its serial backend, said in one status line. Either way the macro sets
# weft_TBB_FOUND to whether TBB::tbb is there to link.
#
# In the build tree a missing required dependency stops the configure step
# (find_package REQUIRED). weftConfig.cmake sets _weft_in_package_config
# first: there find_dependency() is used instead, so a missing dependency
# makes find_package(weft) fail the way its caller asked (REQUIRED, QUIET)
# and says which dependency was missing. Both are macros on purpose:
# find_dependency() returns from the file that calls them.
macro(_weft_find_one name)
  if(_weft_in_package_config)
    find_dependency(${name} ${ARGN})
  else()
    find_package(${name} REQUIRED ${ARGN})
  endif()
endmacro()

macro(weft_find_dependencies use_tbb use_xsimd tbb_optional)
  if(${use_xsimd})
    # Debian 12's xsimd package config links a target `xtl` without finding
    # it; newer xsimd releases do not need xtl at all.
    find_package(xtl QUIET)
    _weft_find_one(xsimd)
  endif()
  set(weft_TBB_FOUND FALSE)
  if(${use_tbb})
    if(${tbb_optional})
      find_package(TBB QUIET COMPONENTS tbb)
      if(TBB_FOUND AND TARGET TBB::tbb)
        set(weft_TBB_FOUND TRUE)
      elseif(NOT weft_FIND_QUIETLY)
        message(STATUS "weft: oneTBB not found, parallel loops run on the serial backend "
                       "(install libtbb-dev, or point TBB_DIR at oneTBB, for threads)")
      endif()
    else()
      _weft_find_one(TBB COMPONENTS tbb)
      set(weft_TBB_FOUND TRUE)
    endif()
  endif()
endmacro()

# One status line for a consumer whose build is unoptimized: with no build
# type, CMake compiles at -O0, where weft's loops run many times slower.
macro(weft_note_build_type)
  get_property(_weft_multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
  if(NOT _weft_multi_config AND NOT CMAKE_BUILD_TYPE AND NOT weft_FIND_QUIETLY)
    message(STATUS "weft: CMAKE_BUILD_TYPE is empty, so this build is not optimized (-O0): "
                   "configure with -DCMAKE_BUILD_TYPE=Release (see weft's README, \"Building with weft\")")
  endif()
  unset(_weft_multi_config)
endmacro()

# weft_find_blas(use_blas): a CBLAS library for weft::matmul, always
# optional. Sets weft_BLAS_FOUND and, when found, the imported target
# weft_cblas (the library from FindBLAS, OpenBLAS preferred, with the
# directory of cblas.h). A BLAS whose library lacks cblas_dgemm, or without
# cblas.h, counts as missing; one status line says what matmul runs on then.
macro(weft_find_blas use_blas)
  set(weft_BLAS_FOUND FALSE)
  if(${use_blas} AND NOT TARGET weft_cblas)
    if(NOT DEFINED BLA_VENDOR)
      set(BLA_VENDOR OpenBLAS)
      find_package(BLAS QUIET)
      unset(BLA_VENDOR)
    endif()
    if(NOT BLAS_FOUND)
      find_package(BLAS QUIET)
    endif()
    find_path(WEFT_CBLAS_INCLUDE_DIR cblas.h PATH_SUFFIXES openblas)
    if(BLAS_FOUND AND WEFT_CBLAS_INCLUDE_DIR)
      include(CheckCXXSourceCompiles)
      set(_weft_saved_libraries "${CMAKE_REQUIRED_LIBRARIES}")
      set(_weft_saved_includes "${CMAKE_REQUIRED_INCLUDES}")
      set(_weft_saved_quiet "${CMAKE_REQUIRED_QUIET}")
      set(CMAKE_REQUIRED_LIBRARIES ${BLAS_LIBRARIES} ${BLAS_LINKER_FLAGS})
      set(CMAKE_REQUIRED_INCLUDES ${WEFT_CBLAS_INCLUDE_DIR})
      set(CMAKE_REQUIRED_QUIET TRUE)
      check_cxx_source_compiles("#include <cblas.h>
        int main() { double a = 1, b = 2, c = 0;
          cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 1, 1, 1, 1.0, &a, 1, &b, 1, 0.0, &c, 1);
          return int(c); }" WEFT_CBLAS_LINKS)
      set(CMAKE_REQUIRED_LIBRARIES "${_weft_saved_libraries}")
      set(CMAKE_REQUIRED_INCLUDES "${_weft_saved_includes}")
      set(CMAKE_REQUIRED_QUIET "${_weft_saved_quiet}")
      if(WEFT_CBLAS_LINKS)
        add_library(weft_cblas INTERFACE IMPORTED GLOBAL)
        set_target_properties(weft_cblas PROPERTIES
          INTERFACE_LINK_LIBRARIES "${BLAS_LIBRARIES};${BLAS_LINKER_FLAGS}"
          INTERFACE_INCLUDE_DIRECTORIES "${WEFT_CBLAS_INCLUDE_DIR}")
      endif()
    endif()
    if(NOT TARGET weft_cblas AND NOT weft_FIND_QUIETLY)
      message(STATUS "weft: no CBLAS library found, weft::matmul runs on weft's own kernel "
                     "(install libopenblas-dev for BLAS, or set -DWEFT_USE_BLAS=OFF to silence this)")
    endif()
  endif()
  if(${use_blas} AND TARGET weft_cblas)
    set(weft_BLAS_FOUND TRUE)
  endif()
endmacro()

# weft_find_mpi(use_mpi): an MPI library for the optional weft::mpi module
# (weft/mpi.hpp), through its C API; always optional. Sets weft_MPI_FOUND;
# MPI::MPI_CXX is the target to link (without MPI's deprecated C++ bindings).
macro(weft_find_mpi use_mpi)
  set(weft_MPI_FOUND FALSE)
  if(${use_mpi})
    set(MPI_CXX_SKIP_MPICXX TRUE)
    find_package(MPI QUIET COMPONENTS CXX)
    if(MPI_CXX_FOUND AND TARGET MPI::MPI_CXX)
      set(weft_MPI_FOUND TRUE)
    elseif(NOT weft_FIND_QUIETLY AND NOT _weft_in_package_config)
      message(STATUS "weft: no MPI library found, so no weft::mpi target "
                     "(install libopenmpi-dev openmpi-bin for it)")
    endif()
  endif()
endmacro()
