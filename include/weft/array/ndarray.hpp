#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <type_traits>
#include <utility>

#include "weft/array/aligned_buffer.hpp"
#include "weft/array/nested_list.hpp"
#include "weft/array/view.hpp"
#include "weft/core/element.hpp"
#include "weft/core/shape.hpp"

namespace weft {

// Leaves the elements of a new array uninitialized (weft::empty).
struct uninitialized_t {
  explicit constexpr uninitialized_t(int) {}
};
inline constexpr uninitialized_t uninitialized{0};

// An owning N-dimensional array: row-major, 64-byte aligned, a value type
// (copies are deep, moves are cheap and leave an empty array behind).
// Indexing, slicing and layout functions are those of weft::view and return
// views into this array's storage.
template <element Elem, std::size_t N>
class ndarray {
public:
  using value_type = Elem;
  using reference = Elem&;
  using pointer = Elem*;
  using shape_type = weft::shape<N>;
  using strides_type = strides_t<N>;
  using iterator = Elem*;
  using const_iterator = const Elem*;
  static constexpr std::size_t rank = N;

  // An empty array (every extent 0; a 0-d array holds one zero).
  ndarray() : ndarray(shape_type{}) {}

  // An array of the given shape, zero-filled (weft::empty skips the fill).
  explicit ndarray(const shape_type& s) : ndarray(s, uninitialized) { std::fill_n(data(), size(), Elem{}); }
  ndarray(const shape_type& s, const Elem& value) : ndarray(s, uninitialized) { std::fill_n(data(), size(), value); }
  ndarray(const shape_type& s, uninitialized_t)
      : buffer_(checked_size(s)), shape_(s), strides_(row_major_strides(s)) {}

  // From nested braces: ndarray<double, 2>{{1, 2}, {3, 4}}.
  ndarray(nested_list<Elem, N> values)
    requires(N > 0)
      : ndarray(extents_of(values), uninitialized) {
    detail::nested_copy<0, Elem, N>(values, data());
  }

  // A copy of any view (converting the element type).
  template <class U>
  ndarray(const view<U, N>& src) : ndarray(src.shape(), uninitialized) {
    detail::strided_copy(data(), strides_, src.data(), src.strides(), shape_);
  }
  template <class U>
    requires(!std::same_as<U, Elem>)
  explicit ndarray(const ndarray<U, N>& src) : ndarray(src.as_view()) {}

  // The values of a lazy expression (of the same rank), computed in one
  // fused pass: ndarray<double, 1> out = weft::sin(a) * weft::cos(b);
  template <detail::lazy_expression E>
    requires(std::remove_cvref_t<E>::rank == N)
  ndarray(const E& expr, const execution_policy& policy = auto_policy) : ndarray(expr.shape(), uninitialized) {
    detail::evaluate_into(as_view(), expr, policy);
  }

  // A temporary expression whose only operand is a temporary array of this
  // type and shape (ndarray d = weft::sqrt(weft::sum(x, 1))) is evaluated
  // into that array's memory, which this array then takes: one pass, no
  // second allocation.
  template <detail::lazy_expression E>
    requires(std::remove_cvref_t<E>::rank == N && !std::is_lvalue_reference_v<E>)
  ndarray(E&& expr, const execution_policy& policy = auto_policy) : ndarray(from_temporary(expr, policy)) {}

  // A kernel with several outputs (a vectorize kernel returning a tuple) is
  // not one array: say how to take its outputs.
  template <class E>
    requires requires { typename std::remove_cvref_t<E>::weft_multi_output_node; }
  ndarray(E&&) {
    static_assert(sizeof(E) == 0, "weft: an expression with several outputs is not one array: write "
                                  "weft::assign(std::tie(a, b), kernel(...)) or auto [a, b] = weft::eval(kernel(...))");
  }
  template <class E>
    requires requires { typename std::remove_cvref_t<E>::weft_multi_output_node; }
  ndarray& operator=(E&&) {
    static_assert(sizeof(E) == 0, "weft: an expression with several outputs is not one array: write "
                                  "weft::assign(std::tie(a, b), kernel(...)) or auto [a, b] = weft::eval(kernel(...))");
    return *this;
  }

