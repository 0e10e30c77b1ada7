// Every policy gives the same values: sizes that are not multiples of any
// SIMD width, empty and one-element arrays, the tiled loop for transposed
// operands, threads forced with weft::par, chunks that split rows.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "../expr/helpers.hpp"

using weft::all;
using weft::index_t;
using weft::none;
using weft::range;

namespace {

constexpr index_t sizes[] = {0, 1, 7, 1023, 1'000'003};

template <class T>
weft::ndarray<T, 1> values(index_t n, int seed) {
  weft::ndarray<T, 1> a(weft::shape<1>{n});
  std::uint64_t s = 0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(seed + 1);
  for (index_t i = 0; i < n; ++i) {
    s ^= s << 13, s ^= s >> 7, s ^= s << 17;  // xorshift
    if constexpr (std::is_floating_point_v<T>) a(i) = static_cast<T>(static_cast<double>(s % 2000001) / 1000.0 - 1000.0);
    else a(i) = static_cast<T>(static_cast<std::int64_t>(s % 2001) - 1000);
  }
  return a;
}

// The reference for a * b + c - a / b, each operation rounded on its own as
// NumPy does (volatile keeps the compiler from fusing a * b + c).
double reference(double a, double b, double c) {
  volatile double p = a * b;
  volatile double q = p + c;
  volatile double r = a / b;
  return q - r;
}

}  // namespace

TEST_CASE("+ - * / on doubles give bit-identical results under every policy, at every size") {
  weft::set_num_threads(2);
  for (index_t n : sizes) {
    const auto a = values<double>(n, 1), b = values<double>(n, 2), c = values<double>(n, 3);
    std::vector<double> want(static_cast<std::size_t>(n));
    for (index_t i = 0; i < n; ++i) want[static_cast<std::size_t>(i)] = reference(a(i), b(i), c(i));
    for (const auto& p : wt::all_policies) {
      const auto r = weft::eval(a * b + c - a / b, p.policy);
      REQUIRE(r.size() == n);
      wt::check_elements(r, want.data(), n, 0, "n=" + std::to_string(n) + " under " + p.name, wt::none_described);
    }
  }
}

TEST_CASE("float, int32, int64 and bool expressions agree under every policy, at every size") {
  for (index_t n : sizes) {
    const auto f = values<float>(n, 4), g = values<float>(n, 5);
    const auto i = values<std::int32_t>(n, 6), j = values<std::int32_t>(n, 7);
    const auto k = values<std::int64_t>(n, 8);
    const auto fs = weft::eval(f * g - 2.0f * f, weft::seq);
    const auto is = weft::eval((i * j + 3) % 7 - (i >> 2), weft::seq);
    const auto ks = weft::eval(weft::maximum(k, -k) * k + weft::abs(k), weft::seq);
    const auto bs = weft::eval((f < g) != (i > j), weft::seq);
    const auto ms = weft::eval(weft::minimum(f, g), weft::seq);
    // The scalar reference, element by element.
    index_t bad = 0;
    for (index_t e = 0; e < n; ++e) {
      volatile float fg = f(e) * g(e), twice = 2.0f * f(e);  // rounded apart, as NumPy (no FMA contraction)
      bad += fs(e) != fg - twice;
      const std::int32_t x = i(e) * j(e) + 3;
      bad += is(e) != ((x % 7 + 7) % 7) - (i(e) >> 2);
      bad += ks(e) != std::max(k(e), -k(e)) * k(e) + std::abs(k(e));
      bad += bs(e) != ((f(e) < g(e)) != (i(e) > j(e)));
      bad += ms(e) != std::min(f(e), g(e));
    }
    CHECK_MESSAGE(bad == 0, "n=" << n);
    for (const auto& p : wt::all_policies) {
      INFO("n=", n, " under ", std::string(p.name));
      const auto fr = weft::eval(f * g - 2.0f * f, p.policy);
      const auto ir = weft::eval((i * j + 3) % 7 - (i >> 2), p.policy);
      const auto kr = weft::eval(weft::maximum(k, -k) * k + weft::abs(k), p.policy);
      const auto br = weft::eval((f < g) != (i > j), p.policy);
      const auto mr = weft::eval(weft::minimum(f, g), p.policy);
      index_t diff = 0;
      for (index_t e = 0; e < n; ++e)
        diff += !wt::same(fr(e), fs(e)) + (ir(e) != is(e)) + (kr(e) != ks(e)) + (br(e) != bs(e)) + !wt::same(mr(e), ms(e));
      CHECK(diff == 0);
    }
  }
}

