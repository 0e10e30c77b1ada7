// Evaluating into a destination of another element type converts like
// astype (NumPy's unsafe casting of `out[...] = expr`), without undefined
// behaviour for NaN or out-of-range values; the ways to evaluate agree.
#include <doctest/doctest.h>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>

#include "../expr/helpers.hpp"

using weft::index_t;

TEST_CASE("a float expression stored into integer arrays converts like astype, NaN and overflow included") {
  const weft::ndarray<double, 1> x{1.5, -2.5, wt::nan_, wt::inf_, -wt::inf_, 3e9, -3e9, 1e20, 7.0};
  constexpr std::int32_t m32 = std::numeric_limits<std::int32_t>::min();
  const std::int32_t want32[] = {1, -2, m32, m32, m32, m32, m32, m32, 14};  // NumPy on x86-64
  for (const auto& p : wt::all_policies) {
    weft::ndarray<std::int32_t, 1> out(weft::shape<1>{9});
    weft::assign(out, x * 2.0 / 2.0 + (x - x) * 0.0 + weft::where(x == 7.0, 7.0, 0.0), p.policy);
    wt::check_elements(out, want32, 9, 0, std::string("into int32 under ") + p.name, wt::none_described);
    weft::ndarray<std::int64_t, 1> out64(weft::shape<1>{9});
    weft::assign(out64, x * 1.0, p.policy);
    const auto via_astype = weft::eval(weft::astype<std::int64_t>(x * 1.0), p.policy);
    wt::check_elements(out64, via_astype.data(), 9, 0, std::string("into int64 under ") + p.name,
                       wt::none_described);
  }
}

TEST_CASE("the ways to evaluate agree: eval, assign, array construction and assignment, view assignment") {
  const auto a = weft::arange(-5.0, 5.0, 0.5);
  const auto e = weft::floor(a) * 3.0 - weft::abs(a);
  const auto want = weft::eval(e, weft::seq);
  weft::ndarray<double, 1> constructed = e;
  weft::ndarray<double, 1> assigned(weft::shape<1>{3});  // another shape: takes e's
  assigned = e;
  weft::ndarray<double, 1> same_shape(weft::shape<1>{20});
  same_shape = e;
  weft::ndarray<double, 1> through_view(weft::shape<1>{20});
  through_view.as_view() = e;
  weft::ndarray<double, 1> through_assign(weft::shape<1>{20});
  weft::assign(through_assign, e, weft::par_simd);
  const weft::ndarray<double, 1> with_policy(e, weft::par);
  using result = const weft::ndarray<double, 1>*;
  for (result r : std::initializer_list<result>{&constructed, &assigned, &same_shape, &through_view, &through_assign,
                                                &with_policy}) {
    REQUIRE(r->size() == 20);
    wt::check_elements(*r, want.data(), 20, 0, "evaluation", wt::none_described);
  }
  // Into a float array: rounded to float.
  weft::ndarray<float, 1> f(weft::shape<1>{20});
  f.as_view() = e / 3.0;
  for (index_t i = 0; i < 20; ++i) CHECK(f(i) == static_cast<float>(want(i) / 3.0));
  // Comparisons into bool, bool into int.
  weft::ndarray<bool, 1> b(weft::shape<1>{20});
  b.as_view() = e > 0.0;
  weft::ndarray<std::int32_t, 1> k(weft::shape<1>{20});
  k.as_view() = e > 0.0;
  for (index_t i = 0; i < 20; ++i) {
    CHECK(b(i) == (want(i) > 0.0));
    CHECK(k(i) == (want(i) > 0.0 ? 1 : 0));
  }
}
