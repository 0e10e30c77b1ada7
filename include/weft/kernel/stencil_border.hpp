#pragma once
// What a stencil does where its neighbourhood leaves the array:
//   border::constant      Numba's @stencil default: the kernel is not applied
//                         there, those outputs get a value (0 unless given:
//                         border::constant(-1.0))
//   border::padded        the kernel is applied, reading a value (0 unless
//                         given) outside the array (scipy.ndimage "constant")
//   border::nearest       ... reading the nearest edge element (a a | a b c | c c)
//   border::reflect       ... reading the array mirrored at its edges, the
//                         edge repeated (b a | a b c | c b), scipy.ndimage
//                         "reflect", NumPy pad's "symmetric"
//   border::wrap          ... reading it periodically (b c | a b c | a b)
#include "weft/core/index.hpp"

namespace weft {

enum class border_kind { constant, padded, nearest, reflect, wrap };

struct stencil_border {
  border_kind kind = border_kind::constant;
  double value = 0;  // for constant and padded
  // The same mode with another value: weft::border::constant(-1.0).
  constexpr stencil_border operator()(double v) const { return {kind, v}; }
};

namespace border {
inline constexpr stencil_border constant{border_kind::constant, 0};
inline constexpr stencil_border padded{border_kind::padded, 0};
inline constexpr stencil_border nearest{border_kind::nearest, 0};
inline constexpr stencil_border reflect{border_kind::reflect, 0};
inline constexpr stencil_border wrap{border_kind::wrap, 0};
} // namespace border

namespace detail {

// Where index i (possibly outside [0, n)) reads from, for the modes that
// read inside the array (n > 0); any distance from the edge is allowed.
inline index_t border_index(index_t i, index_t n, border_kind kind) {
  if (i >= 0 && i < n) return i;
  switch (kind) {
    case border_kind::nearest: return i < 0 ? 0 : n - 1;
    case border_kind::wrap: return ((i % n) + n) % n;
    case border_kind::reflect: {
      const index_t period = 2 * n;
      const index_t m = ((i % period) + period) % period;
      return m < n ? m : period - 1 - m;
    }
    default: return i;  // constant and padded never read outside
  }
}

} // namespace detail
} // namespace weft
