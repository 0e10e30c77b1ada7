// The same dozen expressions as dozen_weft.cpp, written against xtensor.
#include <xtensor/xmath.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xview.hpp>

using vec = xt::xtensor<double, 1>;
using mat = xt::xtensor<double, 2>;

double dozen(vec& out, const vec& a, const vec& b, const vec& c, mat& mout, const mat& m) {
  out = xt::sin(a) * xt::cos(b);
  out = a * b + c;
  out = 2.0 * a + 3.0 * b * b - xt::sqrt(xt::abs(c));
  out = xt::exp(-a * a) / (1.0 + b);
  out = xt::where(a > b, a, b);
  out = xt::minimum(xt::maximum(a, 0.0), 1.0);
  out = xt::log1p(xt::abs(a - b));
  out = xt::tanh(a) + xt::atan2(b, c);
  mout = xt::transpose(m) + m;
  mout = m + xt::view(a, xt::newaxis(), xt::all()) * xt::view(b, xt::all(), xt::newaxis());
  return xt::sum(a * b)() + xt::amax(xt::abs(a - c))();
}
