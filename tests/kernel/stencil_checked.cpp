// Built with WEFT_BOUNDS_CHECK=1 (its own executable: every unit of a
// program must agree on the macro): a stencil read outside its
// neighbourhood throws index_error, in the interior (on SIMD lanes or not)
// and on the border, instead of reading outside the array.
#include <doctest/doctest.h>

#include "weft/weft.hpp"

static_assert(WEFT_BOUNDS_CHECK, "this suite is built with WEFT_BOUNDS_CHECK=1");

TEST_CASE("reads outside a given neighbourhood throw under WEFT_BOUNDS_CHECK") {
  const weft::ndarray<double, 2> a = weft::linspace(0.0, 1.0, 40 * 50).reshape({40, 50});
  auto laplace = [](const auto& u) { return u(-1, 0) + u(1, 0) + u(0, -1) + u(0, 1); };
  const auto too_small = weft::stencil(laplace).with_neighbourhood({{-1, 1}, {0, 1}});
  for (const auto& policy : {weft::seq, weft::simd, weft::par_simd})
    CHECK_THROWS_AS(too_small(a, policy), weft::index_error);
  CHECK_THROWS_AS(too_small.with_border(weft::border::wrap)(weft::ndarray<double, 2>(weft::shape{1, 1})),
                  weft::index_error);  // all border
  const auto right = weft::stencil(laplace, weft::border::wrap).with_neighbourhood({{-1, 1}, {-1, 1}});
  const auto out = right(a, weft::par_simd);
  CHECK(out(0, 0) == a(39, 0) + a(1, 0) + a(0, 49) + a(0, 1));
  CHECK(out(20, 20) == a(19, 20) + a(21, 20) + a(20, 19) + a(20, 21));
  // The recorded neighbourhood is always enough.
  CHECK_NOTHROW(weft::stencil(laplace)(a));
}
