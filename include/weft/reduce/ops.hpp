#pragma once
// Reduction operators: how one reduction folds elements together.
//   acc_type            what is accumulated (NumPy's: sums of integers in 64 bits)
//   init()              the value each accumulator starts from: the identity,
//                       or for min/max the extreme that never wins
//   lift(x, position)   an element as an accumulator (position: its flat index
//                       among the reduced elements, for argmin/argmax)
//   combine(a, b)       a ∘ b; combine_simd the same on batches, where the
//                       lanes can run it (simd_for<V>)
//   has_identity        false: reducing nothing is an error (min, argmax, ...)
//   reorderable         the engine may visit elements in memory order
//   name                NumPy's name, for messages and explain()
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "weft/core/index.hpp"
#include "weft/expr/ops/arithmetic.hpp"
#include "weft/simd/batch.hpp"
#include "weft/simd/math.hpp"

namespace weft::detail {

// NumPy's accumulator for sum and prod: bool and signed integers in int64,
// unsigned ones in uint64, floating types as they are.
template <class V>
using sum_acc_t = std::conditional_t<std::is_floating_point_v<V>, V,
                                     std::conditional_t<std::is_unsigned_v<V> && !std::is_same_v<V, bool>,
                                                        std::uint64_t, std::int64_t>>;
// NumPy's accumulator for mean, var and std: double for bool and integers.
template <class V>
using mean_acc_t = std::conditional_t<std::is_floating_point_v<V>, V, double>;

template <class V, class Acc>
inline constexpr bool same_lane_type = std::is_same_v<V, Acc> && simd::lane_type<Acc>;

template <class Acc>
struct sum_reduction {
  using acc_type = Acc;
  static constexpr const char* name = "add";
  static constexpr bool has_identity = true;
  static constexpr bool reorderable = true;
  static constexpr Acc init() { return Acc(0); }
  template <class V>
  static constexpr Acc lift(V x, index_t) {
    return static_cast<Acc>(x);
  }
  static constexpr Acc combine(Acc a, Acc b) { return ops::add{}(a, b); }
  template <class B>
  static B combine_simd(const B& a, const B& b) {
    return a + b;
  }
  template <class V>
  static constexpr bool simd_for = same_lane_type<V, Acc>;
};

template <class Acc>
struct prod_reduction {
  using acc_type = Acc;
  static constexpr const char* name = "multiply";
  static constexpr bool has_identity = true;
  static constexpr bool reorderable = true;
  static constexpr Acc init() { return Acc(1); }
  template <class V>
  static constexpr Acc lift(V x, index_t) {
    return static_cast<Acc>(x);
  }
  static constexpr Acc combine(Acc a, Acc b) { return ops::multiply{}(a, b); }
  template <class B>
  static B combine_simd(const B& a, const B& b) {
    return a * b;
  }
  template <class V>
  static constexpr bool simd_for = same_lane_type<V, Acc> && std::is_floating_point_v<Acc>;
};

// min and max propagate NaN, as NumPy's do.
template <class V, bool Max>
struct extremum_reduction {
  using acc_type = V;
  static constexpr const char* name = Max ? "maximum" : "minimum";
  static constexpr bool has_identity = false;
  static constexpr bool reorderable = true;
  static constexpr V init() {
    if constexpr (std::is_floating_point_v<V>)
      return Max ? -std::numeric_limits<V>::infinity() : std::numeric_limits<V>::infinity();
    else return Max ? std::numeric_limits<V>::lowest() : std::numeric_limits<V>::max();
  }
  static constexpr V lift(V x, index_t) { return x; }
  static constexpr V combine(V a, V b) {
    if constexpr (Max) return ops::maximum{}(a, b);
    else return ops::minimum{}(a, b);
  }
  template <class B>
  static B combine_simd(const B& a, const B& b) {
    if constexpr (Max) return simd::maximum(a, b);
    else return simd::minimum(a, b);
  }
  template <class W>
  static constexpr bool simd_for = same_lane_type<W, V>;
};

// any, all, count_nonzero: an element counts when it is not zero (NaN counts).
template <bool All>
struct logical_reduction {
  using acc_type = bool;
  static constexpr const char* name = All ? "logical_and" : "logical_or";
  static constexpr bool has_identity = true;
  static constexpr bool reorderable = true;
  static constexpr bool init() { return All; }
  template <class V>
  static constexpr bool lift(V x, index_t) {
    return x != V(0);
  }
  static constexpr bool combine(bool a, bool b) { return All ? a && b : a || b; }
  template <class V>
  static constexpr bool simd_for = false;
};

struct count_nonzero_reduction {
  using acc_type = index_t;
  static constexpr const char* name = "count_nonzero";
  static constexpr bool has_identity = true;
  static constexpr bool reorderable = true;
  static constexpr index_t init() { return 0; }
  template <class V>
  static constexpr index_t lift(V x, index_t) {
    return x != V(0) ? 1 : 0;
  }
  static constexpr index_t combine(index_t a, index_t b) { return a + b; }
  template <class V>
  static constexpr bool simd_for = false;
};

// argmin / argmax: the first position of the extreme value; the first NaN
// wins over everything, as in NumPy. combine is symmetric in its arguments
// (ties go to the smaller position), so any tree gives the same answer.
template <class V>
struct arg_acc {
  V value;
  index_t position;
};

template <class V, bool Max>
struct arg_reduction {
  using acc_type = arg_acc<V>;
  static constexpr const char* name = Max ? "argmax" : "argmin";
  static constexpr bool has_identity = false;
  static constexpr bool reorderable = false;  // positions are in the logical (C) order
  static constexpr acc_type init() {
    return {extremum_reduction<V, Max>::init(), std::numeric_limits<index_t>::max()};
  }
  static constexpr acc_type lift(V x, index_t position) { return {x, position}; }
  static constexpr acc_type combine(const acc_type& a, const acc_type& b) {
    const bool first = a.position < b.position;
    if constexpr (std::is_floating_point_v<V>) {
      const bool na = std::isnan(a.value), nb = std::isnan(b.value);
      if (na || nb) return na && nb ? (first ? a : b) : (na ? a : b);
    }
    if (a.value == b.value) return first ? a : b;
    if constexpr (Max) return a.value > b.value ? a : b;
    else return a.value < b.value ? a : b;
  }
  template <class W>
  static constexpr bool simd_for = false;
};

} // namespace weft::detail

