#pragma once
#include "weft/core/index.hpp"

namespace weft {

// How a loop, an assignment or a reduction may run. Pass one of the named
// values below; `.with_grain(g)` sets the smallest number of iterations one
// thread takes at a time.
//
//   seq          one thread, scalar code
//   simd         one thread, SIMD lanes where the loop allows
//   par          threads even for small work (split down to the grain), scalar
//   par_simd     threads and SIMD lanes
//   auto_policy  SIMD where possible, threads only when the work is worth it
//                (the default everywhere)
//
// Every policy gives the same values; reductions are bit-identical.
struct execution_policy {
  bool threads = true;    // may run on several threads
  bool simd = true;       // may run on SIMD lanes
  bool automatic = true;  // decide threads by the cost of the work
  index_t grain = 0;      // 0: weft chooses

  constexpr execution_policy with_grain(index_t g) const {
    execution_policy p = *this;
    p.grain = g;
    return p;
  }
  friend constexpr bool operator==(const execution_policy&, const execution_policy&) = default;
};

inline constexpr execution_policy seq{false, false, false, 0};
inline constexpr execution_policy simd{false, true, false, 0};
inline constexpr execution_policy par{true, false, false, 0};
inline constexpr execution_policy par_simd{true, true, false, 0};
inline constexpr execution_policy auto_policy{true, true, true, 0};

} // namespace weft
