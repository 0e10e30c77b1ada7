// A dozen expressions and reductions written against weft, for
// scripts/compile-time.sh (compile time of a typical translation unit).
#include <weft/weft.hpp>

using vec = weft::ndarray<double, 1>;
using mat = weft::ndarray<double, 2>;

double dozen(vec& out, const vec& a, const vec& b, const vec& c, mat& mout, const mat& m) {
  out = weft::sin(a) * weft::cos(b);
  out = a * b + c;
  out = 2.0 * a + 3.0 * b * b - weft::sqrt(weft::abs(c));
  out = weft::exp(-a * a) / (1.0 + b);
  out = weft::where(a > b, a, b);
  out = weft::minimum(weft::maximum(a, 0.0), 1.0);
  out = weft::log1p(weft::abs(a - b));
  out = weft::tanh(a) + weft::atan2(b, c);
  mout = m.T() + m;
  mout = m + a(weft::newaxis, weft::all) * b(weft::all, weft::newaxis);
  return weft::sum(a * b) + weft::max(weft::abs(a - c));
}
