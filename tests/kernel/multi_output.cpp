// Kernels with several outputs (vectorize returning a std::tuple) and
// weft::outputs: one pass into several destinations, against plain loops.
#include "support.hpp"

#include <atomic>
#include <cmath>
#include <tuple>

using kt::index_t;
using weft::all;

namespace {

// Two results that share work (d), as Black-Scholes' call and put share d1.
auto split = weft::vectorize([](auto x, auto y) {
  auto d = x * y + x;
  return std::tuple(d + y, d - y);
});
double split_sum(double x, double y) { return x * y + x + y; }
double split_diff(double x, double y) { return x * y + x - y; }

// A function of concrete scalar types (no SIMD form), with integer outputs.
auto divmod = weft::vectorize([](std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b, r = a % b;  // (C++ truncation; the test only divides positives)
  return std::tuple(q, r);
});

// Streaming stores for every destination, whatever its size.
struct lowered_threshold {
  std::size_t saved = weft::detail::simd::streaming_threshold().exchange(64);
  ~lowered_threshold() { weft::detail::simd::streaming_threshold() = saved; }
};

} // namespace

TEST_CASE("a vectorize kernel returning a tuple: every output, one pass, every shape and policy") {
  for (index_t n : {0, 1, 2, 7, 8, 9, 31, 37, 1000, 4099, 70001}) {
    const auto x = kt::make<double>(weft::shape{n}, 1), y = kt::make<double>(weft::shape{n}, 2);
    for (const auto& p : kt::all_policies) {
      weft::ndarray<double, 1> s(weft::shape{n}), d(weft::shape{n});
      weft::assign(std::tie(s, d), split(x, y), p.policy);
      const std::string what = "n = " + std::to_string(n) + ", " + p.name;
      kt::check_all(s, [&](auto i) { return split_sum(x(i[0]), y(i[0])); }, 0, what + " (output 0)");
      kt::check_all(d, [&](auto i) { return split_diff(x(i[0]), y(i[0])); }, 0, what + " (output 1)");
    }
  }
}

TEST_CASE("multi-output kernels broadcast, take scalars, and write any layout") {
  const auto x = kt::make<double>(weft::shape{41, 1}, 3);
  const auto y = kt::make<double>(weft::shape{53}, 4);
  SUBCASE("broadcast operands into contiguous outputs") {
    weft::ndarray<double, 2> s(weft::shape{41, 53}), d(weft::shape{41, 53});
    weft::assign(std::tie(s, d), split(x, y));
    kt::check_all(s, [&](auto i) { return split_sum(x(i[0], 0), y(i[1])); }, 0, "sum");
    kt::check_all(d, [&](auto i) { return split_diff(x(i[0], 0), y(i[1])); }, 0, "diff");
  }
  SUBCASE("a weak scalar operand takes the arrays' type") {
    const auto xf = kt::make<float>(weft::shape{19}, 5);
    auto [s, d] = weft::eval(split(xf, 2.5));
    static_assert(std::is_same_v<decltype(s), weft::ndarray<float, 1>>);
    kt::check_all(s, [&](auto i) { return xf(i[0]) * 2.5f + xf(i[0]) + 2.5f; }, 0, "float sum");
    kt::check_all(d, [&](auto i) { return xf(i[0]) * 2.5f + xf(i[0]) - 2.5f; }, 0, "float diff");
  }
  SUBCASE("reversed and strided views with one layout: still one pass") {
    weft::ndarray<double, 2> s_base(weft::shape{41, 106}), d_base(weft::shape{41, 106});
    auto s = s_base(weft::range(weft::none, weft::none, -1), weft::range(0, 106, 2));
    auto d = d_base(weft::range(weft::none, weft::none, -1), weft::range(0, 106, 2));
    CHECK(weft::explain(std::tie(s, d), split(x, y)).find("written together in one pass") != std::string::npos);
    weft::assign(std::tie(s, d), split(x, y));
    kt::check_all(s, [&](auto i) { return split_sum(x(i[0], 0), y(i[1])); }, 0, "reversed sum");
    kt::check_all(d, [&](auto i) { return split_diff(x(i[0], 0), y(i[1])); }, 0, "reversed diff");
  }
  SUBCASE("outputs with different layouts go through new arrays") {
    weft::ndarray<double, 2> s(weft::shape{41, 53}), dt(weft::shape{53, 41});
    auto d = dt.T();
    CHECK(weft::explain(std::tie(s, d), split(x, y)).find("different layouts") != std::string::npos);
    for (const auto& p : kt::all_policies) {  // (the loop would tile: output 1 is fast down the columns)
      s.fill(0), d.fill(0);
      weft::assign(std::tie(s, d), split(x, y), p.policy);
      kt::check_all(s, [&](auto i) { return split_sum(x(i[0], 0), y(i[1])); }, 0, std::string("sum, ") + p.name);
      kt::check_all(d, [&](auto i) { return split_diff(x(i[0], 0), y(i[1])); }, 0, std::string("transposed, ") + p.name);
    }
  }
  SUBCASE("outputs that convert: double values into float and int64 destinations") {
    weft::ndarray<float, 2> s(weft::shape{41, 53});
    weft::ndarray<std::int64_t, 2> d(weft::shape{41, 53});
    CHECK(weft::explain(std::tie(s, d), split(x, y)).find("no SIMD") != std::string::npos);
    weft::assign(std::tie(s, d), split(x, y));
    kt::check_all(s, [&](auto i) { return float(split_sum(x(i[0], 0), y(i[1]))); }, 0, "float output");
    kt::check_all(d, [&](auto i) { return std::int64_t(split_diff(x(i[0], 0), y(i[1]))); }, 0, "int64 output");
  }
  SUBCASE("a zero-stride output repeats elements: written in order, through new arrays") {
    weft::ndarray<double, 1> s(weft::shape{53}), d_one(weft::shape{1});
    weft::view<double, 1> d(d_one.data(), weft::shape<1>{53}, weft::strides_t<1>{0});
    weft::ndarray<double, 1> y1 = y;
    weft::assign(std::tie(s, d), split(2.0, y1.as_view()));
    CHECK(d_one(0) == split_diff(2.0, y(52)));  // the last element written wins, as in NumPy
  }
}

