#pragma once
#include <array>
#include <concepts>
#include <cstddef>
#include <span>
#include <string>
#include <type_traits>

#include "weft/array/aligned_buffer.hpp"
#include "weft/array/evaluate_fwd.hpp"
#include "weft/array/layout.hpp"
#include "weft/array/slicing.hpp"
#include "weft/array/strided_copy.hpp"
#include "weft/array/strided_iterator.hpp"
#include "weft/config.hpp"
#include "weft/core/broadcast.hpp"
#include "weft/core/element.hpp"
#include "weft/core/errors.hpp"
#include "weft/core/shape.hpp"

namespace weft {

template <element Elem, std::size_t N>
class view;

// A non-owning, strided window on N-dimensional data, like std::span: a
// pointer to the element at index (0, ..., 0), a shape and strides counted in
// elements (any sign, zero included). Copying a view copies the window, never
// the data; `v = x` writes x into the elements (it does not rebind), as
// `a(weft::all, 1) = b` needs.
template <element Elem, std::size_t N>
class view {
public:
  using value_type = std::remove_const_t<Elem>;
  using element_type = Elem;
  using reference = Elem&;
  using pointer = Elem*;
  using shape_type = weft::shape<N>;
  using strides_type = strides_t<N>;
  using iterator = strided_iterator<Elem, N>;
  static constexpr std::size_t rank = N;

  view() = default;
  view(const view&) = default;
  view(Elem* data, const shape_type& s, const strides_type& st) : data_(data), shape_(s), strides_(st) {}
  view(Elem* data, const shape_type& s) : data_(data), shape_(s), strides_(row_major_strides(s)) {}

  // A view of mutable data converts to a view of const data.
  template <class U>
    requires(std::is_const_v<Elem> && std::same_as<const U, Elem> && !std::same_as<U, Elem>)
  view(const view<U, N>& other) : view(other.data(), other.shape(), other.strides()) {}

  // std::span in, for 1-D.
  template <class U, std::size_t E>
    requires(N == 1 && std::convertible_to<U (*)[], Elem (*)[]>)
  view(std::span<U, E> s) : view(s.data(), shape_type{static_cast<index_t>(s.size())}) {}

  Elem* data() const { return data_; }
  const shape_type& shape() const { return shape_; }
  const strides_type& strides() const { return strides_; }
  index_t size() const { return size_of(shape_); }
  bool empty() const { return size() == 0; }
  index_t extent(std::size_t axis) const { return shape_[axis]; }
  bool is_contiguous() const { return is_row_major_contiguous(shape_, strides_); }

  // Element access with N integers. Unchecked unless WEFT_BOUNDS_CHECK is on;
  // negative indices are not wrapped here (use at() or slicing for that).
  template <index_like... I>
    requires(sizeof...(I) == N)
  Elem& operator()(I... i) const {
#if WEFT_BOUNDS_CHECK
    check_bounds({static_cast<index_t>(i)...});
#endif
    return data_[offset_of({static_cast<index_t>(i)...})];
  }

  // Checked element access: negative indices count from the end like
  // NumPy's; an index out of range throws index_error.
  template <index_like... I>
    requires(sizeof...(I) == N)
  Elem& at(I... i) const {
    std::array<index_t, N> idx{static_cast<index_t>(i)...};
    for (std::size_t k = 0; k < N; ++k) {
      if (idx[k] < -shape_[k] || idx[k] >= shape_[k])
        throw index_error("index " + format_tuple(idx) + " is out of bounds for array of shape " +
                          to_string(shape_) + " (axis " + std::to_string(k) + " has size " +
                          std::to_string(shape_[k]) + ")");
      if (idx[k] < 0) idx[k] += shape_[k];
    }
    return data_[offset_of(idx)];
  }

  // Slicing like NumPy: integers (drop the dimension, negative from the end),
  // weft::range(start, stop, step), weft::all, weft::newaxis. Dimensions not
  // named are kept whole.
  template <slice_arg... A>
    requires(!(index_like<A> && ...) || sizeof...(A) != N)
  auto operator()(const A&... args) const {
    static_assert(detail::consumed_dims<A...> <= N, "weft: too many indices for the rank of this array");
    auto l = detail::slice(shape_, strides_, args...);
    constexpr std::size_t M = detail::sliced_rank<N, A...>;
    Elem* p = size_of(l.extents) > 0 ? data_ + l.offset : data_;
    return view<Elem, M>(p, l.extents, l.strides);
  }

  // Reversed axes (NumPy's a.Elem), or the axes in a given order.
  view transpose() const {
    shape_type s;
    strides_type st;
    for (std::size_t k = 0; k < N; ++k) s[k] = shape_[N - 1 - k], st[k] = strides_[N - 1 - k];
    return view(data_, s, st);
  }
  view T() const { return transpose(); }
  view transpose(const std::array<std::size_t, N>& axes) const {
    detail::check_permutation(axes);
    shape_type s;
    strides_type st;
    for (std::size_t k = 0; k < N; ++k) s[k] = shape_[axes[k]], st[k] = strides_[axes[k]];
    return view(data_, s, st);
  }

