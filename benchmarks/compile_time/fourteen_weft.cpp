// The reference workloads W1-W14 (../shared/WORKLOADS.md) in one translation
// unit, written as a user would against weft, for scripts/compile-time.sh.
// fourteen_xtensor.cpp and fourteen_eigen.cpp are the same unit in xtensor and
// Eigen.
#include <cmath>

#include <weft/weft.hpp>

using vec = weft::ndarray<double, 1>;
using mat = weft::ndarray<double, 2>;
using weft::all;
using weft::newaxis;

double fourteen(vec& out, const vec& a, const vec& b, const vec& c, mat& mout, const mat& m, const mat& x) {
  out = weft::sin(a) * weft::cos(b);                                       // W1
  out = a * b + c;                                                         // W2
  out = 2.0 * a + 3.0 * b * b - weft::sqrt(weft::abs(c));                  // W3
  double r = weft::sum(a);                                                 // W4
  r += weft::sum(a * b);                                                   // W5
  const double trace = weft::sum(weft::tanh(m.diagonal()));                // W6
  mout = m + trace;
  mout = m.T() + x;                                                        // W7
  out(weft::range(0, out.shape()[0] / 2)) = a(weft::range(0, a.shape()[0], 2))(weft::range(0, out.shape()[0] / 2)) * 2.0;
  vec col_sums = weft::sum(m, 0), row_sums = weft::sum(m, 1);              // W8
  mout = m + col_sums(newaxis, all) * row_sums(all, newaxis);              // W9
  out = a + b;                                                             // W12
  // W13: Black-Scholes (S = a, K = b, T = c; r = 0.02, v = 0.3)
  const double rate = 0.02, vol = 0.3;
  const auto cnd = weft::vectorize<double(double)>([](double z) { return 0.5 * (1.0 + std::erf(z * M_SQRT1_2)); });
  vec d1 = (weft::log(a / b) + (rate + 0.5 * vol * vol) * c) / (vol * weft::sqrt(c));
  vec d2 = d1 - vol * weft::sqrt(c);
  vec call = a * cnd(d1) - b * weft::exp(-rate * c) * cnd(d2);
  out = b * weft::exp(-rate * c) * (1.0 - cnd(d2)) - a * (1.0 - cnd(d1)) + call;
  // W14: pairwise distances of the rows of x
  mout = weft::sqrt(weft::sum(weft::square(x(all, newaxis, all) - x(newaxis, all, all)), 2));
  return r + weft::max(weft::abs(a - c));
}
