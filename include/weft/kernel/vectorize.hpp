#pragma once
// weft::vectorize: Numba's @vectorize. Turns a function of scalars into a
// ufunc object whose calls on arrays build lazy, broadcasting expressions:
//
//   auto sinacos = weft::vectorize([](auto x, auto y) { return weft::sin(x) * weft::cos(y); });
//   weft::ndarray<double, 1> out = sinacos(a, b);      // one fused loop
//   double s = weft::sum(sinacos(a, b) * 2);           // no temporary
//
// A generic function (auto parameters, weft:: math inside) also runs on
// xsimd batches, so the loop gets SIMD lanes like a built-in ufunc; a
// function of concrete scalar types, or any function passed with
// weft::scalar_only, runs lane by lane (still threaded). The result dtype is
// what the function returns for the operands' dtypes (a C++ scalar beside
// arrays takes the dtype NEP 50 gives it: sinacos(float_array, 2.0) calls
// fn(float, float)).
//
// A function returning a std::tuple of values (of batches, on SIMD lanes) is
// a kernel with several outputs, computed together in one pass:
//   auto bs = weft::vectorize([](auto S, auto K, auto T) { ...; return std::tuple(call, put); });
//   weft::assign(std::tie(call, put), bs(S, K, T));
// (expr/multi_output.hpp, eval/outputs.hpp).
//
// Typed form, Numba's @vectorize([float64(float64, float64), ...]):
//   weft::vectorize<double(double, double), float(float, float)>(fn)
// takes the first signature whose parameters the operands' dtypes cast to
// safely; none matching fails to compile naming weft::matches_a_signature.
//
// ufunc methods (binary kernels), as NumPy's:
//   f.reduce(a, axis)      left fold along an axis (result rank N - 1)
//   f.reduce(a)            NumPy's default: along axis 0 (a scalar for 1-D)
//   f.reduce(a, weft::none) left fold of every element in row-major order,
//                          a scalar (NumPy's axis=None)
//   f.accumulate(a, axis)  running fold along an axis (default 0), same shape
//   f.outer(a, b)          lazy: result[i..., j...] = f(a[i...], b[j...])
// reduce and accumulate fold in NumPy's order (no reassociation: weft cannot
// know that fn is associative); they run on threads across positions. An
// empty reduction throws value_error (these ufuncs have no identity).
#include <array>
#include <cstddef>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "weft/array/ndarray.hpp"
#include "weft/core/errors.hpp"
#include "weft/core/policy.hpp"
#include "weft/expr/expression.hpp"
#include "weft/expr/map.hpp"
#include "weft/expr/multi_output.hpp"
#include "weft/expr/ufunc.hpp"
#include "weft/kernel/kernel_node.hpp"
#include "weft/kernel/line_folds.hpp"
#include "weft/kernel/readable.hpp"
#include "weft/kernel/signature.hpp"
#include "weft/core/range.hpp"
#include "weft/reduce/axes.hpp"