// NumPy's integers wrap around. AVX2 has no 64-bit lane multiply, and xsimd's
// lane-by-lane fallback multiplied signed values (undefined behaviour on
// overflow, found by UBSan through tests/diff); weft multiplies the bits as
// unsigned lanes. The reference here wraps through unsigned arithmetic.
TEST_CASE_TEMPLATE("integer + - * and square wrap around under every policy", T, std::int32_t, std::int64_t) {
  using U = std::make_unsigned_t<T>;
  using lim = std::numeric_limits<T>;
  const T extremes[] = {lim::max(), lim::min(), T(lim::min() + 1), T(-1), T(3), T(lim::max() / 2 + 1)};
  const index_t n = 37;  // whole batches and a tail
  weft::ndarray<T, 1> a(weft::shape<1>{n}), b(weft::shape<1>{n});
  for (index_t e = 0; e < n; ++e) {
    a(e) = extremes[e % 6];
    b(e) = extremes[(e / 6 + e) % 6];
  }
  auto wrap = [](U x) { return static_cast<T>(x); };
  for (const auto& p : wt::all_policies) {
    INFO("under ", std::string(p.name));
    const auto product = weft::eval(a * b, p.policy);
    const auto squared = weft::eval(weft::square(a), p.policy);
    const auto mixed = weft::eval(a * b + a - b, p.policy);
    for (index_t e = 0; e < n; ++e) {
      const U x = static_cast<U>(a(e)), y = static_cast<U>(b(e));
      CHECK(product(e) == wrap(static_cast<U>(x * y)));
      CHECK(squared(e) == wrap(static_cast<U>(x * x)));
      CHECK(mixed(e) == wrap(static_cast<U>(x * y + x - y)));
    }
  }
}

TEST_CASE("transcendental functions agree across policies within the SIMD ulp bound, at every size") {
  for (index_t n : sizes) {
    const auto a = values<double>(n, 9);
    const auto s = weft::eval(weft::sin(a) * weft::exp(a / 1000.0) + weft::sqrt(weft::abs(a)), weft::seq);
    for (const auto& p : wt::all_policies) {
      const auto r = weft::eval(weft::sin(a) * weft::exp(a / 1000.0) + weft::sqrt(weft::abs(a)), p.policy);
      // Each operation within 4 ulp, so the sum within a few more.
      wt::check_elements(r, s.data(), n, 16, "n=" + std::to_string(n) + " under " + p.name, wt::none_described);
    }
  }
}

TEST_CASE("rank-0 arrays evaluate under every policy") {
  weft::ndarray<double, 0> x(weft::shape<0>{}, 2.0);
  for (const auto& p : wt::all_policies) {
    const auto r = weft::eval(x * 3.0 + weft::sqrt(x), p.policy);
    static_assert(decltype(r)::rank == 0);
    CHECK(*r.data() == 6.0 + std::sqrt(2.0));
  }
}

