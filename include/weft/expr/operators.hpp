#pragma once
#include <cstddef>
#include <type_traits>
#include <utility>

#include "weft/array/evaluate_fwd.hpp"
#include "weft/expr/functions.hpp"

// C++ operators on expressions. Each builds a lazy node; at least one operand
// must be a weft::expression, the other may be a scalar.
namespace weft {

namespace detail {
template <class A, class B>
concept binary_operands = operand<A> && operand<B> && (expression<A> || expression<B>);
} // namespace detail


template <class A, class B>
  requires detail::binary_operands<A, B>
auto operator+(A&& a, B&& b) {
  return detail::make_map(ops::add{}, std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires detail::binary_operands<A, B>
auto operator-(A&& a, B&& b) {
  return detail::make_map(ops::subtract{}, std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires detail::binary_operands<A, B>
auto operator*(A&& a, B&& b) {
  return detail::make_map(ops::multiply{}, std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires detail::binary_operands<A, B>
auto operator/(A&& a, B&& b) {
  return detail::make_map(ops::true_divide{}, std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires detail::binary_operands<A, B>
auto operator%(A&& a, B&& b) {
  return detail::make_map(ops::remainder{}, std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires detail::binary_operands<A, B>
auto operator==(A&& a, B&& b) {
  return detail::make_map(ops::equal{}, std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires detail::binary_operands<A, B>
auto operator!=(A&& a, B&& b) {
  return detail::make_map(ops::not_equal{}, std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires detail::binary_operands<A, B>
auto operator<(A&& a, B&& b) {
  return detail::make_map(ops::less{}, std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires detail::binary_operands<A, B>
auto operator<=(A&& a, B&& b) {
  return detail::make_map(ops::less_equal{}, std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires detail::binary_operands<A, B>
auto operator>(A&& a, B&& b) {
  return detail::make_map(ops::greater{}, std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires detail::binary_operands<A, B>
auto operator>=(A&& a, B&& b) {
  return detail::make_map(ops::greater_equal{}, std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires detail::binary_operands<A, B>
auto operator&&(A&& a, B&& b) {
  return detail::make_map(ops::logical_and{}, std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires detail::binary_operands<A, B>
auto operator||(A&& a, B&& b) {
  return detail::make_map(ops::logical_or{}, std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires detail::binary_operands<A, B>
auto operator&(A&& a, B&& b) {
  return detail::make_map(ops::bitwise_and{}, std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires detail::binary_operands<A, B>
auto operator|(A&& a, B&& b) {
  return detail::make_map(ops::bitwise_or{}, std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires detail::binary_operands<A, B>
auto operator^(A&& a, B&& b) {
  return detail::make_map(ops::bitwise_xor{}, std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires detail::binary_operands<A, B>
auto operator<<(A&& a, B&& b) {
  return detail::make_map(ops::left_shift{}, std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires detail::binary_operands<A, B>
auto operator>>(A&& a, B&& b) {
  return detail::make_map(ops::right_shift{}, std::forward<A>(a), std::forward<B>(b));
}

template <expression A>
auto operator-(A&& a) {
  return detail::make_map(ops::negative{}, std::forward<A>(a));
}
template <expression A>
auto operator+(A&& a) {
  return detail::make_map(ops::cast_to<typename detail::node_t<A>::value_type>{}, std::forward<A>(a));
}
template <expression A>
auto operator!(A&& a) {
  return detail::make_map(ops::logical_not{}, std::forward<A>(a));
}
template <expression A>
auto operator~(A&& a) {
  return detail::make_map(ops::invert{}, std::forward<A>(a));
}

namespace detail {
// The operators live in weft; nodes live in weft::detail. These make
// argument-dependent lookup find them from a node too.
using weft::operator+, weft::operator-, weft::operator*, weft::operator/, weft::operator%, weft::operator==,
    weft::operator!=, weft::operator<, weft::operator<=, weft::operator>, weft::operator>=, weft::operator&&,
    weft::operator||, weft::operator&, weft::operator|, weft::operator^, weft::operator<<, weft::operator>>,
    weft::operator!, weft::operator~;

template <class T, std::size_t N, class E>
void compound_assign(const view<T, N>& dst, E&& expr) {
  using R = typename std::remove_cvref_t<E>::value_type;
  static_assert(same_kind_castable<T, R>,
                "weft: cannot store this result in the array (NumPy's same_kind rule, e.g. float into int); "
                "use weft::astype<T>(...) on the right-hand side");
  evaluate_into(dst, expr, auto_policy);
}
} // namespace detail

// Compound assignment on arrays and views: a += b is a = a + b, in place,
// fused, with b broadcast to a's shape.
template <class T, std::size_t N, operand E>
ndarray<T, N>& operator+=(ndarray<T, N>& a, E&& e) {
  detail::compound_assign(a.as_view(), a + std::forward<E>(e));
  return a;
}
template <class T, std::size_t N, operand E>
ndarray<T, N>& operator-=(ndarray<T, N>& a, E&& e) {
  detail::compound_assign(a.as_view(), a - std::forward<E>(e));
  return a;
}
template <class T, std::size_t N, operand E>
ndarray<T, N>& operator*=(ndarray<T, N>& a, E&& e) {
  detail::compound_assign(a.as_view(), a * std::forward<E>(e));
  return a;
}
template <class T, std::size_t N, operand E>
ndarray<T, N>& operator/=(ndarray<T, N>& a, E&& e) {
  detail::compound_assign(a.as_view(), a / std::forward<E>(e));
  return a;
}
template <class T, std::size_t N, operand E>
const view<T, N>& operator+=(const view<T, N>& a, E&& e) {
  detail::compound_assign(a, a + std::forward<E>(e));
  return a;
}
template <class T, std::size_t N, operand E>
const view<T, N>& operator-=(const view<T, N>& a, E&& e) {
  detail::compound_assign(a, a - std::forward<E>(e));
  return a;
}
template <class T, std::size_t N, operand E>
const view<T, N>& operator*=(const view<T, N>& a, E&& e) {
  detail::compound_assign(a, a * std::forward<E>(e));
  return a;
}
template <class T, std::size_t N, operand E>
const view<T, N>& operator/=(const view<T, N>& a, E&& e) {
  detail::compound_assign(a, a / std::forward<E>(e));
  return a;
}

} // namespace weft
