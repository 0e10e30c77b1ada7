// Expressions hold temporaries by value: one returned from a function, or
// kept in a variable after the full-expression that made its operands, does
// not dangle. Run this suite under AddressSanitizer too.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <utility>

#include "../expr/helpers.hpp"

using weft::all;
using weft::index_t;

namespace {

auto twice_arange() { return weft::arange(10.0) * 2.0; }

auto nested_temporaries() {
  return weft::sin(weft::arange(10.0)) + weft::ones<double>({10}) * weft::linspace(0.0, 1.0, 10);
}

// A by-value parameter is an lvalue inside the function: moving it into the
// expression is what makes the expression own it.
auto scaled(weft::ndarray<double, 1> a, double k) { return std::move(a) * k + 1.0; }

// Slices and transposes of temporaries are arrays, not views.
auto column_of_temporary() { return weft::arange(12.0).reshape({3, 4})(all, 1) * 10.0; }
auto transposed_temporary() { return weft::arange(6.0).reshape({2, 3}).T() + 0.5; }

// Deeper: a node built from another returned node.
auto deeper() { return weft::where(twice_arange() > 5.0, twice_arange(), -1.0); }

}  // namespace

TEST_CASE("an expression returned from a function owns its temporary operands") {
  for (const auto& p : wt::all_policies) {
    INFO(std::string(p.name));
    const auto r = weft::eval(twice_arange(), p.policy);
    REQUIRE(r.size() == 10);
    for (index_t i = 0; i < 10; ++i) CHECK(r(i) == 2.0 * double(i));
    const auto n = weft::eval(nested_temporaries(), p.policy);
    for (index_t i = 0; i < 10; ++i)  // sin on SIMD lanes: within a few ulp
      CHECK(wt::close(n(i), std::sin(double(i)) + 1.0 * weft::linspace(0.0, 1.0, 10)(i), 8));
    const auto s = weft::eval(scaled(weft::arange(5.0), 3.0), p.policy);
    for (index_t i = 0; i < 5; ++i) CHECK(s(i) == 3.0 * double(i) + 1.0);
    const auto c = weft::eval(column_of_temporary(), p.policy);
    REQUIRE(c.shape() == weft::shape<1>{3});
    for (index_t i = 0; i < 3; ++i) CHECK(c(i) == 10.0 * double(4 * i + 1));
    const auto t = weft::eval(transposed_temporary(), p.policy);
    REQUIRE(t.shape() == weft::shape<2>{3, 2});
    for (index_t i = 0; i < 3; ++i)
      for (index_t j = 0; j < 2; ++j) CHECK(t(i, j) == double(3 * j + i) + 0.5);
    const auto d = weft::eval(deeper(), p.policy);
    for (index_t i = 0; i < 10; ++i) CHECK(d(i) == (2.0 * double(i) > 5.0 ? 2.0 * double(i) : -1.0));
  }
}

TEST_CASE("an expression kept in a variable outlives the full-expression of its operands") {
  auto e = weft::arange(5.0) + weft::full<double>({5}, 0.25);  // both operands are temporaries
  const auto first = weft::eval(e);
  const auto again = weft::eval(e);  // evaluating does not consume it
  for (index_t i = 0; i < 5; ++i) {
    CHECK(first(i) == double(i) + 0.25);
    CHECK(again(i) == double(i) + 0.25);
  }
  auto copy = e;  // a copy owns copies of the arrays
  { auto moved = std::move(e); CHECK(weft::eval(moved)(4) == 4.25); }
  CHECK(weft::eval(copy)(4) == 4.25);
  // Built up in steps from nodes held in variables.
  auto step1 = weft::arange(4.0) * 2.0;
  auto step2 = step1 + weft::ones<double>({4});
  auto step3 = weft::sqrt(step2) * step1;
  const auto r = weft::eval(step3);
  for (index_t i = 0; i < 4; ++i) CHECK(r(i) == std::sqrt(2.0 * double(i) + 1.0) * 2.0 * double(i));
  // Into arrays, views and through explain.
  weft::ndarray<double, 1> out = twice_arange();
  CHECK(out(9) == 18.0);
  out = nested_temporaries();
  CHECK(out(0) == 0.0);
  CHECK(weft::explain(twice_arange()).find("expression shape (10,) into (10,)") != std::string::npos);
  auto big = weft::zeros<double>({2, 10});
  big(1, all) = twice_arange();
  CHECK(big(1, 9) == 18.0);
}

TEST_CASE("an lvalue operand is held by view: later changes to it show") {
  auto a = weft::arange(3.0);
  const auto e = a * 2.0;
  a(0) = 100.0;
  CHECK(weft::eval(e)(0) == 200.0);
}

TEST_CASE("printing an expression prints its values") {
  const auto a = weft::arange(4.0);
  std::ostringstream expr_out, array_out;
  expr_out << a * 0.5 + 1.0;
  array_out << weft::eval(a * 0.5 + 1.0);
  CHECK(expr_out.str() == array_out.str());
  CHECK(expr_out.str() == "[1.  1.5 2.  2.5]");  // NumPy: print(np.arange(4.) * 0.5 + 1)
  std::ostringstream b;
  b << (a > 1.0);
  CHECK(b.str() == "[False False  True  True]");
  std::ostringstream t;
  t << twice_arange();
  CHECK(t.str() == "[ 0.  2.  4.  6.  8. 10. 12. 14. 16. 18.]");
}
