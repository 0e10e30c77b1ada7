// The reference workloads written in weft as its README teaches them.
#include <tuple>

#include <weft/weft.hpp>

#include "harness.hpp"

namespace {

using weft::all;
using weft::newaxis;
using vec = weft::ndarray<double, 1>;
using mat = weft::ndarray<double, 2>;

vec array(cmp::i64 n, double phase) {
  vec a(weft::shape{n});
  for (cmp::i64 i = 0; i < n; ++i) a(i) = cmp::input_value(i, phase);
  return a;
}
mat matrix(cmp::i64 rows, cmp::i64 cols, double phase) { return array(rows * cols, phase).reshape({rows, cols}); }
template <class A>
double checksum(const A& a) {
  return weft::sum(a);
}

constexpr double rate = 0.02, vol = 0.30, inv_sqrt2 = 0.70710678118654752440;
const auto black_scholes = weft::vectorize([](auto S, auto K, auto T) {
  const auto sqrtT = weft::sqrt(T);
  const auto d1 = (weft::log(S / K) + (rate + 0.5 * vol * vol) * T) / (vol * sqrtT), d2 = d1 - vol * sqrtT;
  const auto cnd1 = 0.5 * (1.0 + weft::erf(d1 * inv_sqrt2)), cnd2 = 0.5 * (1.0 + weft::erf(d2 * inv_sqrt2));
  const auto discounted = K * weft::exp(-rate * T);
  return std::tuple(S * cnd1 - discounted * cnd2, discounted * (1.0 - cnd2) - S * (1.0 - cnd1));
});
const auto sinacos = weft::vectorize([](auto x, auto y) { return weft::sin(x) * weft::cos(y); });

struct data {
  vec a = array(cmp::n10m, 0.1), b = array(cmp::n10m, 0.2), c = array(cmp::n10m, 0.4), out = weft::zeros<double>({cmp::n10m});
  vec small = weft::arange(1000.0), sa = array(cmp::w12_n, 0.1), sb = array(cmp::w12_n, 0.2), sout = weft::zeros<double>({cmp::w12_n});
  mat x6 = matrix(cmp::w6_side, cmp::w6_side, 0.5), out6 = weft::zeros<double>({cmp::w6_side, cmp::w6_side});
  mat a7 = matrix(cmp::w7_side, cmp::w7_side, 0.1), b7 = matrix(cmp::w7_side, cmp::w7_side, 0.2),
      out7 = weft::zeros<double>({cmp::w7_side, cmp::w7_side});
  vec long7 = array(2 * cmp::n10m, 0.3);
  mat m = matrix(cmp::w8_rows, cmp::w8_cols, 0.6), out9 = weft::zeros<double>({cmp::w8_rows, cmp::w8_cols});
  vec row = array(cmp::w8_cols, 0.7), col = array(cmp::w8_rows, 0.8), sums0, sums1;
  mat a11 = matrix(cmp::w11_side, cmp::w11_side, 0.9), b11 = matrix(cmp::w11_side, cmp::w11_side, 1.0), c11;
  vec S = array(cmp::w13_n, 0.3) * 40.0 + 6.0, K = array(cmp::w13_n, 0.7) * 40.0 + 6.0,
      T = array(cmp::w13_n, 0.5) * 1.9 - 0.09, call = weft::zeros<double>({cmp::w13_n}), put = weft::zeros<double>({cmp::w13_n});
  mat x14 = matrix(cmp::w14_points, cmp::w14_dims, 1.4), d14;
  double s = 0;
};

} // namespace

int main(int argc, char** argv) {
  const cmp::options o(argc, argv);
  weft::set_num_threads(o.threads);
  data d;
  const std::vector<cmp::workload> workloads = {
      {"W1", [&] { d.out = sinacos(d.a, d.b); }, [&] { return checksum(d.out); }},
      {"W2", [&] { d.out = d.a * d.b + d.c; }, [&] { return checksum(d.out); }},
      {"W3", [&] { d.out = 2.0 * d.a + 3.0 * d.b * d.b - weft::sqrt(weft::abs(d.c)); }, [&] { return checksum(d.out); }},
      {"W4", [&] { d.s = weft::sum(d.a); }, [&] { return d.s; }},
      {"W4_1000",
       [&] {
         for (int k = 0; k < cmp::small_calls; ++k) {
           d.s = weft::sum(d.small);
           cmp::keep(d.s);
         }
       },
       [&] { return d.s; }, cmp::small_calls},
      {"W5", [&] { d.s = weft::sum(d.a * d.b); }, [&] { return d.s; }},
      {"W6",
       [&] {
         const double trace = weft::sum(weft::tanh(d.x6.diagonal()));
         d.out6 = d.x6 + trace;
       },
       [&] { return checksum(d.out6); }},
      {"W7_transposed", [&] { d.out7 = d.a7.T() + d.b7; }, [&] { return checksum(d.out7); }},
      {"W7_stride2", [&] { d.out = d.long7(weft::range(weft::none, weft::none, 2)) * 2.0; }, [&] { return checksum(d.out); }},
      {"W8_axis0", [&] { d.sums0 = weft::sum(d.m, 0); }, [&] { return checksum(d.sums0); }},
      {"W8_axis1", [&] { d.sums1 = weft::sum(d.m, 1); }, [&] { return checksum(d.sums1); }},
      {"W9", [&] { d.out9 = d.m + d.row(newaxis, all) * d.col(all, newaxis); }, [&] { return checksum(d.out9); }},
      {"W11", [&] { d.c11 = weft::matmul(d.a11, d.b11); }, [&] { return checksum(d.c11); }},
      {"W12",
       [&] {
         for (int k = 0; k < cmp::small_calls; ++k) {
           d.sout = d.sa + d.sb;
           cmp::keep(d.sout.data()[0]);
         }
       },
       [&] { return checksum(d.sout); }, cmp::small_calls},
      {"W13", [&] { weft::assign(std::tie(d.call, d.put), black_scholes(d.S, d.K, d.T)); },
       [&] { return checksum(d.call) + checksum(d.put); }},
      {"W14",
       [&] {
         d.d14 = weft::sqrt(weft::sum(weft::square(d.x14(all, newaxis, all) - d.x14(newaxis, all, all)), 2));
       },
       [&] { return checksum(d.d14); }},
  };
  cmp::run_all("weft", workloads, o);
}