TEST_CASE("multi-output kernels and aliasing") {
  const index_t n = 1001;
  SUBCASE("in place: outputs that are the operands, element for element") {
    auto x = kt::make<double>(weft::shape{n}, 6), y = kt::make<double>(weft::shape{n}, 7);
    const weft::ndarray<double, 1> x0 = x, y0 = y;
    CHECK(weft::explain(std::tie(x, y), split(x, y)).find("one pass") != std::string::npos);
    weft::assign(std::tie(x, y), split(x, y));
    kt::check_all(x, [&](auto i) { return split_sum(x0(i[0]), y0(i[0])); }, 0, "x in place");
    kt::check_all(y, [&](auto i) { return split_diff(x0(i[0]), y0(i[0])); }, 0, "y in place");
  }
  SUBCASE("outputs swapped over the operands") {
    auto x = kt::make<double>(weft::shape{n}, 6), y = kt::make<double>(weft::shape{n}, 7);
    const weft::ndarray<double, 1> x0 = x, y0 = y;
    weft::assign(std::tie(y, x), split(x, y));
    kt::check_all(y, [&](auto i) { return split_sum(x0(i[0]), y0(i[0])); }, 0, "y = sum");
    kt::check_all(x, [&](auto i) { return split_diff(x0(i[0]), y0(i[0])); }, 0, "x = diff");
  }
  SUBCASE("a second output over an operand read in another order (reversed)") {
    auto x = kt::make<double>(weft::shape{n}, 6);
    const weft::ndarray<double, 1> x0 = x;
    weft::ndarray<double, 1> s(weft::shape{n});
    auto rev = x(weft::range(weft::none, weft::none, -1));
    CHECK(weft::explain(std::tie(s, x), split(rev, 3.0)).find("overlaps an operand") != std::string::npos);
    weft::assign(std::tie(s, x), split(rev, 3.0));
    kt::check_all(s, [&](auto i) { return split_sum(x0(n - 1 - i[0]), 3.0); }, 0, "sum of reversed");
    kt::check_all(x, [&](auto i) { return split_diff(x0(n - 1 - i[0]), 3.0); }, 0, "diff into the operand");
  }
  SUBCASE("the first output over an operand read shifted") {
    auto x = kt::make<double>(weft::shape{n + 1}, 8);
    const weft::ndarray<double, 1> x0 = x;
    weft::ndarray<double, 1> d(weft::shape{n});
    auto head = x(weft::range(0, n)), tail = x(weft::range(1, n + 1));
    weft::assign(std::tie(head, d), split(tail, tail));
    kt::check_all(head, [&](auto i) { return split_sum(x0(i[0] + 1), x0(i[0] + 1)); }, 0, "shifted sum");
    kt::check_all(d, [&](auto i) { return split_diff(x0(i[0] + 1), x0(i[0] + 1)); }, 0, "shifted diff");
  }
  SUBCASE("the same array twice: the last output wins") {
    auto x = kt::make<double>(weft::shape{n}, 6);
    weft::ndarray<double, 1> out(weft::shape{n});
    weft::assign(std::tie(out, out), split(x, 1.0));
    kt::check_all(out, [&](auto i) { return split_diff(x(i[0]), 1.0); }, 0, "last output");
  }
}

