#pragma once
// An operand of a kernel method (ufunc.reduce, guvectorize, stencil) seen as
// a read-only strided view: lvalue arrays and views are read in place;
// temporary arrays are kept alive by the holder; lazy expressions are
// evaluated once into an array the holder owns; a C++ scalar becomes a 0-d
// array.
#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>

#include "weft/array/ndarray.hpp"
#include "weft/array/view.hpp"
#include "weft/core/policy.hpp"
#include "weft/eval/eval.hpp"
#include "weft/expr/expression.hpp"

namespace weft::detail {

template <class T, std::size_t N>
class readable {
public:
  using value_type = T;
  static constexpr std::size_t rank = N;

  explicit readable(view<const T, N> v) : borrowed_(v) {}
  explicit readable(ndarray<T, N>&& a) : owned_(std::move(a)) {}

  view<const T, N> get() const { return owned_ ? owned_->as_view() : borrowed_; }

  // The same elements in a C-contiguous layout (copied only when needed).
  readable contiguous() && {
    const view<const T, N> v = get();
    if (v.is_contiguous()) return std::move(*this);
    return readable(ndarray<T, N>(v));
  }

private:
  std::optional<ndarray<T, N>> owned_;
  view<const T, N> borrowed_{};
};

template <class E>
auto read_operand(E&& e, const execution_policy& policy) {
  using D = std::remove_cvref_t<E>;
  if constexpr (std::is_arithmetic_v<D>) {
    return readable<D, 0>(ndarray<D, 0>(weft::shape<0>{}, e));
  } else if constexpr (is_array_or_view<D>::value) {
    using T = std::remove_const_t<typename D::value_type>;
    if constexpr (std::is_same_v<D, ndarray<T, D::rank>> && !std::is_lvalue_reference_v<E>)
      return readable<T, D::rank>(std::move(e));
    else
      return readable<T, D::rank>(view<const T, D::rank>(e.as_view()));
  } else {
    auto a = weft::eval(std::forward<E>(e), policy);
    using A = decltype(a);
    return readable<typename A::value_type, A::rank>(std::move(a));
  }
}

template <class E>
using readable_t = decltype(read_operand(std::declval<E>(), auto_policy));

} // namespace weft::detail
