// Operations with weak C++ scalars beside the arrays, drawn for each node
// from every magnitude: small values, values at and just beyond each integer
// dtype's range (up to uint64's maximum), doubles beyond float32's range,
// infinities, NaN and signed zeros. The reference follows NEP 50 as NumPy 2
// does (diff.hpp: weak_operand, compare_weak, clip_weak); where the scalar
// does not fit the array's dtype it expects weft::overflow_error.
#include "diff.hpp"

namespace diff {
namespace {

using values = std::vector<value>;
using maybe = std::optional<value>;

// Calls fn(done..., next scalars as C++ values): a long long, an unsigned
// long long (as the scalar asks) or a double.
template <std::size_t N, bool Floats, class Fn, class... Done>
decltype(auto) with_cpp_scalars(const weak_scalars& s, const Fn& fn, Done... done) {
  if constexpr (sizeof...(Done) == N) {
    return fn(done...);
  } else {
    const weak_scalar& x = s[sizeof...(Done)];
    if constexpr (Floats) return with_cpp_scalars<N, Floats>(s, fn, done..., x.f);
    else if (x.as_unsigned) return with_cpp_scalars<N, Floats>(s, fn, done..., static_cast<unsigned long long>(x.i));
    else return with_cpp_scalars<N, Floats>(s, fn, done..., static_cast<long long>(x.i));
  }
}

template <class F, class Scalar, std::size_t N, class... T>
struct scalar_expression {
  template <std::size_t... I>
  static auto of(std::index_sequence<I...>)
      -> decltype(std::declval<const F&>()(std::declval<const const_view3<T>&>()...,
                                           (static_cast<void>(I), std::declval<Scalar>())...));
  using type = decltype(of(std::make_index_sequence<N>{}));
};

// Registers f(operands of dtypes T..., N weak scalars) beside its reference.
template <class... T, std::size_t N, bool Floats, class F, class Ref>
elementwise_op make_scalar_op(std::string text, std::integral_constant<std::size_t, N>, std::bool_constant<Floats>, F f,
                              Ref reference) {
  using first_scalar = std::conditional_t<Floats, double, long long>;
  using R = result_of<typename scalar_expression<F, first_scalar, N, T...>::type>;
  if constexpr (!Floats)
    static_assert(std::is_same_v<R, result_of<typename scalar_expression<F, unsigned long long, N, T...>::type>>,
                  "a weak integer's C++ type must not change the result dtype");
  elementwise_op op;
  op.text = std::move(text);
  op.args = {dtype_of<T>()...};
  op.result = dtype_of<R>();
  op.leading_unit = std::vector<int>(sizeof...(T), 0);
  op.scalars = static_cast<int>(N);
  op.float_scalars = Floats;
  op.eval = [f](const std::vector<any_operand>& in, const weak_scalars& s, const weft::execution_policy& policy) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return with_cpp_scalars<N, Floats>(s, [&](auto... scalar) {
        return any_array(weft::eval(f(std::get<const_view3<T>>(in[I])..., scalar...), policy));
      });
    }(std::index_sequence_for<T...>{});
  };
  op.assign = [f](const any_out& out, const std::vector<any_operand>& in, const weak_scalars& s,
                  const weft::execution_policy& policy) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      with_cpp_scalars<N, Floats>(s, [&](auto... scalar) {
        weft::assign(std::get<view3<R>>(out), f(std::get<const_view3<T>>(in[I])..., scalar...), policy);
      });
    }(std::index_sequence_for<T...>{});
  };
  op.reference = reference;
  return op;
}

constexpr std::integral_constant<std::size_t, 1> one{};
constexpr std::integral_constant<std::size_t, 2> two{};
constexpr std::bool_constant<false> integers{};
constexpr std::bool_constant<true> doubles{};

// The reference of a binary operation with the scalar as its operand:
// nullopt where NumPy raises.
template <class Fn>
auto with_weak(Fn fn) {
  return [fn](const values& v, const weak_scalars& s) -> maybe {
    const maybe w = weak_operand(v.back(), s[0]);
    if (!w) return std::nullopt;
    return fn(v, *w);
  };
}
template <class Fn>
auto comparing(Fn fn) {
  return [fn](const values& v, const weak_scalars& s) -> maybe {
    const std::optional<int> c = compare_weak(v[0], s[0]);
    if (!c) return std::nullopt;
    return boolean(fn(*c));
  };
}

