#pragma once
#include <cstddef>
#include <ranges>
#include <span>
#include <type_traits>

#include "weft/array/view.hpp"
#include "weft/core/errors.hpp"

// Views over memory the caller owns. The caller keeps the memory alive for as
// long as the view is used.
namespace weft {

template <class T, std::size_t N>
view<T, N> adapt(T* data, const shape<N>& s, const strides_t<N>& st) {
  const index_t n = checked_size(s);
  if (data == nullptr && n > 0)
    throw value_error("adapt: null pointer for " + std::to_string(n) + " elements of shape " + to_string(s));
  return view<T, N>(data, s, st);
}

template <class T, std::size_t N>
view<T, N> adapt(T* data, const shape<N>& s) {
  return adapt(data, s, row_major_strides(s));
}
template <class T, std::size_t N>
view<T, N> adapt(T* data, const weft::extent (&s)[N]) {
  return adapt(data, detail::to_shape(s));
}

// A 1-D view of a contiguous range held by the caller (std::vector,
// std::array, std::span, a C array). Temporaries are refused: they would dangle.
template <std::ranges::contiguous_range R>
  requires(std::is_lvalue_reference_v<R> || std::ranges::borrowed_range<R>)
auto adapt(R&& r) {
  return adapt(std::ranges::data(r), shape<1>{static_cast<index_t>(std::ranges::size(r))});
}

} // namespace weft
