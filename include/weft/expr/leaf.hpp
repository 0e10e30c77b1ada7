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

// Where the loop stands, handed to an expression's row kernels (eval/kernel.hpp,
// reduce/kernel.hpp) for each row: per leaf, in the order of for_each_leaf,
// the address of the row's first element and the stride along the row, in
// elements (1 or 0 for every leaf when a SIMD kernel reads them). The loop
// computes these; cursors only read through them.
struct leaf_rows {
  const void* const* row;
  const index_t* inner;
  const index_t* down;  // strides along the axis before the row (the loops' own use)
};

// A leaf as the kernels read it: a row pointer and its stride, set by bind().
template <class T>
struct leaf_cursor {
  static constexpr std::size_t leaf_count = 1;
  const T* row = nullptr;
  index_t inner = 0;

  // Takes leaf k's row (and moves k to the next leaf).
  void bind(const leaf_rows& at, std::size_t& k) {
    row = static_cast<const T*>(at.row[k]);
    inner = at.inner[k];
    ++k;
  }
  T get(index_t i) const { return row[i * inner]; }
#if WEFT_USE_XSIMD
  // SIMD kernels read every leaf at inner stride 1, or 0 from a line of
  // copies of a broadcast value (the loop stages strided leaves:
  // eval/leaves.hpp). Unit: the caller knows every stride is 1, so the
  // leaves share one index (no pointer per leaf to step).
  template <class L, bool Unit = false>
  simd::batch<L> load(index_t i) const {
    static_assert(std::is_same_v<L, T>, "weft: internal error, SIMD lane type mismatch");
    return simd::load(Unit ? row + i : row + i * inner);
  }
#endif
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

  leaf_cursor<T> cursor() const { return {}; }

  // Tells f where the data lies: f(pointer, shape, strides), in the order
  // in which cursors bind their leaves.
  template <class F>
  void for_each_leaf(F&& f) const {
    f(static_cast<const T*>(held_.data()), held_.shape(), held_.strides());
  }

  template <class L>
  static constexpr bool simd_ok = std::is_same_v<L, T> && simd::lane_type<T>;

  // Hands f the array this leaf owns (a temporary operand), if it owns one.
  template <class F>
  void for_each_owned_leaf(F&& f) {
    if constexpr (std::is_same_v<Holder, ndarray<T, N>>) f(held_);
  }

private:
  Holder held_;
};

template <class T>
struct scalar_cursor {
  static constexpr std::size_t leaf_count = 0;
  T value;
  void bind(const leaf_rows&, std::size_t&) {}
  T get(index_t) const { return value; }
  // The value in the type C a node computes in. An integer reaches float
  // through double, as NumPy converts a Python int: 2^60 + 2^36 + 1 becomes
  // 2^60 in float32, where a direct conversion rounds it to 2^60 + 2^37.
  template <class C>
  C as() const {
    if constexpr (std::is_integral_v<T> && std::is_floating_point_v<C> && sizeof(C) < sizeof(double))
      return static_cast<C>(static_cast<double>(value));
    else
      return static_cast<C>(value);
  }
#if WEFT_USE_XSIMD
  template <class L, bool Unit = false>
  simd::batch<L> load(index_t) const {
    return simd::broadcast(as<L>());
  }
#endif
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

  scalar_cursor<T> cursor() const { return {value_}; }
  template <class F>
  void for_each_leaf(F&&) const {}
  template <class F>
  void for_each_owned_leaf(F&&) {}

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
