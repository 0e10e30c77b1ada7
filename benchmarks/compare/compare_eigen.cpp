// The reference workloads in Eigen 3.4, as its documentation writes them:
// Array expressions (element-wise work is single-threaded in Eigen), the
// GEMM on Eigen's OpenMP threads, erf from its SpecialFunctions module.
#include <Eigen/Dense>
#include <unsupported/Eigen/SpecialFunctions>

#include "harness.hpp"

namespace {

using cmp::i64;
using vec = Eigen::ArrayXd;
using mat = Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

vec array(i64 n, double phase) {
  vec a(n);
  for (i64 i = 0; i < n; ++i) a(i) = cmp::input_value(i, phase);
  return a;
}
mat matrix(i64 rows, i64 cols, double phase) {
  mat m(rows, cols);
  for (i64 i = 0; i < rows * cols; ++i) m.data()[i] = cmp::input_value(i, phase);
  return m;
}
template <class A>
double checksum(const A& a) {
  return cmp::sum_of(a.data(), i64(a.size()));
}

constexpr double rate = 0.02, vol = 0.30, inv_sqrt2 = 0.70710678118654752440;

struct data {
  vec a = array(cmp::n10m, 0.1), b = array(cmp::n10m, 0.2), c = array(cmp::n10m, 0.4), out = vec::Zero(cmp::n10m);
  vec small = vec::LinSpaced(1000, 0.0, 999.0), sa = array(cmp::w12_n, 0.1), sb = array(cmp::w12_n, 0.2),
      sout = vec::Zero(cmp::w12_n);
  mat x6 = matrix(cmp::w6_side, cmp::w6_side, 0.5), out6;
  mat a7 = matrix(cmp::w7_side, cmp::w7_side, 0.1), b7 = matrix(cmp::w7_side, cmp::w7_side, 0.2), out7;
  vec long7 = array(2 * cmp::n10m, 0.3);
  mat m = matrix(cmp::w8_rows, cmp::w8_cols, 0.6), out9;
  vec row = array(cmp::w8_cols, 0.7), col = array(cmp::w8_rows, 0.8), sums0, sums1;
  mat a11 = matrix(cmp::w11_side, cmp::w11_side, 0.9), b11 = matrix(cmp::w11_side, cmp::w11_side, 1.0),
      c11 = mat::Zero(cmp::w11_side, cmp::w11_side);
  vec S = array(cmp::w13_n, 0.3) * 40.0 + 6.0, K = array(cmp::w13_n, 0.7) * 40.0 + 6.0,
      T = array(cmp::w13_n, 0.5) * 1.9 - 0.09, call = vec::Zero(cmp::w13_n), put = vec::Zero(cmp::w13_n);
  mat x14 = matrix(cmp::w14_points, cmp::w14_dims, 1.4), d14 = mat::Zero(cmp::w14_points, cmp::w14_points);
  double s = 0;
};

} // namespace

int main(int argc, char** argv) {
  const cmp::options o(argc, argv);
  Eigen::setNbThreads(o.threads);
  data d;
  const auto cnd = [](const vec& x) -> vec { return 0.5 * (1.0 + (x * inv_sqrt2).erf()); };
  const std::vector<cmp::workload> workloads = {
      {"W1", [&] { d.out = d.a.sin() * d.b.cos(); }, [&] { return checksum(d.out); }},
      {"W2", [&] { d.out = d.a * d.b + d.c; }, [&] { return checksum(d.out); }},
      {"W3", [&] { d.out = 2.0 * d.a + 3.0 * d.b * d.b - d.c.abs().sqrt(); }, [&] { return checksum(d.out); }},
      {"W4", [&] { d.s = d.a.sum(); }, [&] { return d.s; }},
      {"W4_1000",
       [&] {
         for (int k = 0; k < cmp::small_calls; ++k) {
           d.s = d.small.sum();
           cmp::keep(d.s);
         }
       },
       [&] { return d.s; }, cmp::small_calls},
      {"W5", [&] { d.s = (d.a * d.b).sum(); }, [&] { return d.s; }},
      {"W6",
       [&] {
         const double trace = d.x6.matrix().diagonal().array().tanh().sum();
         d.out6 = d.x6 + trace;
       },
       [&] { return checksum(d.out6); }},
      {"W7_transposed", [&] { d.out7 = d.a7.transpose() + d.b7; }, [&] { return checksum(d.out7); }},
      {"W7_stride2",
       [&] { d.out = Eigen::Map<const vec, 0, Eigen::InnerStride<2>>(d.long7.data(), cmp::n10m) * 2.0; },
       [&] { return checksum(d.out); }},
      {"W8_axis0", [&] { d.sums0 = d.m.colwise().sum().transpose(); }, [&] { return checksum(d.sums0); }},
      {"W8_axis1", [&] { d.sums1 = d.m.rowwise().sum(); }, [&] { return checksum(d.sums1); }},
      {"W9", [&] { d.out9 = d.m + (d.col.matrix() * d.row.matrix().transpose()).array(); },
       [&] { return checksum(d.out9); }},
      {"W11", [&] { d.c11.matrix().noalias() = d.a11.matrix() * d.b11.matrix(); }, [&] { return checksum(d.c11); }},
      {"W12",
       [&] {
         for (int k = 0; k < cmp::small_calls; ++k) {
           d.sout = d.sa + d.sb;
           cmp::keep(d.sout.data()[0]);
         }
       },
       [&] { return checksum(d.sout); }, cmp::small_calls},
      {"W13",
       [&] {
         const vec sqrtT = d.T.sqrt();
         const vec d1 = ((d.S / d.K).log() + (rate + 0.5 * vol * vol) * d.T) / (vol * sqrtT);
         const vec d2 = d1 - vol * sqrtT;
         const vec cnd1 = cnd(d1), cnd2 = cnd(d2), discounted = d.K * (-rate * d.T).exp();
         d.call = d.S * cnd1 - discounted * cnd2;
         d.put = discounted * (1.0 - cnd2) - d.S * (1.0 - cnd1);
       },
       [&] { return checksum(d.call) + checksum(d.put); }},
      {"W14",
       [&] {
         for (i64 i = 0; i < cmp::w14_points; ++i)
           d.d14.row(i) = (d.x14.rowwise() - d.x14.row(i)).square().rowwise().sum().sqrt().transpose();
       },
       [&] { return checksum(d.d14); }},
  };
  cmp::run_all("eigen", workloads, o);
}
