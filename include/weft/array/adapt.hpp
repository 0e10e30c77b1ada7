#pragma once
#include <concepts>
#include <cstddef>
#include <iterator>
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

namespace detail {
// What adapt(r) takes: a range with data() and size() (std::vector,
// std::array, std::span, std::string, a C array). Spelled with std::data
// and std::size rather than std::ranges::contiguous_range, whose header
// costs every translation unit more than the rest of weft's own code.
template <class R>
concept contiguous_container = requires(R& r) {
  { std::data(r) } -> std::convertible_to<const volatile void*>;
  { std::size(r) } -> std::convertible_to<std::size_t>;
};
// Ranges that do not own their elements, so a temporary one may be adapted.
template <class R>
inline constexpr bool borrows_elements = false;
template <class T, std::size_t E>
inline constexpr bool borrows_elements<std::span<T, E>> = true;
} // namespace detail

// A 1-D view of a contiguous range held by the caller (std::vector,
// std::array, std::span, a C array). Temporaries are refused: they would
// dangle (a temporary std::span is fine: it owns nothing).
template <class R>
  requires detail::contiguous_container<std::remove_reference_t<R>> &&
           (std::is_lvalue_reference_v<R> || detail::borrows_elements<std::remove_cvref_t<R>>)
auto adapt(R&& r) {
  return adapt(std::data(r), shape<1>{static_cast<index_t>(std::size(r))});
}

} // namespace weft