  // The same elements seen with another shape (one extent may be -1). A view
  // cannot copy: when the strides do not allow the new shape this throws
  // shape_error; copy into an ndarray first.
  template <std::size_t M>
  view<Elem, M> reshape(const weft::shape<M>& requested) const {
    const weft::shape<M> s = detail::resolve_reshape(shape_, requested);
    auto st = detail::reshape_strides(shape_, strides_, s);
    if (!st)
      throw shape_error("cannot reshape a view of shape " + to_string(shape_) + " and strides " +
                        format_tuple(strides_) + " into shape " + to_string(requested) +
                        " without copying; copy it into a weft::ndarray first");
    return view<Elem, M>(data_, s, *st);
  }
  template <std::size_t M>
  view<Elem, M> reshape(const weft::extent (&requested)[M]) const {
    return reshape(detail::to_shape(requested));
  }

  // All elements as 1-D, when the layout allows it without copying.
  view<Elem, 1> ravel() const { return reshape(weft::shape<1>{size()}); }

  // The k-th diagonal of a matrix (k > 0 above the main one), writable.
  view<Elem, 1> diagonal(index_t k = 0) const
    requires(N == 2)
  {
    const auto d = detail::diagonal_of(shape_, strides_, k);
    return view<Elem, 1>(d.length > 0 ? data_ + d.offset : data_, weft::shape<1>{d.length}, {d.stride});
  }

  // std::span out, for contiguous 1-D views.
  std::span<Elem> as_span() const
    requires(N == 1)
  {
    if (shape_[0] > 1 && strides_[0] != 1)
      throw value_error("as_span needs a contiguous view, this one has stride " + std::to_string(strides_[0]));
    return std::span<Elem>(data_, static_cast<std::size_t>(shape_[0]));
  }

  iterator begin() const { return iterator(data_, shape_, strides_, 0); }
  iterator end() const { return iterator(data_, shape_, strides_, size()); }

  // Writes a value into every element.
  void fill(const value_type& value) const
    requires(!std::is_const_v<Elem>)
  {
    detail::strided_fill(data_, strides_, shape_, value);
  }

  // Writes the elements of `src` (broadcast to this shape, converted to Elem).
  // Safe when src overlaps this view: it is copied aside first.
  template <class U, std::size_t M>
    requires(!std::is_const_v<Elem>)
  void assign(const view<U, M>& src) const {
    const strides_type sst = broadcast_strides(src.shape(), src.strides(), shape_);
    if (size() == 0) return;
    const auto mine = detail::span_of(data_, shape_, strides_);
    const auto theirs = detail::span_of(src.data(), src.shape(), src.strides());
    const bool same_layout = static_cast<const void*>(src.data()) == static_cast<const void*>(data_) &&
                             std::same_as<std::remove_const_t<U>, value_type> && sst == strides_;
    if (same_layout) return;  // a = a
    if (detail::overlaps(mine, theirs)) {
      detail::aligned_buffer<std::remove_const_t<U>> copy(src.size());  // (not std::vector: bool)
      const auto dense = row_major_strides(src.shape());
      detail::strided_copy(copy.data(), dense, src.data(), src.strides(), src.shape());
      const strides_type cst = broadcast_strides(src.shape(), dense, shape_);
      detail::strided_copy(data_, strides_, copy.data(), cst, shape_);
      return;
    }
    detail::strided_copy(data_, strides_, src.data(), sst, shape_);
  }

  const view& operator=(const view& src) const
    requires(!std::is_const_v<Elem>)
  {
    assign(src);
    return *this;
  }
  template <class Src>
    requires(!std::is_const_v<Elem> && requires(const Src& s) { s.as_view(); })
  const view& operator=(const Src& src) const {
    assign(src.as_view());
    return *this;
  }
  template <class U, std::size_t M>
    requires(!std::is_const_v<Elem>)
  const view& operator=(const view<U, M>& src) const {
    assign(src);
    return *this;
  }
  // Evaluates a lazy expression into these elements (broadcast to this
  // shape), under a policy of the caller's choice or the default.
  template <detail::lazy_expression E>
    requires(!std::is_const_v<Elem>)
  const view& operator=(const E& expr) const {
    detail::evaluate_into(*this, expr, auto_policy);
    return *this;
  }
  template <detail::lazy_expression E>
    requires(!std::is_const_v<Elem>)
  void assign(const E& expr, const execution_policy& policy) const {
    detail::evaluate_into(*this, expr, policy);
  }

  const view& operator=(const value_type& value) const
    requires(!std::is_const_v<Elem>)
  {
    fill(value);
    return *this;
  }

  // A view is itself, for code that takes arrays and views alike.
  const view& as_view() const { return *this; }

private:
  index_t offset_of(const std::array<index_t, N>& idx) const {
    index_t off = 0;
    for (std::size_t k = 0; k < N; ++k) off += idx[k] * strides_[k];
    return off;
  }
  void check_bounds(const std::array<index_t, N>& idx) const {
    for (std::size_t k = 0; k < N; ++k)
      if (idx[k] < 0 || idx[k] >= shape_[k])
        throw index_error("index " + format_tuple(idx) + " is out of bounds for array of shape " +
                          to_string(shape_) + " (WEFT_BOUNDS_CHECK; a(i, ...) does not wrap negative indices)");
  }

  Elem* data_ = nullptr;
  shape_type shape_{};
  strides_type strides_{};
};

template <class U, std::size_t E>
view(std::span<U, E>) -> view<U, 1>;

} // namespace weft
