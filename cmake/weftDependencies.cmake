# Finds what weft's target links against. Shared by the build tree and the
# installed package config so that both find the same things the same way.
macro(weft_find_dependencies use_tbb use_xsimd)
  if(${use_xsimd})
    # Debian 12's xsimd package config links a target `xtl` without finding it.
    find_package(xtl QUIET)
    find_package(xsimd REQUIRED)
  endif()
  if(${use_tbb})
    find_package(TBB REQUIRED COMPONENTS tbb)
  endif()
endmacro()
