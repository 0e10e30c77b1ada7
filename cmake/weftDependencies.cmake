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