  ndarray(const ndarray&) = default;
  ndarray(ndarray&& other) noexcept
      : buffer_(std::move(other.buffer_)), shape_(std::exchange(other.shape_, shape_type{})),
        strides_(std::exchange(other.strides_, strides_type{})) {
  }
  ndarray& operator=(const ndarray& other) {
    if (this != &other) *this = ndarray(other);
    return *this;
  }
  ndarray& operator=(ndarray&& other) noexcept {
    std::swap(buffer_, other.buffer_);
    std::swap(shape_, other.shape_);
    std::swap(strides_, other.strides_);
    return *this;
  }
  // Becomes a copy of the view's elements, taking its shape (value semantics;
  // safe when the view looks into this array).
  template <class U>
  ndarray& operator=(const view<U, N>& src) {
    return *this = ndarray(src);
  }

  // Takes the expression's values and shape. An expression of the same shape
  // is evaluated in place (the evaluator copes with sources that overlap).
  template <detail::lazy_expression E>
    requires(std::remove_cvref_t<E>::rank == N)
  ndarray& operator=(const E& expr) {
    if (expr.shape() == shape_) detail::evaluate_into(as_view(), expr, auto_policy);
    else *this = ndarray(expr);
    return *this;
  }

  Elem* data() { return buffer_.data(); }
  const Elem* data() const { return buffer_.data(); }
  const shape_type& shape() const { return shape_; }
  const strides_type& strides() const { return strides_; }
  index_t size() const { return size_of(shape_); }
  bool empty() const { return size() == 0; }
  index_t extent(std::size_t axis) const { return shape_[axis]; }

  weft::view<Elem, N> as_view() { return {data(), shape_, strides_}; }
  weft::view<const Elem, N> as_view() const { return {data(), shape_, strides_}; }
  operator weft::view<Elem, N>() { return as_view(); }
  operator weft::view<const Elem, N>() const { return as_view(); }

  // Element access, slicing and layout: see weft::view. On an lvalue they
  // return views into this array; on a temporary they return arrays (or
  // values), so `auto r = make()(weft::all, 0);` never dangles and
  // `arange(12).reshape({3, 4})` moves the storage instead of copying it.
  template <class... A>
    requires requires(weft::view<Elem, N> v, const A&... a) { v(a...); }
  decltype(auto) operator()(const A&... args) & {
    return as_view()(args...);
  }
  template <class... A>
    requires requires(weft::view<const Elem, N> v, const A&... a) { v(a...); }
  decltype(auto) operator()(const A&... args) const& {
    return as_view()(args...);
  }
  template <class... A>
    requires requires(weft::view<const Elem, N> v, const A&... a) { v(a...); }
  auto operator()(const A&... args) && {
    return owned(as_view()(args...));
  }
  template <index_like... I>
  Elem& at(I... i) & {
    return as_view().at(i...);
  }
  template <index_like... I>
  const Elem& at(I... i) const& {
    return as_view().at(i...);
  }
  template <index_like... I>
  Elem at(I... i) && {
    return as_view().at(i...);
  }

  weft::view<Elem, N> transpose() & { return as_view().transpose(); }
  weft::view<const Elem, N> transpose() const& { return as_view().transpose(); }
  ndarray transpose() && { return owned(as_view().transpose()); }
  weft::view<Elem, N> T() & { return transpose(); }
  weft::view<const Elem, N> T() const& { return transpose(); }
  ndarray T() && { return owned(as_view().transpose()); }
  weft::view<Elem, N> transpose(const std::array<std::size_t, N>& axes) & { return as_view().transpose(axes); }
  weft::view<const Elem, N> transpose(const std::array<std::size_t, N>& axes) const& {
    return as_view().transpose(axes);
  }
  ndarray transpose(const std::array<std::size_t, N>& axes) && { return owned(as_view().transpose(axes)); }

