// WORKLOADS.md's W1-W9, W12 and W13, written as the README teaches them.
#include "workloads.hpp"

#include <tuple>

#include <weft/weft.hpp>

#include "black_scholes.hpp"

namespace WEFT_TARGET_NAMESPACE {

void w1(const vec& a, const vec& b, vec& out) {
  static const auto kernel = weft::vectorize([](auto x, auto y) { return weft::sin(x) * weft::cos(y); });
  out = kernel(a, b);
}
void w2(const vec& a, const vec& b, const vec& c, vec& out) { out = a * b + c; }
void w3(const vec& a, const vec& b, const vec& c, vec& out) {
  out = 2.0 * a + 3.0 * b * b - weft::sqrt(weft::abs(c));
}
double w4(const vec& a) { return weft::sum(a); }
double w5(const vec& a, const vec& b) { return weft::sum(a * b); }
void w6(const mat& x, mat& out) {
  const double trace = weft::sum(weft::tanh(x.diagonal()));
  out = x + trace;
}
void w7(const mat& a, const mat& b, mat& out) { out = a.T() + b; }
void w8_axis0(const mat& m, vec& out) { weft::sum(m, 0, out); }
void w8_axis1(const mat& m, vec& out) { weft::sum(m, 1, out); }
void w9(const mat& m, const vec& row, const vec& col, mat& out) {
  out = m + row(weft::newaxis, weft::all) * col(weft::all, weft::newaxis);
}
void w12(const vec& a, const vec& b, vec& out) { out = a + b; }
void w13(const vec& S, const vec& K, const vec& T, vec& call, vec& put) {
  weft::assign(std::tie(call, put), bench::black_scholes(S, K, T));
}

} // namespace WEFT_TARGET_NAMESPACE
