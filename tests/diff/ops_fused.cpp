// Expressions of several operations, fused into one weft loop, and the
// reductions (on a view, or fused with a product).
#include "diff.hpp"

namespace diff {
namespace {

using values = std::vector<value>;

template <class T>
void add_formulas(std::vector<elementwise_op>& ops) {
  ops.push_back(make_op<T, T, T>(
      "2 * a + 3 * b * b - c", [](const auto& a, const auto& b, const auto& c) { return 2 * a + 3 * b * b - c; },
      [](const values& v) {
        const dtype t = with_weak_int(v[0].t);
        return subtract(add(multiply(make_int(t, 2), v[0]), multiply(multiply(make_int(t, 3), v[1]), v[1])), v[2]);
      }));
  ops.push_back(make_op<T, T, T>(
      "where(a > b, a - b, b * c)",
      [](const auto& a, const auto& b, const auto& c) { return weft::where(a > b, a - b, b * c); },
      [](const values& v) { return where(greater(v[0], v[1]), subtract(v[0], v[1]), multiply(v[1], v[2])); }));
  ops.push_back(make_op<T, T, T>(
      "minimum(a, b) * c + a",
      [](const auto& a, const auto& b, const auto& c) { return weft::minimum(a, b) * c + a; },
      [](const values& v) { return add(multiply(minimum(v[0], v[1]), v[2]), v[0]); }));
  ops.push_back(make_op<T, T, T>(
      "(a + b) * (a - c)", [](const auto& a, const auto& b, const auto& c) { return (a + b) * (a - c); },
      [](const values& v) { return multiply(add(v[0], v[1]), subtract(v[0], v[2])); }));
  ops.push_back(make_op<T, T, T>(
      "-(a * b) + abs(c)", [](const auto& a, const auto& b, const auto& c) { return -(a * b) + weft::abs(c); },
      [](const values& v) { return add(negative(multiply(v[0], v[1])), absolute(v[2])); }));
  if constexpr (std::is_floating_point_v<T>) {
    ops.push_back(make_op<T, T, T>(
        "sqrt(abs(a)) * b / c",
        [](const auto& a, const auto& b, const auto& c) { return weft::sqrt(weft::abs(a)) * b / c; },
        [](const values& v) { return true_divide(multiply(sqrt(absolute(v[0])), v[1]), v[2]); }));
    ops.push_back(make_op<T, T, T>(
        "sin(a) * cos(b) * c",
        [](const auto& a, const auto& b, const auto& c) { return weft::sin(a) * weft::cos(b) * c; },
        [](const values& v) { return multiply(multiply(sin(v[0]), cos(v[1])), v[2]); }, 8));
  } else {
    ops.push_back(make_op<T, T, T>(
        "floor_divide(a, b) * b + mod(a, c)",
        [](const auto& a, const auto& b, const auto& c) { return weft::floor_divide(a, b) * b + weft::mod(a, c); },
        [](const values& v) { return add(multiply(floor_divide(v[0], v[1]), v[1]), remainder(v[0], v[2])); }));
    ops.push_back(make_op<T, T, T>(
        "(a < b) && !(c == b)", [](const auto& a, const auto& b, const auto& c) { return (a < b) && !(c == b); },
        [](const values& v) { return logical_and(less(v[0], v[1]), logical_not(equal(v[2], v[1]))); }));
  }
}

// Promotion inside a fused tree: the inner node's dtype meets the outer operand's.
template <class A, class B, class C>
void add_mixed_formula(std::vector<elementwise_op>& ops) {
  ops.push_back(make_op<A, B, C>(
      "(a + b) * c - a", [](const auto& a, const auto& b, const auto& c) { return (a + b) * c - a; },
      [](const values& v) { return subtract(multiply(add(v[0], v[1]), v[2]), v[0]); }));
}

template <class Reducer>
auto reduce_with(Reducer reducer) {
  return [reducer](const auto& x, int axis, const weft::execution_policy& policy) -> any_array {
    if (axis >= 0) return any_array(reducer(x, axis, weft::keepdims, policy));
    const auto whole = reducer(x, policy);
    using R = std::remove_const_t<decltype(whole)>;
    return any_array(array3<R>(weft::shape<3>{1, 1, 1}, whole));
  };
}

template <class... T, class Reducer, class F>
reduction_op make_reduction(std::string text, reduction_kind kind, Reducer reducer, F operand,
                            std::function<value(const values&)> element) {
  using E = expression_of<F, T...>;
  reduction_op op;
  op.text = std::move(text);
  op.kind = kind;
  op.args = {dtype_of<T>()...};
  using R = typename decltype(reducer(std::declval<E>(), 0, weft::keepdims))::value_type;
  op.result = dtype_of<R>();
  op.element = std::move(element);
  op.run = [reducer, operand](const std::vector<any_operand>& in, int axis, const weft::execution_policy& policy) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return reduce_with(reducer)(operand(std::get<const_view3<T>>(in[I])...), axis, policy);
    }(std::index_sequence_for<T...>{});
  };
  return op;
}

} // namespace

std::vector<elementwise_op> fused_ops() {
  std::vector<elementwise_op> ops;
  add_formulas<std::int64_t>(ops);
  add_formulas<float>(ops);
  add_mixed_formula<std::int64_t, float, bool>(ops);
  if constexpr (!subset) {
    add_formulas<std::int32_t>(ops);
    add_formulas<double>(ops);
    add_mixed_formula<std::int32_t, float, double>(ops);
    add_mixed_formula<bool, std::int32_t, float>(ops);
  }
  return ops;
}

std::vector<reduction_op> reduction_ops() {
  std::vector<reduction_op> ops;
  const auto itself = [](const auto& a) { return a; };
  const auto first = [](const values& v) { return v[0]; };
  for_each_dtype([&]<class T>() {
    ops.push_back(make_reduction<T>("sum(a)", reduction_kind::sum, weft::sum, itself, first));
    ops.push_back(make_reduction<T>("max(a)", reduction_kind::max, weft::max, itself, first));
    ops.push_back(make_reduction<T>("min(a)", reduction_kind::min, weft::min, itself, first));
    ops.push_back(make_reduction<T>("mean(a)", reduction_kind::mean, weft::mean, itself, first));
    ops.push_back(make_reduction<T>("argmax(a)", reduction_kind::argmax, weft::argmax, itself, first));
  });
  const auto product = [](const auto& a, const auto& b) { return a * b; };
  const auto product_of = [](const values& v) { return multiply(v[0], v[1]); };
  ops.push_back(make_reduction<float, float>("sum(a * b)", reduction_kind::sum, weft::sum, product, product_of));
  if constexpr (!subset) {
    ops.push_back(make_reduction<std::int32_t, std::int32_t>("sum(a * b)", reduction_kind::sum, weft::sum, product,
                                                             product_of));
    ops.push_back(make_reduction<double, double>("sum(a * b)", reduction_kind::sum, weft::sum, product, product_of));
    ops.push_back(make_reduction<double, double>("max(a * b)", reduction_kind::max, weft::max, product, product_of));
  }
  return ops;
}

} // namespace diff
