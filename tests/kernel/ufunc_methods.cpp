// reduce, accumulate and outer of vectorized kernels: NumPy's values for a
// non-associative kernel (subtract), naive left folds on odd 3-D shapes and
// strided views under every policy, empty inputs, axis errors.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "support.hpp"

using weft::index_t;
using weft::none;
using weft::range;

namespace {

auto subtract = weft::vectorize([](auto x, auto y) { return x - y; });
// Scalar-only, non-associative, result dtype double from int inputs.
auto halve_diff = weft::vectorize([](double acc, double x) { return 0.5 * acc - x; });

// The left fold of `v` along `axis`, naively; running=true keeps every step.
template <class R, class T, std::size_t N, class Fn>
weft::ndarray<R, N> naive_scan(const weft::view<const T, N>& v, std::size_t axis, Fn fn) {
  weft::ndarray<R, N> out(v.shape());
  for (index_t f = 0; f < v.size(); ++f) {
    auto idx = kt::unravel<N>(f, v.shape());
    if (idx[axis] == 0) {
      out.as_view().data()[f] = static_cast<R>(kt::at(v, idx));
    } else {
      auto prev = idx;
      --prev[axis];
      out.data()[f] = static_cast<R>(fn(kt::at(out.as_view(), prev), kt::at(v, idx)));
    }
  }
  return out;
}

} // namespace

TEST_CASE("NumPy's values for subtract.reduce, accumulate and outer") {
  const weft::ndarray<double, 2> a{{1, 2, 3}, {4, 5, 6}};
  const auto r0 = subtract.reduce(a, 0), r1 = subtract.reduce(a, 1), rm1 = subtract.reduce(a, -1);
  const double want_r0[] = {-3, -3, -3}, want_r1[] = {-4, -7};
  kt::check_all(r0, [&](auto i) { return want_r0[i[0]]; }, 0, "reduce axis 0");
  kt::check_all(r1, [&](auto i) { return want_r1[i[0]]; }, 0, "reduce axis 1");
  kt::check_all(rm1, [&](auto i) { return want_r1[i[0]]; }, 0, "reduce axis -1");
  CHECK(subtract.reduce(a, weft::none) == -19.0);  // axis=None: row-major order, as subtract.reduce(a.ravel())
  kt::check_all(subtract.reduce(a), [&](auto i) { return want_r0[i[0]]; }, 0, "reduce, NumPy's default axis 0");
  const double acc0[2][3] = {{1, 2, 3}, {-3, -3, -3}}, acc1[2][3] = {{1, -1, -4}, {4, -1, -7}};
  kt::check_all(subtract.accumulate(a), [&](auto i) { return acc0[i[0]][i[1]]; }, 0, "accumulate axis 0");
  kt::check_all(subtract.accumulate(a, 1), [&](auto i) { return acc1[i[0]][i[1]]; }, 0, "accumulate axis 1");
  const weft::ndarray<std::int64_t, 1> x{1, 2}, y{10, 20, 30};
  const weft::ndarray<std::int64_t, 2> o = subtract.outer(x, y);
  const std::int64_t want_o[2][3] = {{-9, -19, -29}, {-8, -18, -28}};
  CHECK(o.shape() == weft::shape{2, 3});
  kt::check_all(o, [&](auto i) { return want_o[i[0]][i[1]]; }, 0, "outer");
}

TEST_CASE("reduce and accumulate along every axis of odd 3-D shapes and views, every policy") {
  const weft::shape<3> shapes[] = {weft::shape{1, 1, 1}, weft::shape{3, 7, 5}, weft::shape{2, 1023, 3}, weft::shape{5, 3, 1027}};
  for (const auto& s : shapes) {
    const auto base = kt::make<double>(s, 11);
    // The array itself, and a view with reversed and transposed axes.
    const weft::view<const double, 3> plain = base.as_view();
    const weft::view<const double, 3> odd = base(range(none, none, -1), weft::all, weft::all).transpose({2, 0, 1});
    for (const auto& v : {plain, odd}) {
      for (int axis = -3; axis < 3; ++axis) {
        const std::size_t k = static_cast<std::size_t>(axis < 0 ? axis + 3 : axis);
        const auto running = naive_scan<double>(v, k, [](double acc, double x) { return 0.5 * acc - x; });
        for (const auto& p : kt::all_policies) {
          const std::string what = weft::to_string(v.shape()) + " axis " + std::to_string(axis) + " " + p.name;
          const auto acc = halve_diff.accumulate(v, axis, p.policy);
          CHECK(acc.shape() == v.shape());
          kt::check_all(acc, [&](auto i) { return running(i[0], i[1], i[2]); }, 0, "accumulate " + what);
          const auto red = halve_diff.reduce(v, axis, p.policy);
          kt::check_all(red, [&](auto i) {
            std::array<index_t, 3> full{};
            for (std::size_t d = 0, j = 0; d < 3; ++d) full[d] = d == k ? v.shape()[k] - 1 : i[j++];
            return kt::at(running.as_view(), full);
          }, 0, "reduce " + what);
        }
      }
    }
  }
}

