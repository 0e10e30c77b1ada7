#pragma once
#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "weft/array/ndarray.hpp"
#include "weft/array/view.hpp"
#include "weft/core/broadcast.hpp"
#include "weft/simd/batch.hpp"

// The leaves of an expression tree: arrays and views (read through a strided
// pointer) and C++ scalars (weak, in NumPy's sense: they take the type of the
// arrays they meet).
namespace weft::detail {

// A leaf's position during evaluation: a row pointer set by seek(), read at
// inner offsets. The strides are those of the output's (collapsed) shape.
template <class T, std::size_t R>
struct leaf_cursor {
  static constexpr std::size_t stride_arrays = 1;
  const T* base;
  strides_t<R> strides;
  const T* row = nullptr;
  index_t inner = 0;

  void seek(const std::array<index_t, R>& idx) {
    index_t off = 0;
    for (std::size_t k = 0; k < R; ++k) off += idx[k] * strides[k];
    row = base + off;
    inner = strides[R - 1];
  }
  T get(index_t i) const { return row[i * inner]; }
#if WEFT_USE_XSIMD
  // Access: what the loop knows of the strides (simd::row_access); with
  // `unit` the loop carries no test of `inner` at all.
  template <class L, simd::row_access Access = simd::row_access::zero_or_unit>
  simd::batch<L> load(index_t i) const {
    static_assert(std::is_same_v<L, T>, "weft: internal error, SIMD lane type mismatch");
    if constexpr (Access == simd::row_access::unit) {
      return simd::load(row + i);
    } else if constexpr (Access == simd::row_access::zero_or_unit) {
      return inner == 0 ? simd::broadcast(*row) : simd::load(row + i);
    } else {
      if (inner == 1) return simd::load(row + i);
      if (inner == 0) return simd::broadcast(*row);
      return simd::load_strided(row + i * inner, inner);
    }
  }
  // Rows r = 0..W-1 (next-to-last axis) from the sought position, W columns
  // from inner offset j: one batch per row. An operand contiguous down the
  // columns is read column by column and transposed in registers.
  template <class L, std::size_t W>
  std::array<simd::batch<L>, W> load_block(index_t j) const
    requires(R >= 2)
  {
    std::array<simd::batch<L>, W> rows;
    const index_t down = strides[R - 2];
    if (inner == 1) {
      for (std::size_t r = 0; r < W; ++r) rows[r] = simd::load(row + index_t(r) * down + j);
    } else if (inner == 0) {
      for (std::size_t r = 0; r < W; ++r) rows[r] = simd::broadcast(row[index_t(r) * down]);
    } else {
      if constexpr (simd::has_block_transpose<L> && W == 4) {
        if (down == 1) {
          for (std::size_t c = 0; c < W; ++c) rows[c] = simd::load(row + (j + index_t(c)) * inner);
          simd::transpose_block(rows);
          return rows;
        }
      }
      for (std::size_t r = 0; r < W; ++r) rows[r] = simd::load_strided(row + index_t(r) * down + j * inner, inner);
    }
    return rows;
  }
#endif
  template <class F>
  void visit_strides(F&& f) {
    f(strides);
  }
  template <class F>
  void visit_strides(F&& f) const {
    f(strides);
  }
};

// A leaf over an array or a view, read-only. Holds a view (for lvalue
// operands) or the array itself (for temporaries, so nothing dangles).
template <class T, std::size_t N, class Holder>
class array_leaf {
public:
  using weft_expression_node = void;
  using value_type = T;
  static constexpr std::size_t rank = N;
  static constexpr bool is_weak = false;
  static constexpr int cost = 0;

  explicit array_leaf(Holder h) : held_(std::move(h)) {}

  const weft::shape<N>& shape() const { return held_.shape(); }

  template <std::size_t R>
  leaf_cursor<T, R> cursor(const weft::shape<R>& out) const {
    return {held_.data(), broadcast_strides(held_.shape(), held_.strides(), out)};
  }

  // Tells f where the data lies: f(pointer, shape, strides), for the
  // evaluator's overlap check.
  template <class F>
  void for_each_leaf(F&& f) const {
    f(static_cast<const T*>(held_.data()), held_.shape(), held_.strides());
  }

  template <class L>
  static constexpr bool simd_ok = std::is_same_v<L, T> && simd::lane_type<T>;

private:
  Holder held_;
};

template <class T>
struct scalar_cursor {
  static constexpr std::size_t stride_arrays = 0;
  T value;
  template <std::size_t R>
  void seek(const std::array<index_t, R>&) {}
  T get(index_t) const { return value; }
#if WEFT_USE_XSIMD
  template <class L, simd::row_access = simd::row_access::zero_or_unit>
  simd::batch<L> load(index_t) const {
    return simd::broadcast(static_cast<L>(value));
  }
  template <class L, std::size_t W>
  std::array<simd::batch<L>, W> load_block(index_t) const {
    std::array<simd::batch<L>, W> rows;
    rows.fill(simd::broadcast(static_cast<L>(value)));
    return rows;
  }
#endif
  template <class F>
  void visit_strides(F&&) const {}
};

// A C++ scalar in an expression: rank 0, weak.
template <class T>
class scalar_node {
public:
  using weft_expression_node = void;
  using value_type = T;
  static constexpr std::size_t rank = 0;
  static constexpr bool is_weak = true;
  static constexpr int cost = 0;

  explicit scalar_node(T v) : value_(v) {}
  weft::shape<0> shape() const { return {}; }
  T value() const { return value_; }

  template <std::size_t R>
  scalar_cursor<T> cursor(const weft::shape<R>&) const {
    return {value_};
  }
  template <class F>
  void for_each_leaf(F&&) const {}

  template <class L>
  static constexpr bool simd_ok = true;

private:
  T value_;
};

template <class T>
struct is_array_or_view : std::false_type {};
template <class T, std::size_t N>
struct is_array_or_view<ndarray<T, N>> : std::true_type {};
template <class T, std::size_t N>
struct is_array_or_view<view<T, N>> : std::true_type {};

} // namespace weft::detail
