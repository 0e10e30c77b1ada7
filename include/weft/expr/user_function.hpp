#pragma once
// How expression nodes that call a user function (weft::vectorize kernels,
// multi-output nodes) hold it and what they assume it costs.
#include <type_traits>

namespace weft::detail {

// Rough cost of one call of a user kernel, in adds (the evaluator's unit for
// deciding threads): user kernels are usually a few math calls.
inline constexpr int user_kernel_cost = 16;

// How a cursor holds the user function: small trivial ones (lambdas without
// captures, function objects of plain values) by value, others (lambdas
// with captures, which cannot be assigned) by pointer into the node, which
// outlives every evaluation of it. Evaluators default-construct and assign
// cursors.
template <class Fn>
inline constexpr bool hold_fn_by_value = std::is_trivially_copyable_v<Fn> && std::is_default_constructible_v<Fn> &&
                                         std::is_copy_assignable_v<Fn> && sizeof(Fn) <= 64;

template <class Fn>
struct fn_holder {
  std::conditional_t<hold_fn_by_value<Fn>, Fn, const Fn*> held;
  static fn_holder of(const Fn& f) {
    if constexpr (hold_fn_by_value<Fn>) return {f};
    else return {&f};
  }
  const Fn& get() const {
    if constexpr (hold_fn_by_value<Fn>) return held;
    else return *held;
  }
};

} // namespace weft::detail
