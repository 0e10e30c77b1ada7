#pragma once
// The loops that every expression of a rank shares, compiled in this
// translation unit for all those built with WEFT_SEPARATE_COMPILATION=1
// (weft/config.hpp), which then only compile their expressions' kernels.
// Include it in one source file of the program, before any other weft
// header, built with the same instruction-set flags and WEFT_USE_* switches
// as the others (a mismatch does not link: the loops' symbols name the
// lanes and the thread backend). CMake's weft_separate_compilation(NAME)
// makes such a library.
#ifdef WEFT_LOOP_INSTANCES
#error "weft: include <weft/separate_compilation.hpp> before any other weft header"
#endif
#define WEFT_DEFINE_LOOPS 1
#include "weft/weft.hpp"