TEST_CASE("multi-output kernels without SIMD: concrete scalar types, integers, typed signatures") {
  const auto a = weft::arange<std::int64_t>(1, 200), b = weft::full<std::int64_t>({199}, 7);
  auto [q, r] = weft::eval(divmod(a, b));
  static_assert(std::is_same_v<decltype(q), weft::ndarray<std::int64_t, 1>>);
  kt::check_all(q, [&](auto i) { return (i[0] + 1) / 7; }, 0, "quotient");
  kt::check_all(r, [&](auto i) { return (i[0] + 1) % 7; }, 0, "remainder");
  CHECK(divmod(std::int64_t{17}, std::int64_t{5}) == std::tuple<std::int64_t, std::int64_t>(3, 2));

  auto typed = weft::vectorize<std::tuple<double, float>(double, double)>(
      [](double x, double y) { return std::tuple(x / y, float(x * y)); });
  const auto xi = weft::arange<std::int32_t>(1, 50);
  auto [ratio, product] = weft::eval(typed(xi, 4));  // int32 operands cast safely to double
  static_assert(std::is_same_v<decltype(product), weft::ndarray<float, 1>>);
  kt::check_all(ratio, [&](auto i) { return double(i[0] + 1) / 4.0; }, 0, "typed ratio");
  kt::check_all(product, [&](auto i) { return float(double(i[0] + 1) * 4.0); }, 0, "typed product");

  auto scalar = weft::vectorize([](auto x, auto y) { return std::tuple(std::fmin(x, y), std::fmax(x, y)); },
                                weft::scalar_only);
  const auto x = kt::make<double>(weft::shape{101}, 1), y = kt::make<double>(weft::shape{101}, 2);
  auto [lo, hi] = weft::eval(scalar(x, y), weft::par.with_grain(10));
  kt::check_all(lo, [&](auto i) { return std::fmin(x(i[0]), y(i[0])); }, 0, "scalar_only min");
  kt::check_all(hi, [&](auto i) { return std::fmax(x(i[0]), y(i[0])); }, 0, "scalar_only max");
}

TEST_CASE("weft::outputs: several expressions, one pass") {
  const auto x = kt::make<double>(weft::shape{9, 70}, 1);
  const auto y = kt::make<double>(weft::shape{70}, 2);
  auto [lo, hi, count] = weft::eval(weft::outputs(x - y, x + y, weft::astype<std::int32_t>(x * 10)));
  static_assert(std::is_same_v<decltype(count), weft::ndarray<std::int32_t, 2>>);
  kt::check_all(lo, [&](auto i) { return x(i[0], i[1]) - y(i[1]); }, 0, "lo");
  kt::check_all(hi, [&](auto i) { return x(i[0], i[1]) + y(i[1]); }, 0, "hi");
  kt::check_all(count, [&](auto i) { return std::int32_t(x(i[0], i[1]) * 10); }, 0, "count");
#if WEFT_USE_XSIMD
  CHECK(weft::explain(weft::outputs(x - y, x + y)).find("SIMD (") != std::string::npos);
#endif
  weft::ndarray<double, 2> a(weft::shape{9, 70}), b(weft::shape{9, 70});
  weft::assign(std::tie(a, b), weft::outputs(x * 2, weft::sqrt(x)), weft::par_simd.with_grain(64));
  kt::check_all(a, [&](auto i) { return x(i[0], i[1]) * 2; }, 0, "a");
  kt::check_all(b, [&](auto i) { return std::sqrt(x(i[0], i[1])); }, 0, "b");
}

TEST_CASE("multi-output kernels with streaming stores, aligned or not") {
  lowered_threshold low;
  const index_t n = 4096 + 3;
  const auto x = kt::make<double>(weft::shape{n}, 1), y = kt::make<double>(weft::shape{n}, 2);
  weft::ndarray<double, 1> s(weft::shape{n}), d_base(weft::shape{n + 1});
  auto d = d_base(weft::range(1, n + 1));  // one element off the alignment of s
  for (const auto& p : kt::all_policies) {
    weft::assign(std::tie(s, d), split(x, y), p.policy);
    kt::check_all(s, [&](auto i) { return split_sum(x(i[0]), y(i[0])); }, 0, std::string("streamed sum, ") + p.name);
    kt::check_all(d, [&](auto i) { return split_diff(x(i[0]), y(i[0])); }, 0, std::string("misaligned diff, ") + p.name);
  }
}

TEST_CASE("multi-output shape errors name both shapes") {
  const auto x = kt::make<double>(weft::shape{5}, 1);
  weft::ndarray<double, 1> s(weft::shape{5}), d(weft::shape{6});
  CHECK_THROWS_WITH_AS(weft::assign(std::tie(s, d), split(x, x)),
                       "weft::assign: output 1 has shape (6,) but output 0 has shape (5,); every output must have the "
                       "same shape",
                       weft::shape_error);
  weft::ndarray<double, 1> s4(weft::shape{4}), d4(weft::shape{4});
  CHECK_THROWS_AS(weft::assign(std::tie(s4, d4), split(x, x)), weft::shape_error);
  try {
    weft::assign(std::tie(s4, d4), split(x, x));
  } catch (const weft::shape_error& e) {
    const std::string msg = e.what();
    CHECK(msg.find("(5,)") != std::string::npos);
    CHECK(msg.find("(4,)") != std::string::npos);
  }
  CHECK(s4(0) == s4(0));  // (nothing written: unchanged, finite)
}
