#pragma once
// unpack(t, f): f(std::get<0>(t), std::get<1>(t), ...), as std::apply does,
// without what makes std::apply costly to instantiate (its noexcept
// specification and invoke_result): expression nodes unpack their operands
// many times per expression, and compile time is part of the product.
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace weft::detail {

template <class Tuple, class F, std::size_t... I>
constexpr decltype(auto) unpack_indices(Tuple&& t, F&& f, std::index_sequence<I...>) {
  return f(std::get<I>(static_cast<Tuple&&>(t))...);
}

template <class Tuple, class F>
constexpr decltype(auto) unpack(Tuple&& t, F&& f) {
  return unpack_indices(static_cast<Tuple&&>(t), f,
                        std::make_index_sequence<std::tuple_size_v<std::remove_reference_t<Tuple>>>{});
}

} // namespace weft::detail
