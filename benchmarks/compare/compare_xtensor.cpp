// The reference workloads in xtensor, as its documentation writes them, with
// xsimd and oneTBB turned on (XTENSOR_USE_XSIMD, XTENSOR_USE_TBB). W11 needs
// xtensor-blas, which Debian does not package: not run.
#include <oneapi/tbb/global_control.h>

#include <xtensor/xmath.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xview.hpp>

#include "harness.hpp"

namespace {

using cmp::i64;
using vec = xt::xtensor<double, 1>;
using mat = xt::xtensor<double, 2>;
using xt::all;
using xt::newaxis;

vec array(i64 n, double phase) {
  vec a = xt::empty<double>({std::size_t(n)});
  for (i64 i = 0; i < n; ++i) a(std::size_t(i)) = cmp::input_value(i, phase);
  return a;
}
mat matrix(i64 rows, i64 cols, double phase) {
  mat m = xt::empty<double>({std::size_t(rows), std::size_t(cols)});
  for (i64 i = 0; i < rows * cols; ++i) m.data()[i] = cmp::input_value(i, phase);
  return m;
}
template <class A>
double checksum(const A& a) {
  return cmp::sum_of(a.data(), i64(a.size()));
}

constexpr double rate = 0.02, vol = 0.30, inv_sqrt2 = 0.70710678118654752440;

struct data {
  vec a = array(cmp::n10m, 0.1), b = array(cmp::n10m, 0.2), c = array(cmp::n10m, 0.4), out = xt::zeros<double>({cmp::n10m});
  vec small = xt::arange(1000.0), sa = array(cmp::w12_n, 0.1), sb = array(cmp::w12_n, 0.2), sout = xt::zeros<double>({cmp::w12_n});
  mat x6 = matrix(cmp::w6_side, cmp::w6_side, 0.5), out6;
  mat a7 = matrix(cmp::w7_side, cmp::w7_side, 0.1), b7 = matrix(cmp::w7_side, cmp::w7_side, 0.2), out7;
  vec long7 = array(2 * cmp::n10m, 0.3);
  mat m = matrix(cmp::w8_rows, cmp::w8_cols, 0.6), out9;
  vec row = array(cmp::w8_cols, 0.7), col = array(cmp::w8_rows, 0.8), sums0, sums1;
  vec S = array(cmp::w13_n, 0.3) * 40.0 + 6.0, K = array(cmp::w13_n, 0.7) * 40.0 + 6.0,
      T = array(cmp::w13_n, 0.5) * 1.9 - 0.09, call = xt::zeros<double>({cmp::w13_n}), put = xt::zeros<double>({cmp::w13_n});
  mat x14 = matrix(cmp::w14_points, cmp::w14_dims, 1.4), d14;
  double s = 0;
};

} // namespace

int main(int argc, char** argv) {
  const cmp::options o(argc, argv);
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, std::size_t(o.threads));
  data d;
  const auto cnd = [](const auto& x) { return 0.5 * (1.0 + xt::erf(x * inv_sqrt2)); };
  const std::vector<cmp::workload> workloads = {
      {"W1", [&] { d.out = xt::sin(d.a) * xt::cos(d.b); }, [&] { return checksum(d.out); }},
      {"W2", [&] { d.out = d.a * d.b + d.c; }, [&] { return checksum(d.out); }},
      {"W3", [&] { d.out = 2.0 * d.a + 3.0 * d.b * d.b - xt::sqrt(xt::abs(d.c)); }, [&] { return checksum(d.out); }},
      {"W4", [&] { d.s = xt::sum(d.a)(); }, [&] { return d.s; }},
      {"W4_1000",
       [&] {
         for (int k = 0; k < cmp::small_calls; ++k) {
           d.s = xt::sum(d.small)();
           cmp::keep(d.s);
         }
       },
       [&] { return d.s; }, cmp::small_calls},
      {"W5", [&] { d.s = xt::sum(d.a * d.b)(); }, [&] { return d.s; }},
      {"W6",
       [&] {
         const double trace = xt::sum(xt::tanh(xt::diagonal(d.x6)))();
         d.out6 = d.x6 + trace;
       },
       [&] { return checksum(d.out6); }},
      {"W7_transposed", [&] { d.out7 = xt::transpose(d.a7) + d.b7; }, [&] { return checksum(d.out7); }},
      {"W7_stride2", [&] { d.out = xt::view(d.long7, xt::range(0, 2 * cmp::n10m, 2)) * 2.0; },
       [&] { return checksum(d.out); }},
      {"W8_axis0", [&] { d.sums0 = xt::sum(d.m, {0}); }, [&] { return checksum(d.sums0); }},
      {"W8_axis1", [&] { d.sums1 = xt::sum(d.m, {1}); }, [&] { return checksum(d.sums1); }},
      {"W9", [&] { d.out9 = d.m + xt::view(d.row, newaxis(), all()) * xt::view(d.col, all(), newaxis()); },
       [&] { return checksum(d.out9); }},
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
         auto sqrtT = xt::sqrt(d.T);
         auto d1 = (xt::log(d.S / d.K) + (rate + 0.5 * vol * vol) * d.T) / (vol * sqrtT);
         auto d2 = d1 - vol * sqrtT;
         auto discounted = d.K * xt::exp(-rate * d.T);
         d.call = d.S * cnd(d1) - discounted * cnd(d2);
         d.put = discounted * (1.0 - cnd(d2)) - d.S * (1.0 - cnd(d1));
       },
       [&] { return checksum(d.call) + checksum(d.put); }},
      {"W14",
       [&] {
         d.d14 = xt::sqrt(xt::sum(xt::square(xt::view(d.x14, all(), newaxis(), all()) - xt::view(d.x14, newaxis(), all(), all())), {2}));
       },
       [&] { return checksum(d.d14); }},
  };
  cmp::run_all("xtensor", workloads, o);
}