namespace weft {

// Asks weft::vectorize to call the function on scalars only, never on SIMD
// batches (for a generic function whose body only compiles for scalars,
// e.g. one calling std::sin).
struct scalar_only_t {
  explicit constexpr scalar_only_t() = default;
};
inline constexpr scalar_only_t scalar_only{};

namespace detail {

// The dtypes operands bring to a kernel: expressions their value type; a
// weak C++ scalar the dtype NEP 50 gives it beside the others.
template <class... Nodes>
struct kernel_dtypes {
  using strong = typename promote_nodes<void, Nodes...>::type;
  using type = std::tuple<typename effective_operand<strong, Nodes>::type...>;
};
template <class... A>
using operand_dtypes_t = typename kernel_dtypes<node_t<A>...>::type;

template <>
struct signature_traits<void()> {  // the stand-in when no signature matches
  using params = std::tuple<>;
  using result = void;
};

// How a kernel is called for argument dtypes A...: its parameter types and
// result. Untyped kernels take the dtypes themselves.
template <class Fn, class Dtypes, class... Sigs>
struct kernel_call {
  static constexpr bool valid = false;
};
template <class Fn, class... A>
struct kernel_call<Fn, std::tuple<A...>> {
  static constexpr bool valid = [] {
    if constexpr (!std::is_invocable_v<const Fn&, A...>) return false;
    else {
      using R = std::remove_cvref_t<std::invoke_result_t<const Fn&, A...>>;
      return std::is_arithmetic_v<R> || is_result_tuple<R>;
    }
  }();
  using params = std::tuple<A...>;
  using result = typename std::conditional_t<valid, std::invoke_result<const Fn&, A...>,
                                             std::type_identity<void>>::type;
};
template <class Fn, class... A, class Sig, class... Sigs>
struct kernel_call<Fn, std::tuple<A...>, Sig, Sigs...> {
  using chosen = typename first_accepting<std::tuple<A...>, Sig, Sigs...>::type;
  static constexpr bool valid = !std::is_void_v<chosen>;
  using params = typename signature_traits<std::conditional_t<valid, chosen, void()>>::params;
  using result = typename signature_traits<std::conditional_t<valid, chosen, void()>>::result;
};

// A typed kernel must be callable with each signature's parameters and
// return something convertible to its result.
template <class Fn, class Sig>
inline constexpr bool callable_as = false;
template <class Fn, class R, class... P>
inline constexpr bool callable_as<Fn, R(P...)> = std::is_invocable_r_v<R, const Fn&, P...>;

template <std::size_t K, class T, std::size_t N>
view<const T, N + K> with_unit_dims(const view<const T, N>& v, bool trailing) {
  weft::shape<N + K> s;
  strides_t<N + K> st{};
  for (auto& d : s) d = 1;
  const std::size_t at = trailing ? 0 : K;
  for (std::size_t k = 0; k < N; ++k) s[at + k] = v.shape()[k], st[at + k] = v.strides()[k];
  return view<const T, N + K>(v.data(), s, st);
}

// The operand with K unit dimensions added after (trailing) or before its
// own, for outer(): lvalue arrays and views as views, the rest evaluated
// into an array the expression owns. Scalars stay scalars.
template <std::size_t K, class E>
auto expand_dims(E&& e, bool trailing) {
  using D = std::remove_cvref_t<E>;
  if constexpr (std::is_arithmetic_v<D>) {
    return e;
  } else if constexpr (is_array_or_view<D>::value &&
                       (std::is_lvalue_reference_v<E> || !std::is_same_v<D, ndarray<typename D::value_type, D::rank>>)) {
    using T = std::remove_const_t<typename D::value_type>;
    return with_unit_dims<K>(view<const T, D::rank>(e.as_view()), trailing);
  } else {
    auto a = weft::eval(std::forward<E>(e));
    constexpr std::size_t N = decltype(a)::rank;
    weft::shape<N + K> s;
    for (auto& d : s) d = 1;
    for (std::size_t k = 0; k < N; ++k) s[(trailing ? 0 : K) + k] = a.shape()[k];
    return std::move(a).reshape(s);
  }
}

template <class E>
inline constexpr std::size_t operand_rank = node_t<E>::rank;

// The types of a kernel's fold over dtype T (reduce, accumulate): the
// accumulator is what fn returns for (T, T); each step calls fn with
// (accumulator, element), converted to the parameters chosen for those dtypes.
template <class Fn, class T, class... Sigs>
struct kernel_fold {
  using element = T;
  using first_call = kernel_call<Fn, std::tuple<T, T>, Sigs...>;
  using acc = std::remove_cvref_t<typename first_call::result>;
  using step_call = kernel_call<Fn, std::tuple<acc, T>, Sigs...>;
  static constexpr bool valid = [] {
    if constexpr (!first_call::valid || !std::is_arithmetic_v<acc>) return false;  // (not a multi-output kernel)
    else return step_call::valid;
  }();

