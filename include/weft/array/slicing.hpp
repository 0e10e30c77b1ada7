#pragma once
#include <concepts>
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

#include "weft/core/errors.hpp"
#include "weft/core/range.hpp"
#include "weft/core/shape.hpp"

namespace weft {

namespace detail {
// The reduction behind weft::all(x), defined in weft/reduce/reducer.hpp.
template <class E>
struct all_reduction;
} // namespace detail

// `weft::all` keeps a whole dimension in a slice (NumPy's `:`); called, it
// is NumPy's all(): weft::all(x), weft::all(x, axis), ... (reduce/reducer.hpp).
struct all_t {
  explicit constexpr all_t(int) {}
  template <class E, class... Args>
  auto operator()(E&& e, Args&&... args) const {
    return detail::all_reduction<E>{}(std::forward<E>(e), std::forward<Args>(args)...);
  }
  template <class E, std::size_t K, class... Args>
  auto operator()(E&& e, const int (&axes)[K], Args&&... args) const {
    return detail::all_reduction<E>{}(std::forward<E>(e), axes, std::forward<Args>(args)...);
  }
};
inline constexpr all_t all{0};

// `weft::newaxis` inserts a dimension of extent 1 (stride 0).
struct newaxis_t {
  explicit constexpr newaxis_t(int) {}
};
inline constexpr newaxis_t newaxis{0};

// An integer that selects one position of a dimension (bool is not one:
// NumPy reads a[True] as a mask).
template <class I>
concept index_like = std::integral<std::remove_cvref_t<I>> && !std::same_as<std::remove_cvref_t<I>, bool>;

// One argument of a slicing call a(...).
template <class A>
concept slice_arg = index_like<A> || std::same_as<std::remove_cvref_t<A>, range> ||
                    std::same_as<std::remove_cvref_t<A>, all_t> || std::same_as<std::remove_cvref_t<A>, newaxis_t>;

namespace detail {

template <class A>
inline constexpr bool is_newaxis = std::same_as<std::remove_cvref_t<A>, newaxis_t>;

// Dimensions of the source consumed by the arguments (all but newaxis).
template <class... A>
inline constexpr std::size_t consumed_dims = (std::size_t{0} + ... + (is_newaxis<A> ? 0 : 1));

// Rank of a(args...) for a source of rank N: integers drop a dimension,
// newaxis adds one, dimensions not named stay.
template <std::size_t N, class... A>
inline constexpr std::size_t sliced_rank =
    N - (std::size_t{0} + ... + (index_like<A> ? 1 : 0)) + (std::size_t{0} + ... + (is_newaxis<A> ? 1 : 0));

inline index_t normalize_index(index_t i, index_t n, std::size_t axis) {
  const index_t j = i < 0 ? i + n : i;
  if (j < 0 || j >= n)
    throw index_error("index " + std::to_string(i) + " is out of bounds for axis " + std::to_string(axis) +
                      " with size " + std::to_string(n));
  return j;
}

// The layout of a slice: offset from the source's first element, shape, strides.
template <std::size_t M>
struct slice_layout {
  index_t offset = 0;
  shape<M> extents;
  strides_t<M> strides{};
};

template <std::size_t N, class... A>
  requires(consumed_dims<A...> <= N)
slice_layout<sliced_rank<N, A...>> slice(const shape<N>& s, const strides_t<N>& st, const A&... args) {
  constexpr std::size_t M = sliced_rank<N, A...>;
  slice_layout<M> out;
  std::size_t src = 0, dst = 0;
  auto one = [&](const auto& arg) {
    using Arg = std::remove_cvref_t<decltype(arg)>;
    if constexpr (index_like<Arg>) {
      out.offset += normalize_index(static_cast<index_t>(arg), s[src], src) * st[src];
      ++src;
    } else if constexpr (std::same_as<Arg, range>) {
      const resolved_range r = resolve(arg, s[src]);
      if (r.count > 0) out.offset += r.first * st[src];
      out.extents[dst] = r.count;
      // An axis of at most one element never uses its stride: keep the
      // source's, so a huge step cannot overflow the product.
      out.strides[dst] = r.count > 1 ? st[src] * r.step : st[src];
      ++src, ++dst;
    } else if constexpr (std::same_as<Arg, all_t>) {
      out.extents[dst] = s[src];
      out.strides[dst] = st[src];
      ++src, ++dst;
    } else {
      out.extents[dst] = 1;
      out.strides[dst] = 0;
      ++dst;
    }
  };
  (one(args), ...);
  for (; src < N; ++src, ++dst) {
    out.extents[dst] = s[src];
    out.strides[dst] = st[src];
  }
  return out;
}

} // namespace detail
} // namespace weft
