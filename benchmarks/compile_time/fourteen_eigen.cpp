// The same unit as fourteen_weft.cpp, written against Eigen's arrays.
#include <cmath>

#include <Eigen/Core>

using vec = Eigen::ArrayXd;
using mat = Eigen::ArrayXXd;  // (column-major: m.transpose() is the strided operand here)

double fourteen(vec& out, const vec& a, const vec& b, const vec& c, mat& mout, const mat& m, const mat& x) {
  out = a.sin() * b.cos();                                                 // W1
  out = a * b + c;                                                         // W2
  out = 2.0 * a + 3.0 * b * b - c.abs().sqrt();                            // W3
  double r = a.sum();                                                      // W4
  r += (a * b).sum();                                                      // W5
  const double trace = m.matrix().diagonal().array().tanh().sum();         // W6
  mout = m + trace;
  mout = m.transpose() + x;                                                // W7
  const Eigen::Index half = out.size() / 2;
  out.head(half) = Eigen::Map<const vec, 0, Eigen::InnerStride<2>>(a.data(), half) * 2.0;
  vec col_sums = m.colwise().sum().transpose(), row_sums = m.rowwise().sum();  // W8
  mout = m + (row_sums.matrix() * col_sums.matrix().transpose()).array();  // W9
  out = a + b;                                                             // W12
  // W13: Black-Scholes (S = a, K = b, T = c; r = 0.02, v = 0.3)
  const double rate = 0.02, vol = 0.3;
  auto cnd = [](const vec& z) { return vec(z.unaryExpr([](double t) { return 0.5 * (1.0 + std::erf(t * M_SQRT1_2)); })); };
  vec d1 = ((a / b).log() + (rate + 0.5 * vol * vol) * c) / (vol * c.sqrt());
  vec d2 = d1 - vol * c.sqrt();
  vec call = a * cnd(d1) - b * (-rate * c).exp() * cnd(d2);
  out = b * (-rate * c).exp() * (1.0 - cnd(d2)) - a * (1.0 - cnd(d1)) + call;
  // W14: pairwise distances of the rows of x
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    mout.row(i) = (x.rowwise() - x.row(i)).square().rowwise().sum().sqrt().transpose();
  return r + (a - c).abs().maxCoeff();
}
