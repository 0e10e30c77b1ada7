# Finds what weft's target links against. Shared by the build tree and the
# installed package config (installed beside weftConfig.cmake) so that both
# find the same things the same way.
#
# weft_find_dependencies(use_tbb use_xsimd)
#
# In the build tree a missing dependency stops the configure step
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

macro(weft_find_dependencies use_tbb use_xsimd)
  if(${use_xsimd})
    # Debian 12's xsimd package config links a target `xtl` without finding
    # it; newer xsimd releases do not need xtl at all.
    find_package(xtl QUIET)
    _weft_find_one(xsimd)
  endif()
  if(${use_tbb})
    _weft_find_one(TBB COMPONENTS tbb)
  endif()
endmacro()