  static acc first(T x) { return static_cast<acc>(x); }
  static acc step(const Fn& fn, acc a, T x) { return step_as(fn, typename step_call::params{}, a, x); }
  template <class P0, class P1>
  static acc step_as(const Fn& fn, std::tuple<P0, P1>, acc a, T x) {
    return static_cast<acc>(fn(static_cast<P0>(a), static_cast<P1>(x)));
  }
};
template <class E>
using element_of = std::remove_const_t<typename node_t<E>::value_type>;

} // namespace detail

// Kernel is called with operands of dtypes Dtypes (a std::tuple): true when
// one of a typed kernel's signatures takes them safely, or an untyped
// kernel's function takes them and returns an arithmetic value. An error
// naming this concept means no signature matches: add one, or astype<U> the
// operands.
template <class Kernel, class Dtypes>
concept matches_a_signature = Kernel::template accepts<Dtypes>;

// The ufunc object weft::vectorize returns. Lanes: fn may be tried on SIMD
// batches. Sigs: the typed signatures (none: untyped).
template <class Fn, bool Lanes, class... Sigs>
class vectorized {
public:
  explicit vectorized(Fn fn) : fn_(std::move(fn)) {
    static_assert((detail::callable_as<Fn, Sigs> && ...),
                  "weft::vectorize: the function cannot be called with the parameter types of one of its signatures");
  }

  template <class E>
  using fold = detail::kernel_fold<Fn, detail::element_of<E>, Sigs...>;
  // Binary kernels that fold elements of E.
  template <class E>
  static constexpr bool reducible = fold<E>::valid;

  template <class Dtypes>
  static constexpr bool accepts = detail::kernel_call<Fn, Dtypes, Sigs...>::valid;

  // On expressions (with scalars beside them): a lazy expression.
  template <operand... A>
    requires((expression<A> || ...) && matches_a_signature<vectorized, detail::operand_dtypes_t<A...>>)
  auto operator()(A&&... args) const {
    using call = detail::kernel_call<Fn, detail::operand_dtypes_t<A...>, Sigs...>;
    using R = std::remove_cvref_t<typename call::result>;
    if constexpr (detail::is_result_tuple<R>) {  // several outputs (expr/multi_output.hpp)
      using node = detail::multi_output_node<Fn, Lanes, R, typename call::params, detail::node_t<A>...>;
      return node(fn_, detail::to_node(std::forward<A>(args))...);
    } else {
      using node = detail::kernel_node<Fn, Lanes, R, typename call::params, detail::node_t<A>...>;
      return node(fn_, detail::to_node(std::forward<A>(args))...);
    }
  }

  // On C++ scalars: computed at once.
  template <class... S>
    requires((detail::is_scalar_v<S> && ...) && sizeof...(S) > 0 &&
             matches_a_signature<vectorized, std::tuple<std::remove_cvref_t<S>...>>)
  auto operator()(S... args) const {
    using call = detail::kernel_call<Fn, std::tuple<S...>, Sigs...>;
    return call_with<typename call::result>(typename call::params{}, args...);
  }

#if WEFT_USE_XSIMD
  // On SIMD batches (a generic untyped kernel used inside another kernel).
  template <class... A>
    requires(Lanes && sizeof...(Sigs) == 0 && (detail::is_batch_v<A> || ...) &&
             ((detail::is_batch_v<A> || detail::is_scalar_v<A>) && ...))
  auto operator()(A&&... args) const {
    using B = typename detail::first_batch<A...>::type;
    return fn_(detail::as_batch_like<B>(std::forward<A>(args))...);
  }
#endif

  // NumPy's f.reduce(a): along axis 0, so a scalar for a 1-D operand.
  template <expression E>
    requires(reducible<E> && detail::operand_rank<E> >= 1)
  auto reduce(E&& a, const execution_policy& policy = auto_policy) const {
    if constexpr (detail::operand_rank<E> == 1) return reduce(std::forward<E>(a), none, policy);
    else return reduce(std::forward<E>(a), 0, policy);
  }

