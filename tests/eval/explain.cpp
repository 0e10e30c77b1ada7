// weft::explain: the plan as text, without running it. The SIMD and thread
// expectations follow the build (WEFT_USE_XSIMD, WEFT_USE_TBB): the
// serial/scalar configuration builds this suite too.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "../expr/helpers.hpp"

using weft::all;
using weft::index_t;
using weft::range;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("a * b + c on doubles runs on SIMD lanes, integer division does not, and says why") {
  weft::set_num_threads(2);
  const auto a = weft::arange(1000.0), b = weft::ones<double>({1000}), c = weft::zeros<double>({1000});
  weft::ndarray<double, 1> out(weft::shape<1>{1000});
  const std::string plan = weft::explain(out, a * b + c);
  CHECK(has(plan, "expression shape (1000,) into (1000,)"));
  CHECK(has(plan, "temporary: none"));
#if WEFT_USE_XSIMD
  CHECK_MESSAGE(has(plan, "inner loop: SIMD (" + weft::detail::simd::arch_name() + ", " +
                              std::to_string(weft::detail::simd::width<double>) + " lanes)"),
                plan);
  // float lanes are twice as many.
  const auto f = weft::ones<float>({1000});
  CHECK(has(weft::explain(f * 2.0f + f), std::to_string(weft::detail::simd::width<float>) + " lanes"));
#else
  CHECK_MESSAGE(has(plan, "(no SIMD: built with WEFT_USE_XSIMD=0)"), plan);
#endif

  const auto i = weft::arange(1, 1001), j = weft::arange(1000, 0, -1);
  for (const std::string& p : {weft::explain(i / j), weft::explain(weft::floor_divide(i, j)), weft::explain(i % j)}) {
    CHECK_MESSAGE(has(p, "inner loop: scalar strided (no SIMD: "), p);
#if WEFT_USE_XSIMD
    CHECK_MESSAGE(has(p, "integer division"), p);
#endif
  }
  CHECK(has(weft::explain(a * 2.0, weft::seq), "(no SIMD: the policy asks for scalar code)"));
#if WEFT_USE_XSIMD
  CHECK(has(weft::explain(a(range(0, 1000, 2)) * 2.0), "(no SIMD: an operand's inner stride is not 0 or 1)"));
  const auto narrow = weft::zeros<double>({100, 3});
  CHECK(has(weft::explain(narrow(all, range(0, 3, 2)) + 1.0), "no SIMD"));
  // Rows one element shorter than a batch (float: 4 lanes with SSE2, 8 with
  // AVX, 16 with AVX-512), sliced out of wider rows so that the dimensions
  // do not collapse into one long row.
  constexpr index_t short_row = weft::detail::simd::width<float> - 1;
  const auto m = weft::zeros<float>({300, short_row + 2});
  CHECK(has(weft::explain(m(all, range(0, short_row)) + 1.0f), "(no SIMD: the inner extent is shorter than a batch)"));
  weft::ndarray<float, 1> fout(weft::shape<1>{1000});
  CHECK(has(weft::explain(fout, a * 2.0), "(no SIMD: the result type differs from the destination's)"));
#endif
}

TEST_CASE("operands transposed against the destination take the tiled loop") {
  const auto at = weft::zeros<double>({130, 100});
  const auto b = weft::zeros<double>({100, 130});
  const std::string plan = weft::explain(at.T() + b);
#if WEFT_USE_XSIMD
  // A contiguous destination: the tiles run on SIMD lanes, at.T gathered.
  CHECK_MESSAGE(has(plan, "inner loop: tiled (SIMD: "), plan);
  CHECK_MESSAGE(has(plan, "operands strided along the row are gathered"), plan);
#else
  CHECK_MESSAGE(has(plan, "inner loop: tiled (no SIMD: built with WEFT_USE_XSIMD=0)"), plan);
#endif
  CHECK_MESSAGE(has(weft::explain(at.T() + b, weft::par), "inner loop: tiled (no SIMD: the policy asks for scalar code)"),
                weft::explain(at.T() + b, weft::par));
  CHECK(has(plan, "expression shape (100, 130) into (100, 130)"));
  const auto big = weft::zeros<double>({1000, 1000});
  CHECK(has(weft::explain(big.T() + big), "tiled"));
  // The destination strided along the row: tiled, scalar stores.
  weft::ndarray<double, 2> dst(weft::shape<2>{130, 100});
  const std::string into_transposed = weft::explain(dst.T(), b * 2.0);
  CHECK_MESSAGE(has(into_transposed, "inner loop: tiled (no SIMD: "), into_transposed);
  // Too small to tile: plain strided.
  const auto small = weft::zeros<double>({10, 10});
  CHECK(has(weft::explain(small.T() + small), "inner loop: scalar strided"));
}

TEST_CASE("contiguous dimensions are collapsed into one loop") {
  const auto c3 = weft::zeros<double>({3, 4, 5});
  const std::string plan = weft::explain(c3 * 2.0 + c3);
  CHECK_MESSAGE(has(plan, "60)"), plan);
  CHECK(has(plan, "expression shape (3, 4, 5) into (3, 4, 5)"));
  // A broadcast row keeps the two dimensions apart.
  const auto row = weft::zeros<double>({5});
  const auto m = weft::zeros<double>({4, 5});
  CHECK(has(weft::explain(m + row), "(4, 5)"));
}