  template <std::size_t M>
  weft::view<Elem, M> reshape(const weft::shape<M>& s) & {
    return as_view().reshape(s);
  }
  template <std::size_t M>
  weft::view<const Elem, M> reshape(const weft::shape<M>& s) const& {
    return as_view().reshape(s);
  }
  template <std::size_t M>
  ndarray<Elem, M> reshape(const weft::shape<M>& s) && {
    const weft::shape<M> to = detail::resolve_reshape(shape_, s);
    shape_ = shape_type{};
    strides_ = strides_type{};
    return ndarray<Elem, M>(std::move(buffer_), to);
  }
  template <std::size_t M>
  decltype(auto) reshape(const weft::extent (&s)[M]) & {
    return reshape(detail::to_shape(s));
  }
  template <std::size_t M>
  decltype(auto) reshape(const weft::extent (&s)[M]) const& {
    return reshape(detail::to_shape(s));
  }
  template <std::size_t M>
  ndarray<Elem, M> reshape(const weft::extent (&s)[M]) && {
    return std::move(*this).reshape(detail::to_shape(s));
  }
  weft::view<Elem, 1> ravel() & { return as_view().ravel(); }
  weft::view<const Elem, 1> ravel() const& { return as_view().ravel(); }
  ndarray<Elem, 1> ravel() && { return std::move(*this).reshape(weft::shape<1>{size()}); }

  weft::view<Elem, 1> diagonal(index_t k = 0) &
    requires(N == 2)
  {
    return as_view().diagonal(k);
  }
  weft::view<const Elem, 1> diagonal(index_t k = 0) const&
    requires(N == 2)
  {
    return as_view().diagonal(k);
  }
  ndarray<Elem, 1> diagonal(index_t k = 0) &&
    requires(N == 2)
  {
    return owned(as_view().diagonal(k));
  }

  std::span<Elem> as_span() &
    requires(N == 1)
  {
    return as_view().as_span();
  }
  std::span<const Elem> as_span() const&
    requires(N == 1)
  {
    return as_view().as_span();
  }
  std::span<const Elem> as_span() && = delete;  // would dangle

  void fill(const Elem& value) { std::fill_n(data(), size(), value); }

  Elem* begin() { return data(); }
  Elem* end() { return data() + size(); }
  const Elem* begin() const { return data(); }
  const Elem* end() const { return data() + size(); }

private:
  template <class E>
  static ndarray from_temporary(E& expr, const execution_policy& policy) {
    if (ndarray* operand = detail::reusable_operand<Elem, N>(expr)) {
      detail::evaluate_into(operand->as_view(), expr, policy);
      return std::move(*operand);
    }
    return ndarray(std::as_const(expr), policy);
  }

  template <element, std::size_t>
  friend class ndarray;

  // Adopts storage already holding size_of(s) elements.
  ndarray(detail::aligned_buffer<Elem>&& buffer, const shape_type& s)
      : buffer_(std::move(buffer)), shape_(s), strides_(row_major_strides(s)) {}

  // A copy of what a slice of a temporary refers to.
  template <class V>
  static auto owned(const V& x) {
    if constexpr (std::is_arithmetic_v<std::remove_cvref_t<V>>) return x;
    else return ndarray<Elem, std::remove_cvref_t<V>::rank>(x);
  }

  static shape_type extents_of(const nested_list<Elem, N>& values) {
    shape_type s;
    detail::nested_extents<0, Elem, N>(values, s, true);
    return s;
  }

  detail::aligned_buffer<Elem> buffer_;
  shape_type shape_{};
  strides_type strides_{};
};

template <class T, std::size_t N>
ndarray(const view<T, N>&) -> ndarray<std::remove_const_t<T>, N>;
template <detail::lazy_expression E>
ndarray(const E&) -> ndarray<typename E::value_type, E::rank>;

} // namespace weft
