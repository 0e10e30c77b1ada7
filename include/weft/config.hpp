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

// WEFT_SEPARATE_COMPILATION=1: the loops that every expression of a rank
// shares (an assignment's, a reduction's) are not compiled in this
// translation unit but in the one that includes
// <weft/separate_compilation.hpp> (CMake: weft_separate_compilation()).
// The copies weft_dispatch_sources compiles per instruction set keep their
// own. WEFT_LOOP_INSTANCE begins the explicit instantiations at the end of
// eval/traverse.hpp and reduce/engine.hpp: declarations here, definitions
// there (one list for both).
#if defined(WEFT_DEFINE_LOOPS) && WEFT_DEFINE_LOOPS
#define WEFT_LOOP_INSTANCES 1
#define WEFT_LOOP_INSTANCE template
#elif defined(WEFT_SEPARATE_COMPILATION) && WEFT_SEPARATE_COMPILATION && \
    !(defined(WEFT_DISPATCH_COPY) && WEFT_DISPATCH_COPY)
#define WEFT_LOOP_INSTANCES 1
#define WEFT_LOOP_INSTANCE extern template
#else
#define WEFT_LOOP_INSTANCES 0
#endif