TEST_CASE("the accumulator dtype is the kernel's result for two elements") {
  const weft::ndarray<std::int32_t, 1> i{3, 4, 5};
  // halve_diff takes doubles: the fold runs in double, 0.5 * (0.5 * 3 - 4) - 5.
  const auto r = halve_diff.reduce(i);
  static_assert(std::is_same_v<std::remove_const_t<decltype(r)>, double>);
  CHECK(r == 0.5 * (0.5 * 3 - 4) - 5);
  const auto s = subtract.reduce(i);
  static_assert(std::is_same_v<std::remove_const_t<decltype(s)>, std::int32_t>);
  CHECK(s == -6);
  // A typed kernel folds through its chosen signature.
  auto typed = weft::vectorize<float(float, float)>([](auto x, auto y) { return x * y; });
  const weft::ndarray<std::int16_t, 1> h{2, 3, 4};
  const auto t = typed.reduce(h);
  static_assert(std::is_same_v<std::remove_const_t<decltype(t)>, float>);
  CHECK(t == 24.0f);
}

TEST_CASE("reduce and accumulate of expressions, whole-array reduce of views, empty inputs, bad axes") {
  const auto a = kt::make<double>(weft::shape{6, 9}, 12);
  const auto e = subtract.reduce(a * 2.0 + 1.0, 1);
  kt::check_all(e, [&](auto i) {
    double acc = a(i[0], 0) * 2.0 + 1.0;
    for (index_t j = 1; j < 9; ++j) acc = acc - (a(i[0], j) * 2.0 + 1.0);
    return acc;
  }, 0, "reduce of an expression");
  double want = a(5, 8);
  for (index_t j = 7; j >= 0; --j) want -= a(5, j);
  CHECK(subtract.reduce(a(5, range(none, none, -1))) == want);

  CHECK_THROWS_AS(subtract.reduce(weft::ndarray<double, 1>(weft::shape<1>{0})), weft::value_error);
  CHECK_THROWS_AS(subtract.reduce(weft::zeros<double>({0, 3}), 0), weft::value_error);
  CHECK(subtract.reduce(weft::zeros<double>({0, 3}), 1).shape() == weft::shape<1>{0});
  CHECK(subtract.reduce(weft::zeros<double>({3, 0}), 0).shape() == weft::shape<1>{0});
  CHECK(subtract.accumulate(weft::zeros<double>({0, 3}), 0).shape() == weft::shape{0, 3});
  CHECK_THROWS_AS(subtract.reduce(a, 2), weft::index_error);
  CHECK_THROWS_AS(subtract.accumulate(a, -3), weft::index_error);
}

TEST_CASE("outer is lazy and broadcasts over both operands' full shapes") {
  const auto a = kt::make<double>(weft::shape{3, 4}, 13);
  const auto b = kt::make<double>(weft::shape{index_t{5}}, 14);
  auto f = weft::vectorize([](auto x, auto y) { return x * weft::exp(y); });
  const auto node = f.outer(a, b(range(none, none, -1)));
  CHECK(node.shape() == weft::shape{3, 4, 5});
  for (const auto& p : kt::all_policies) {
    weft::ndarray<double, 3> out(node.shape());
    weft::assign(out, node, p.policy);
    kt::check_all(out, [&](auto i) { return a(i[0], i[1]) * std::exp(b(4 - i[2])); }, 2, p.name);
  }
  // Temporaries and expressions are owned by the result; a scalar is rank 0.
  auto make = [&] { return f.outer(a + 1.0, weft::ndarray<double, 1>(b)); };
  const weft::ndarray<double, 3> owned = make();
  kt::check_all(owned, [&](auto i) { return (a(i[0], i[1]) + 1.0) * std::exp(b(i[2])); }, 2, "owned");
  const weft::ndarray<double, 1> with_scalar = f.outer(2.0, b);
  kt::check_all(with_scalar, [&](auto i) { return 2.0 * std::exp(b(i[0])); }, 2, "scalar");
  CHECK(weft::sum(f.outer(b, b)) == doctest::Approx(weft::sum(b) * weft::sum(weft::exp(b))));
}