  // NumPy's f.reduce(a, axis=None): the left fold of every element, in
  // row-major order.
  template <expression E>
    requires reducible<E>
  auto reduce(E&& a, none_t, const execution_policy& policy = auto_policy) const {
    using F = fold<E>;
    const auto in = detail::read_operand(std::forward<E>(a), policy);
    const auto v = in.get();
    if (v.size() == 0) throw_empty_reduction();
    auto it = v.begin();
    typename F::acc acc = F::first(*it);
    for (++it; it != v.end(); ++it) acc = F::step(fn_, acc, *it);
    return acc;
  }

  // The left fold along one axis (negative counts from the end).
  template <expression E>
    requires(reducible<E> && detail::operand_rank<E> >= 1)
  auto reduce(E&& a, int axis, const execution_policy& policy = auto_policy) const {
    using F = fold<E>;
    constexpr std::size_t N = detail::operand_rank<E>;
    const std::size_t k = axis_index<N>(axis);
    const auto in = detail::read_operand(std::forward<E>(a), policy).contiguous();
    const auto v = in.get();
    weft::shape<N - 1> out_shape;
    for (std::size_t d = 0, j = 0; d < N; ++d)
      if (d != k) out_shape[j++] = v.shape()[d];
    ndarray<typename F::acc, N - 1> out(out_shape, uninitialized);
    const auto lines = detail::split_at_axis(v.shape(), k);
    if (out.size() > 0 && lines.n == 0) throw_empty_reduction();
    detail::reduce_lines(v.data(), out.data(), lines, F::first, step_with_fn<F>(), policy);
    return out;
  }

  // The running fold along one axis (NumPy's default: axis 0).
  template <expression E>
    requires(reducible<E> && detail::operand_rank<E> >= 1)
  auto accumulate(E&& a, int axis = 0, const execution_policy& policy = auto_policy) const {
    using F = fold<E>;
    constexpr std::size_t N = detail::operand_rank<E>;
    const std::size_t k = axis_index<N>(axis);
    const auto in = detail::read_operand(std::forward<E>(a), policy).contiguous();
    const auto v = in.get();
    ndarray<typename F::acc, N> out(v.shape(), uninitialized);
    detail::accumulate_lines(v.data(), out.data(), detail::split_at_axis(v.shape(), k), F::first,
                             step_with_fn<F>(), policy);
    return out;
  }

  // f applied to every pair (a[i...], b[j...]): a lazy expression of shape
  // a.shape + b.shape.
  template <operand A, operand B>
    requires(expression<A> || expression<B>)
  auto outer(A&& a, B&& b) const {
    constexpr std::size_t Na = detail::operand_rank<A>, Nb = detail::operand_rank<B>;
    return (*this)(detail::expand_dims<Nb>(std::forward<A>(a), true),
                   detail::expand_dims<Na>(std::forward<B>(b), false));
  }

  const Fn& function() const { return fn_; }

private:
  template <class R, class... P, class... S>
  R call_with(std::tuple<P...>, S... args) const {
    return static_cast<R>(fn_(static_cast<P>(args)...));
  }

  template <class F>
  auto step_with_fn() const {
    return [this](typename F::acc a, typename F::element x) { return F::step(fn_, a, x); };
  }

  template <std::size_t N>
  static std::size_t axis_index(int axis) {
    const auto mask = detail::make_axis_mask<N>(std::array<int, 1>{axis});  // throws index_error when out of range
    std::size_t k = 0;
    while (!mask.reduced[k]) ++k;
    return k;
  }

  [[noreturn]] static void throw_empty_reduction() {
    throw value_error("zero-size array to reduction operation of a weft::vectorize kernel which has no identity");
  }

  Fn fn_;
};

// fn as a ufunc (see the top of this file). Sigs: optional typed signatures.
template <kernel_signature... Sigs, class Fn>
auto vectorize(Fn fn) {
  return vectorized<Fn, true, Sigs...>(std::move(fn));
}
// The same, never calling fn on SIMD batches.
template <kernel_signature... Sigs, class Fn>
auto vectorize(Fn fn, scalar_only_t) {
  return vectorized<Fn, false, Sigs...>(std::move(fn));
}

} // namespace weft