TEST_CASE("the tiled loop (operands that disagree on the fast axis) is right at every policy") {
  for (const auto& rc : {std::pair<index_t, index_t>{100, 130}, {1000, 1000}, {33, 1025}, {31, 40}}) {
    const index_t rows = rc.first, cols = rc.second;  // (clang 14 cannot capture structured bindings)
    const auto at = weft::eval(weft::arange(double(rows * cols)).reshape({cols, rows}) * 1.0);  // (cols, rows)
    const auto b = weft::eval(weft::arange(double(rows * cols)).reshape({rows, cols}) * 0.5);
    for (const auto& p : wt::all_policies) {
      INFO(rows, "x", cols, " under ", std::string(p.name));
      const auto r = weft::eval(at.T() + b, p.policy);
      REQUIRE(r.shape() == weft::shape<2>{rows, cols});
      index_t bad = 0;
      for (index_t i = 0; i < rows; ++i)
        for (index_t j = 0; j < cols; ++j) bad += r(i, j) != at(j, i) + b(i, j);
      CHECK(bad == 0);
      // And into a transposed destination (the destination is the odd one out).
      auto d = weft::zeros<double>({cols, rows});
      weft::assign(d.T(), b * 2.0 - at.T(), p.policy);
      bad = 0;
      for (index_t i = 0; i < rows; ++i)
        for (index_t j = 0; j < cols; ++j) bad += d(j, i) != b(i, j) * 2.0 - at(j, i);
      CHECK(bad == 0);
    }
  }
  // A batch of transposed matrices: the tiles of the 3-D loop, several per
  // matrix, the last ones partial.
  const index_t m = 300, n = 270;
  static_assert(m > weft::detail::tile_rows && n > weft::detail::tile_cols);
  const auto t3 = weft::eval(weft::arange(3.0 * m * n).reshape({3, n, m}) * 1.0);
  const auto u3 = weft::arange(3.0 * m * n).reshape({3, m, n});
  for (const auto& p : wt::all_policies) {
    const auto r = weft::eval(t3.transpose({0, 2, 1}) - u3, p.policy);
    index_t bad = 0;
    for (index_t k = 0; k < 3; ++k)
      for (index_t i = 0; i < m; ++i)
        for (index_t j = 0; j < n; ++j) bad += r(k, i, j) != t3(k, j, i) - u3(k, i, j);
    CHECK_MESSAGE(bad == 0, std::string(p.name));
  }
}

// Tiles on SIMD lanes read the transposed operand in W x W blocks
// transposed in registers (64-bit lanes on AVX) or gather it lane by lane
// (other types, or a negative stride down the columns); with a broadcast
// row, a broadcast column, a contiguous operand and a scalar in the same
// expression, in every lane type, rows and columns that leave partial blocks
// and partial tiles, and into a view whose rows start off the alignment.
TEST_CASE_TEMPLATE("the tiled loop on SIMD lanes mixes transposed, broadcast and contiguous operands", T, float, double,
                   std::int32_t, std::int64_t) {
  const index_t rows = 301, cols = 263;
  weft::ndarray<T, 2> at(weft::shape<2>{cols, rows});  // at.T() is (rows, cols)
  weft::ndarray<T, 2> b(weft::shape<2>{rows, cols});
  weft::ndarray<T, 1> row(weft::shape<1>{cols});
  weft::ndarray<T, 1> col(weft::shape<1>{rows});
  for (index_t i = 0; i < cols; ++i)
    for (index_t j = 0; j < rows; ++j) at(i, j) = static_cast<T>((i * 7 + j * 3) % 41 - 20);
  for (index_t i = 0; i < rows; ++i)
    for (index_t j = 0; j < cols; ++j) b(i, j) = static_cast<T>((i * 5 + j) % 23 - 11);
  for (index_t j = 0; j < cols; ++j) row(j) = static_cast<T>(j % 13);
  for (index_t i = 0; i < rows; ++i) col(i) = static_cast<T>(i % 7 - 3);
  const auto flipped_down = at(all, range(none, none, -1));  // .T() has stride -1 down the columns
  const auto flipped_across = at(range(none, none, -1), all);  // .T() has a negative stride along the rows
  auto check = [&](const auto& r, auto want, const std::string& what) {
    index_t bad = 0;
    for (index_t i = 0; i < rows; ++i)
      for (index_t j = 0; j < cols; ++j) bad += r(i, j) != want(i, j);
    CHECK_MESSAGE(bad == 0, what);
  };
  for (const auto& p : wt::all_policies) {
    INFO(std::string(p.name));
    auto mixed = [&](index_t i, index_t j) { return static_cast<T>(at(j, i) * T(3) + b(i, j) - row(j) + col(i)); };
    check(weft::eval(at.T() * T(3) + b - row + col(all, weft::newaxis), p.policy), mixed, "mixed");
    check(weft::eval(flipped_down.T() + b, p.policy),
          [&](index_t i, index_t j) { return static_cast<T>(at(j, rows - 1 - i) + b(i, j)); }, "flipped down");
    check(weft::eval(flipped_across.T() - b, p.policy),
          [&](index_t i, index_t j) { return static_cast<T>(at(cols - 1 - j, i) - b(i, j)); }, "flipped across");
    auto wide = weft::full<T>({rows, cols + 2}, T(99));
    wide(all, range(1, cols + 1)).assign(at.T() * T(3) + b - row + col(all, weft::newaxis), p.policy);
    index_t bad = 0;
    for (index_t i = 0; i < rows; ++i) {
      bad += wide(i, 0) != T(99) || wide(i, cols + 1) != T(99);
      for (index_t j = 0; j < cols; ++j) bad += wide(i, j + 1) != mixed(i, j);
    }
    CHECK(bad == 0);
  }
}

