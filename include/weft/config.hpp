#pragma once
// Feature switches. The CMake target defines WEFT_USE_TBB and WEFT_USE_XSIMD;
// a build without CMake gets the defaults below. Every translation unit of a
// program must see the same values (they change which code is compiled).
#include "weft/version.hpp"

#ifndef WEFT_USE_TBB
#define WEFT_USE_TBB 1
#endif

#ifndef WEFT_USE_XSIMD
#define WEFT_USE_XSIMD 1
#endif

// WEFT_USE_BLAS=1: weft::matmul calls cblas_dgemm/cblas_sgemm (include
// <cblas.h> and link a BLAS); the CMake target sets it when it finds one.
#ifndef WEFT_USE_BLAS
#define WEFT_USE_BLAS 0
#endif

// WEFT_BOUNDS_CHECK=1 makes a(i, j) check its indices like a.at(i, j) does.
#ifndef WEFT_BOUNDS_CHECK
#define WEFT_BOUNDS_CHECK 0
#endif