template <class T>
void add_integer_scalars(std::vector<elementwise_op>& ops) {
  ops.push_back(make_scalar_op<T>("a + s", one, integers, [](const auto& a, auto s) { return a + s; },
                                  with_weak([](const values& v, const value& w) { return add(v[0], w); })));
  ops.push_back(make_scalar_op<T>("s - a", one, integers, [](const auto& a, auto s) { return s - a; },
                                  with_weak([](const values& v, const value& w) { return subtract(w, v[0]); })));
  ops.push_back(make_scalar_op<T>("a * s", one, integers, [](const auto& a, auto s) { return a * s; },
                                  with_weak([](const values& v, const value& w) { return multiply(v[0], w); })));
  // True division computes in float64 beside an integer: any integer goes.
  ops.push_back(make_scalar_op<T>("a / s", one, integers, [](const auto& a, auto s) { return a / s; },
                                  [](const values& v, const weak_scalars& s) -> maybe {
                                    const dtype t = is_float(v[0].t) ? v[0].t : dtype::float64;
                                    return true_divide(v[0], make_float(t, static_cast<double>(s[0].i)));
                                  }));
  ops.push_back(make_scalar_op<T>("a < s", one, integers, [](const auto& a, auto s) { return a < s; },
                                  comparing([](int c) { return c == -1; })));
  ops.push_back(make_scalar_op<T>("s <= a", one, integers, [](const auto& a, auto s) { return s <= a; },
                                  comparing([](int c) { return c == 0 || c == 1; })));
  ops.push_back(make_scalar_op<T>("a == s", one, integers, [](const auto& a, auto s) { return a == s; },
                                  comparing([](int c) { return c == 0; })));
  ops.push_back(make_scalar_op<T>("a != s", one, integers, [](const auto& a, auto s) { return a != s; },
                                  comparing([](int c) { return c != 0; })));
  ops.push_back(make_scalar_op<T>(
      "minimum(a, s)", one, integers, [](const auto& a, auto s) { return weft::minimum(a, s); },
      with_weak([](const values& v, const value& w) { return minimum(v[0], w); })));
  ops.push_back(make_scalar_op<T>(
      "maximum(s, a)", one, integers, [](const auto& a, auto s) { return weft::maximum(s, a); },
      with_weak([](const values& v, const value& w) { return maximum(w, v[0]); })));
  ops.push_back(make_scalar_op<T>(
      "clip(a, s, t)", two, integers, [](const auto& a, auto lo, auto hi) { return weft::clip(a, lo, hi); },
      [](const values& v, const weak_scalars& s) { return clip_weak(v[0], s[0], s[1]); }));
  // (weft's one deviation from NumPy 2.4, which wraps the scalar here.)
  ops.push_back(make_scalar_op<bool, T>(
      "where(a, b, s)", one, integers, [](const auto& c, const auto& a, auto s) { return weft::where(c, a, s); },
      with_weak([](const values& v, const value& w) { return where(v[0], v[1], w); })));
  // Truth values; beside bool NumPy takes the scalar as int64 and so must it fit.
  ops.push_back(make_scalar_op<T>("a && s", one, integers, [](const auto& a, auto s) { return a && s; },
                                  [](const values& v, const weak_scalars& s) -> maybe {
                                    if (v[0].t == dtype::boolean && !weak_operand(v[0], s[0])) return std::nullopt;
                                    return boolean(truth(v[0]) && s[0].i != 0);
                                  }));
  if constexpr (!std::is_floating_point_v<T>) {
    ops.push_back(make_scalar_op<T>(
        "floor_divide(a, s)", one, integers, [](const auto& a, auto s) { return weft::floor_divide(a, s); },
        with_weak([](const values& v, const value& w) { return floor_divide(v[0], w); })));
    ops.push_back(make_scalar_op<T>("a & s", one, integers, [](const auto& a, auto s) { return a & s; },
                                    with_weak([](const values& v, const value& w) { return bitwise_and(v[0], w); })));
  }
}

template <class T>
void add_double_scalars(std::vector<elementwise_op>& ops) {
  ops.push_back(make_scalar_op<T>("a + d", one, doubles, [](const auto& a, double d) { return a + d; },
                                  with_weak([](const values& v, const value& w) { return add(v[0], w); })));
  ops.push_back(make_scalar_op<T>("d - a", one, doubles, [](const auto& a, double d) { return d - a; },
                                  with_weak([](const values& v, const value& w) { return subtract(w, v[0]); })));
  ops.push_back(make_scalar_op<T>("a / d", one, doubles, [](const auto& a, double d) { return a / d; },
                                  with_weak([](const values& v, const value& w) { return true_divide(v[0], w); })));
  ops.push_back(make_scalar_op<T>("a < d", one, doubles, [](const auto& a, double d) { return a < d; },
                                  comparing([](int c) { return c == -1; })));
  ops.push_back(make_scalar_op<T>("a == d", one, doubles, [](const auto& a, double d) { return a == d; },
                                  comparing([](int c) { return c == 0; })));
  ops.push_back(make_scalar_op<T>(
      "minimum(a, d)", one, doubles, [](const auto& a, double d) { return weft::minimum(a, d); },
      with_weak([](const values& v, const value& w) { return minimum(v[0], w); })));
  ops.push_back(make_scalar_op<bool, T>(
      "where(a, b, d)", one, doubles, [](const auto& c, const auto& a, double d) { return weft::where(c, a, d); },
      with_weak([](const values& v, const value& w) { return where(v[0], v[1], w); })));
}

} // namespace

std::vector<elementwise_op> scalar_ops() {
  std::vector<elementwise_op> ops;
  for_each_dtype([&]<class T>() {
    add_integer_scalars<T>(ops);
    add_double_scalars<T>(ops);
  });
  return ops;
}

} // namespace diff
