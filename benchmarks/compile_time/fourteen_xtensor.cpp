// The same unit as fourteen_weft.cpp, written against xtensor.
#include <cmath>

#include <xtensor/xmanipulation.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xvectorize.hpp>
#include <xtensor/xview.hpp>

using vec = xt::xtensor<double, 1>;
using mat = xt::xtensor<double, 2>;
using xt::all;
using xt::newaxis;

double fourteen(vec& out, const vec& a, const vec& b, const vec& c, mat& mout, const mat& m, const mat& x) {
  out = xt::sin(a) * xt::cos(b);                                           // W1
  out = a * b + c;                                                         // W2
  out = 2.0 * a + 3.0 * b * b - xt::sqrt(xt::abs(c));                      // W3
  double r = xt::sum(a)();                                                 // W4
  r += xt::sum(a * b)();                                                   // W5
  const double trace = xt::sum(xt::tanh(xt::diagonal(m)))();               // W6
  mout = m + trace;
  mout = xt::transpose(m) + x;                                             // W7
  const std::size_t half = out.shape()[0] / 2;
  xt::view(out, xt::range(0, half)) = xt::view(xt::view(a, xt::range(0, a.shape()[0], 2)), xt::range(0, half)) * 2.0;
  vec col_sums = xt::sum(m, {0}), row_sums = xt::sum(m, {1});              // W8
  mout = m + xt::view(col_sums, newaxis(), all()) * xt::view(row_sums, all(), newaxis());  // W9
  out = a + b;                                                             // W12
  // W13: Black-Scholes (S = a, K = b, T = c; r = 0.02, v = 0.3)
  const double rate = 0.02, vol = 0.3;
  auto cnd = xt::vectorize([](double z) { return 0.5 * (1.0 + std::erf(z * M_SQRT1_2)); });
  vec d1 = (xt::log(a / b) + (rate + 0.5 * vol * vol) * c) / (vol * xt::sqrt(c));
  vec d2 = d1 - vol * xt::sqrt(c);
  vec call = a * cnd(d1) - b * xt::exp(-rate * c) * cnd(d2);
  out = b * xt::exp(-rate * c) * (1.0 - cnd(d2)) - a * (1.0 - cnd(d1)) + call;
  // W14: pairwise distances of the rows of x
  mout = xt::sqrt(xt::sum(xt::square(xt::view(x, all(), newaxis(), all()) - xt::view(x, newaxis(), all(), all())), {2}));
  return r + xt::amax(xt::abs(a - c))();
}
