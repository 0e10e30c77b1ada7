// One operator or ufunc per expression, instantiated for the operand dtypes
// the differential tester draws: + and < over every pair of dtypes
// (promotion), the rest with operands of one dtype, weak C++ scalars, and
// operands of lower rank.
#include "diff.hpp"

namespace diff {
namespace {

using values = std::vector<value>;

template <class T>
constexpr bool is_bool = std::is_same_v<T, bool>;
template <class T>
constexpr bool is_int = std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::int64_t>;

void add_binary_mixed(std::vector<elementwise_op>& ops) {
  for_each_dtype([&]<class A>() {
    for_each_dtype([&]<class B>() {
      ops.push_back(make_op<A, B>(
          "a + b", [](const auto& a, const auto& b) { return a + b; }, [](const values& v) { return add(v[0], v[1]); }));
      ops.push_back(make_op<A, B>(
          "a < b", [](const auto& a, const auto& b) { return a < b; }, [](const values& v) { return less(v[0], v[1]); }));
    });
  });
}

void add_binary_same(std::vector<elementwise_op>& ops) {
  for_each_dtype([&]<class T>() {
    if constexpr (!is_bool<T>)
      ops.push_back(make_op<T, T>(
          "a - b", [](const auto& a, const auto& b) { return a - b; },
          [](const values& v) { return subtract(v[0], v[1]); }));
    ops.push_back(make_op<T, T>(
        "a * b", [](const auto& a, const auto& b) { return a * b; }, [](const values& v) { return multiply(v[0], v[1]); }));
    ops.push_back(make_op<T, T>(
        "a / b", [](const auto& a, const auto& b) { return a / b; },
        [](const values& v) { return true_divide(v[0], v[1]); }));
    if constexpr (is_int<T>) {
      ops.push_back(make_op<T, T>(
          "floor_divide(a, b)", [](const auto& a, const auto& b) { return weft::floor_divide(a, b); },
          [](const values& v) { return floor_divide(v[0], v[1]); }));
      ops.push_back(make_op<T, T>(
          "mod(a, b)", [](const auto& a, const auto& b) { return weft::mod(a, b); },
          [](const values& v) { return remainder(v[0], v[1]); }));
    }
    ops.push_back(make_op<T, T>(
        "minimum(a, b)", [](const auto& a, const auto& b) { return weft::minimum(a, b); },
        [](const values& v) { return minimum(v[0], v[1]); }));
    ops.push_back(make_op<T, T>(
        "maximum(a, b)", [](const auto& a, const auto& b) { return weft::maximum(a, b); },
        [](const values& v) { return maximum(v[0], v[1]); }));
    ops.push_back(make_op<T, T>(
        "a == b", [](const auto& a, const auto& b) { return a == b; }, [](const values& v) { return equal(v[0], v[1]); }));
    ops.push_back(make_op<T, T>(
        "a && b", [](const auto& a, const auto& b) { return a && b; },
        [](const values& v) { return logical_and(v[0], v[1]); }));
    if constexpr (!std::is_floating_point_v<T>)
      ops.push_back(make_op<T, T>(
          "a & b", [](const auto& a, const auto& b) { return a & b; },
          [](const values& v) { return bitwise_and(v[0], v[1]); }));
    ops.push_back(make_op<bool, T, T>(
        "where(a, b, c)", [](const auto& a, const auto& b, const auto& c) { return weft::where(a, b, c); },
        [](const values& v) { return where(v[0], v[1], v[2]); }));
  });
}

void add_unary(std::vector<elementwise_op>& ops) {
  for_each_dtype([&]<class T>() {
    if constexpr (!is_bool<T>) {
      ops.push_back(make_op<T>("-a", [](const auto& a) { return -a; }, [](const values& v) { return negative(v[0]); }));
      ops.push_back(make_op<T>(
          "square(a)", [](const auto& a) { return weft::square(a); }, [](const values& v) { return square(v[0]); }));
      ops.push_back(make_op<T>(
          "sqrt(a)", [](const auto& a) { return weft::sqrt(a); }, [](const values& v) { return sqrt(v[0]); }));
      // SIMD exp and sin are not correctly rounded: a few units in the last place.
      ops.push_back(make_op<T>(
          "exp(a)", [](const auto& a) { return weft::exp(a); }, [](const values& v) { return exp(v[0]); }, 4));
      ops.push_back(make_op<T>(
          "sin(a)", [](const auto& a) { return weft::sin(a); }, [](const values& v) { return sin(v[0]); }, 4));
    }
    ops.push_back(make_op<T>("abs(a)", [](const auto& a) { return weft::abs(a); }, [](const values& v) { return absolute(v[0]); }));
    ops.push_back(make_op<T>("floor(a)", [](const auto& a) { return weft::floor(a); }, [](const values& v) { return floor(v[0]); }));
    ops.push_back(make_op<T>("isnan(a)", [](const auto& a) { return weft::isnan(a); }, [](const values& v) { return isnan(v[0]); }));
    ops.push_back(make_op<T>("!a", [](const auto& a) { return !a; }, [](const values& v) { return logical_not(v[0]); }));
    ops.push_back(make_op<T>(
        "astype<double>(a)", [](const auto& a) { return weft::astype<double>(a); },
        [](const values& v) { return cast(v[0], dtype::float64); }));
    if constexpr (!std::is_floating_point_v<T>)
      ops.push_back(make_op<T>(
          "astype<int64_t>(a)", [](const auto& a) { return weft::astype<std::int64_t>(a); },
          [](const values& v) { return cast(v[0], dtype::int64); }));
  });
}

// C++ scalars are weak (NEP 50): they take the array's dtype where they fit its kind.
void add_weak_scalars(std::vector<elementwise_op>& ops) {
  for_each_dtype([&]<class T>() {
    ops.push_back(make_op<T>("a * 2", [](const auto& a) { return a * 2; }, [](const values& v) {
      return multiply(v[0], make_int(with_weak_int(v[0].t), 2));
    }));
    ops.push_back(make_op<T>("2.5 + a", [](const auto& a) { return 2.5 + a; }, [](const values& v) {
      return add(make_float(with_weak_float(v[0].t), 2.5), v[0]);
    }));
    ops.push_back(make_op<T>("a / 3", [](const auto& a) { return a / 3; }, [](const values& v) {
      return true_divide(v[0], make_int(with_weak_int(v[0].t), 3));
    }));
  });
}

// Operands of rank 2 and 1 broadcast against rank 3 by NumPy's rule
// (missing axes are leading axes of extent 1).
void add_lower_rank(std::vector<elementwise_op>& ops) {
  auto for_some = [&]<class T>() {
    ops.push_back(make_op<T, T>(
        "a + b[0] (rank 2)", [](const auto& a, const auto& b) { return a + b(0, weft::all, weft::all); },
        [](const values& v) { return add(v[0], v[1]); }, 0, {0, 1}));
    ops.push_back(make_op<T, T>(
        "b[0, 0] * a (rank 1)", [](const auto& a, const auto& b) { return b(0, 0, weft::all) * a; },
        [](const values& v) { return multiply(v[1], v[0]); }, 0, {0, 2}));
  };
  for_some.template operator()<float>();
  if constexpr (!subset) {
    for_some.template operator()<std::int32_t>();
    for_some.template operator()<double>();
  }
}

} // namespace

std::vector<elementwise_op> elementwise_ops() {
  std::vector<elementwise_op> ops;
  add_binary_mixed(ops);
  add_binary_same(ops);
  add_unary(ops);
  add_weak_scalars(ops);
  add_lower_rank(ops);
  return ops;
}

} // namespace diff