namespace weft::detail {

// nansum: NaN counts as zero.
template <class Acc>
struct nan_sum_reduction : sum_reduction<Acc> {
  template <class V>
  static constexpr Acc lift(V x, index_t) {
    if constexpr (std::is_floating_point_v<V>)
      if (std::isnan(x)) return Acc(0);
    return static_cast<Acc>(x);
  }
  // Used on (accumulator, element) pairs and on pairs of accumulators,
  // which hold no NaN: the same bits as lift + combine either way.
  template <class B>
  static B combine_simd(const B& a, const B& b) {
    return a + simd::zero_nan(b);
  }
};

// nanmin / nanmax: NaN is skipped; a slice of NaN only gives NaN.
template <class V, bool Max>
struct nan_extremum_reduction {
  using acc_type = V;
  static constexpr const char* name = Max ? "fmax" : "fmin";
  static constexpr bool has_identity = false;
  static constexpr bool reorderable = true;
  static constexpr V init() { return std::numeric_limits<V>::quiet_NaN(); }
  static constexpr V lift(V x, index_t) { return x; }
  static constexpr V combine(V a, V b) {
    if constexpr (Max) return ops::fmax{}(a, b);
    else return ops::fmin{}(a, b);
  }
  template <class B>
  static B combine_simd(const B& a, const B& b) {
    if constexpr (Max) return simd::fmax(a, b);
    else return simd::fmin(a, b);
  }
  template <class W>
  static constexpr bool simd_for = same_lane_type<W, V>;
};

} // namespace weft::detail