TEST_CASE("threads: many for big work under auto_policy, one below the threshold or when serial") {
  weft::set_num_threads(2);
  const auto big = weft::zeros<double>({1'000'003});
  const auto small = weft::zeros<double>({1000});
  CHECK(has(weft::explain(small * 2.0 + 1.0), "threads: 1 (work below the threshold)"));
  CHECK(has(weft::explain(big * 2.0, weft::seq), "threads: 1 (the policy is serial)"));
  CHECK(has(weft::explain(big * 2.0, weft::simd), "threads: 1 (the policy is serial)"));
#if WEFT_USE_TBB
  const std::string plan = weft::explain(big * 2.0 + 1.0);
  CHECK_MESSAGE(has(plan, "threads: 2, chunks of "), plan);
  CHECK(has(weft::explain(small * 2.0, weft::par), "threads: 2"));
  // A destination that repeats an element cannot be split over threads.
  double cell = 0;
  auto rep = weft::adapt(&cell, weft::shape<1>{1'000'003}, {0});
  CHECK(has(weft::explain(rep, big * 2.0, weft::par), "threads: 1 (the destination repeats elements"));
  // Big work on one thread says why: not the threshold.
  weft::set_num_threads(1);
  CHECK(has(weft::explain(big * 2.0 + 1.0), "threads: 1 (weft::num_threads() is 1)"));
  weft::set_num_threads(2);
#else
  CHECK(has(weft::explain(big * 2.0 + 1.0), "threads: 1 (built with WEFT_USE_TBB=0)"));
#endif
}

TEST_CASE("explain reports temporaries for overlap only") {
  auto a = weft::arange(100.0);
  CHECK(has(weft::explain(a(range(1, 100)), a(range(0, 99)) + 1.0),
            "temporary: yes, the destination overlaps a source with another layout"));
  CHECK(has(weft::explain(a, a * 2.0), "temporary: none"));
}

TEST_CASE("explain neither evaluates nor writes, and checks shapes like the evaluation") {
  auto dst = weft::full<double>({2, 3}, 7.0);
  const auto row = weft::arange(3.0);
  const std::string plan = weft::explain(dst, row * 2.0);
  CHECK(has(plan, "expression shape (3,) into (2, 3)"));
  CHECK(dst(1, 2) == 7.0);
  const auto wrong = weft::arange(4.0);
  CHECK_THROWS_WITH_AS(weft::explain(dst, wrong * 2.0),
                       "could not broadcast input array from shape (4,) into shape (2, 3)", weft::shape_error);
  // Integer pow with a negative exponent is not run, so it does not throw.
  const auto k = weft::arange(5);
  CHECK_NOTHROW(weft::explain(weft::pow(k, -1)));
}

TEST_CASE("explain lists sub-expressions computed more than once per element") {
  const auto x = weft::arange(1.0, 101.0), y = weft::arange(2.0, 102.0);
  weft::ndarray<double, 1> out(weft::shape<1>{100}), other(weft::shape<1>{100});
  auto shared = weft::log(x / y) * 3.0;  // used twice below
  SUBCASE("the same lazy sub-expression used twice") {
    const std::string plan = weft::explain(out, weft::exp(shared) + weft::sin(shared));
    CHECK_MESSAGE(has(plan, "repeated sub-expressions"), plan);
    CHECK_MESSAGE(has(plan, "  multiply(...), "), plan);
    CHECK_MESSAGE(has(plan, ": computed 2 times\n"), plan);
    CHECK_MESSAGE(!has(plan, "  log("), plan);  // (inside the repeated product: not listed again)
  }
  SUBCASE("three uses, and a part of it used once more elsewhere") {
    auto q = x / y;
    const std::string plan = weft::explain(out, weft::exp(shared) + weft::sin(shared) * weft::cos(shared) + weft::log(q));
    CHECK_MESSAGE(has(plan, "  multiply(...), "), plan);
    CHECK_MESSAGE(has(plan, ": computed 3 times\n"), plan);
    CHECK_MESSAGE(!has(plan, "true_divide(...)"), plan);  // (cheaper than the threshold)
  }
  SUBCASE("not repeats: other scalars, other arrays, other views of one array") {
    CHECK(!has(weft::explain(out, weft::log(x * 3.0) + weft::log(x * 4.0)), "repeated"));
    CHECK(has(weft::explain(out, weft::log(x) * 3.0 + weft::log(x) * 4.0), "  log(...), "));  // (log(x) twice)
    CHECK(!has(weft::explain(out, weft::log(x) + weft::log(y)), "repeated"));
    const auto rev = x(range(weft::none, weft::none, -1));
    CHECK(!has(weft::explain(out, weft::log(x) + weft::log(rev)), "repeated"));
    CHECK(!has(weft::explain(out, weft::exp(x) + weft::sin(x)), "repeated"));
  }
  SUBCASE("across the outputs of weft::outputs") {
    const std::string plan = weft::explain(std::tie(out, other), weft::outputs(weft::exp(shared), weft::sin(shared)));
    CHECK_MESSAGE(has(plan, "written together in one pass"), plan);
    CHECK_MESSAGE(has(plan, ": computed 2 times\n"), plan);
  }
  SUBCASE("a vectorize kernel's locals are computed once: nothing to report") {
    auto both = weft::vectorize([](auto a, auto b) {
      auto s = weft::log(a / b) * 3.0;
      return std::tuple(weft::exp(s), weft::sin(s));
    });
    CHECK(!has(weft::explain(std::tie(out, other), both(x, y)), "repeated"));
  }
}
