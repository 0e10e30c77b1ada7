#pragma once
// weft::box_range<N>: an N-dimensional box of indices [lo, hi) that oneTBB can
// split (it models TBB's Range: copyable, empty(), is_divisible(), and a
// splitting constructor). A box is split at the middle of its longest
// dimension (the outermost one on ties) until it holds at most `grain`
// indices, so 2-D and 3-D work is cut into near-square tiles rather than
// thin slabs.
#include <array>
#include <cstddef>

#include "weft/config.hpp"
#include "weft/core/index.hpp"
#include "weft/core/shape.hpp"

#if WEFT_USE_TBB
#include <oneapi/tbb/blocked_range.h>  // tbb::split
#endif

namespace weft {

namespace detail {
#if WEFT_USE_TBB
using split_tag = tbb::split;
#else
struct split_tag {};
#endif
} // namespace detail

template <std::size_t N>
  requires(N >= 1)
class box_range {
public:
  using corner_type = std::array<index_t, N>;

  // An empty box.
  constexpr box_range() = default;

  // The box [lo, hi); grain is the largest box not split further (>= 1).
  constexpr box_range(const corner_type& lo, const corner_type& hi, index_t grain = 1)
      : lo_(lo), hi_(hi), grain_(grain < 1 ? 1 : grain) {}
  // The box [0, extents).
  constexpr explicit box_range(const shape<N>& extents, index_t grain = 1)
      : lo_{}, hi_(extents.dims), grain_(grain < 1 ? 1 : grain) {}

  // TBB's splitting constructor: `other` keeps the lower half of its longest
  // dimension and the new box takes the upper half.
  constexpr box_range(box_range& other, detail::split_tag) : box_range(other) {
    const std::size_t d = other.longest();
    const index_t mid = other.lo_[d] + (other.hi_[d] - other.lo_[d]) / 2;
    other.hi_[d] = mid;
    lo_[d] = mid;
  }

  constexpr bool empty() const {
    for (std::size_t d = 0; d < N; ++d)
      if (hi_[d] <= lo_[d]) return true;
    return false;
  }
  // A box of more than `grain` indices has a dimension of extent >= 2.
  constexpr bool is_divisible() const { return volume() > grain_; }

  constexpr index_t volume() const {
    if (empty()) return 0;
    index_t v = 1;
    for (std::size_t d = 0; d < N; ++d) v *= hi_[d] - lo_[d];
    return v;
  }
  // The dimension a split cuts: the longest, the outermost on ties.
  constexpr std::size_t longest() const {
    std::size_t best = 0;
    for (std::size_t d = 1; d < N; ++d)
      if (extent(d) > extent(best)) best = d;
    return best;
  }

  constexpr index_t lo(std::size_t d) const { return lo_[d]; }
  constexpr index_t hi(std::size_t d) const { return hi_[d]; }
  constexpr index_t extent(std::size_t d) const { return hi_[d] - lo_[d]; }
  constexpr const corner_type& lo() const { return lo_; }
  constexpr const corner_type& hi() const { return hi_; }
  constexpr index_t grain() const { return grain_; }
  constexpr box_range with_grain(index_t g) const { return box_range(lo_, hi_, g); }

  static constexpr std::size_t rank() { return N; }

private:
  corner_type lo_{};
  corner_type hi_{};
  index_t grain_ = 1;
};

} // namespace weft