TEST_CASE("weft::par runs on threads; set_num_threads bounds them") {
  weft::set_num_threads(2);
  const auto a = weft::arange(1000.0);
  const auto b = weft::ones<double>({1000});
  weft::ndarray<double, 1> out(weft::shape<1>{1000});
#if WEFT_USE_TBB  // (without oneTBB every policy runs on the calling thread)
  CHECK(weft::explain(out, a + b, weft::par).find("threads: 2") != std::string::npos);
  CHECK(weft::explain(out, a + b, weft::par_simd).find("threads: 2") != std::string::npos);
  CHECK(weft::explain(out, a + b, weft::seq).find("threads: 1 (the policy is serial)") != std::string::npos);
  CHECK(weft::explain(out, a + b, weft::simd).find("threads: 1") != std::string::npos);
  CHECK(weft::explain(out, a + b, weft::auto_policy).find("threads: 1") != std::string::npos);
  weft::set_num_threads(1);
  CHECK(weft::explain(out, a + b, weft::par).find("threads: 1") != std::string::npos);
  weft::assign(out, a + b, weft::par);
  CHECK(out(999) == 1000.0);
  weft::set_num_threads(2);
  // A grain from the policy decides the chunks.
  CHECK(weft::explain(out, a + b, weft::par.with_grain(10)).find("chunks of 10") != std::string::npos);
#else
  CHECK(weft::explain(out, a + b, weft::par).find("threads: 1") != std::string::npos);
#endif
  // Strided operands and destinations with threads and chunks that cut rows.
  auto m = weft::zeros<double>({300, 301});
  const auto src = weft::arange(300.0 * 602).reshape({300, 602});
  for (const auto& p : wt::all_policies) {
    m.fill(0);
    weft::assign(m(range(none, none, -1), all), src(all, range(0, 602, 2)) * 2.0, p.policy);
    index_t bad = 0;
    for (index_t i = 0; i < 300; ++i)
      for (index_t j = 0; j < 301; ++j) bad += m(299 - i, j) != 2.0 * src(i, 2 * j);
    CHECK_MESSAGE(bad == 0, std::string(p.name));
  }
}

TEST_CASE("a 1-D expression on a million elements runs on threads under auto_policy and gives seq's values") {
  const index_t n = 1'000'003;
  const auto a = values<double>(n, 11), b = values<double>(n, 12);
  weft::ndarray<double, 1> out(weft::shape<1>{n});
#if WEFT_USE_TBB
  const std::string plan = weft::explain(out, a * b + a, weft::auto_policy);
  CHECK_MESSAGE(plan.find("threads: 2") != std::string::npos, plan);
#endif
  weft::assign(out, a * b + a, weft::auto_policy);
  const auto s = weft::eval(a * b + a, weft::seq);
  index_t bad = 0;
  for (index_t i = 0; i < n; ++i) bad += !wt::same(out(i), s(i));
  CHECK(bad == 0);
}
