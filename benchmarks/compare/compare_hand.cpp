// The reference workloads as hand-written loops: -O3 -march=native, OpenMP
// threads (one thread is the serial loop), `omp simd` where the compiler
// would not vectorize on its own. Also the bandwidth probe, STREAM's triad.
#include <omp.h>

#include <cmath>
#include <vector>

#include "harness.hpp"

namespace {

using cmp::i64;
using buffer = std::vector<double>;

constexpr double rate = 0.02, vol = 0.30, inv_sqrt2 = 0.70710678118654752440;

struct data {
  buffer a = cmp::input(cmp::n10m, 0.1), b = cmp::input(cmp::n10m, 0.2), c = cmp::input(cmp::n10m, 0.4),
         out = buffer(cmp::n10m);
  buffer small = [] {
    buffer v(1000);
    for (int i = 0; i < 1000; ++i) v[std::size_t(i)] = i;
    return v;
  }();
  buffer sa = cmp::input(cmp::w12_n, 0.1), sb = cmp::input(cmp::w12_n, 0.2), sout = buffer(cmp::w12_n);
  buffer x6 = cmp::input(cmp::w6_side * cmp::w6_side, 0.5), out6 = buffer(x6.size());
  buffer a7 = cmp::input(cmp::w7_side * cmp::w7_side, 0.1), b7 = cmp::input(cmp::w7_side * cmp::w7_side, 0.2),
         out7 = buffer(a7.size());
  buffer long7 = cmp::input(2 * cmp::n10m, 0.3);
  buffer m = cmp::input(cmp::w8_rows * cmp::w8_cols, 0.6), out9 = buffer(m.size());
  buffer row = cmp::input(cmp::w8_cols, 0.7), col = cmp::input(cmp::w8_rows, 0.8), sums0 = buffer(cmp::w8_cols),
         sums1 = buffer(cmp::w8_rows);
  buffer a11 = cmp::input(cmp::w11_side * cmp::w11_side, 0.9), b11 = cmp::input(cmp::w11_side * cmp::w11_side, 1.0),
         c11 = buffer(a11.size());
  buffer S = scaled(cmp::input(cmp::w13_n, 0.3), 40.0, 6.0), K = scaled(cmp::input(cmp::w13_n, 0.7), 40.0, 6.0),
         T = scaled(cmp::input(cmp::w13_n, 0.5), 1.9, -0.09), call = buffer(cmp::w13_n), put = buffer(cmp::w13_n);
  buffer x14 = cmp::input(cmp::w14_points * cmp::w14_dims, 1.4), d14 = buffer(cmp::w14_points * cmp::w14_points);
  double s = 0;

  static buffer scaled(buffer v, double k, double add) {
    for (double& e : v) e = e * k + add;
    return v;
  }
};

double sum(const buffer& v) { return cmp::sum_of(v.data(), i64(v.size())); }

} // namespace

int main(int argc, char** argv) {
  const cmp::options o(argc, argv);
  omp_set_num_threads(o.threads);
  data d;
  const i64 n = cmp::n10m;
  double* out = d.out.data();
  const double *a = d.a.data(), *b = d.b.data(), *c = d.c.data();
  const std::vector<cmp::workload> workloads = {
      {"stream_triad",
       [&] {
#pragma omp parallel for simd schedule(static)
         for (i64 i = 0; i < n; ++i) out[i] = a[i] + 3.0 * b[i];
       },
       [&] { return sum(d.out); }},
      {"W1",
       [&] {
#pragma omp parallel for schedule(static)
         for (i64 i = 0; i < n; ++i) out[i] = std::sin(a[i]) * std::cos(b[i]);
       },
       [&] { return sum(d.out); }},
      {"W2",
       [&] {
#pragma omp parallel for simd schedule(static)
         for (i64 i = 0; i < n; ++i) out[i] = a[i] * b[i] + c[i];
       },
       [&] { return sum(d.out); }},
      {"W3",
       [&] {
#pragma omp parallel for simd schedule(static)
         for (i64 i = 0; i < n; ++i) out[i] = 2.0 * a[i] + 3.0 * b[i] * b[i] - std::sqrt(std::abs(c[i]));
       },
       [&] { return sum(d.out); }},
      {"W4",
       [&] {
         double s = 0;
#pragma omp parallel for simd schedule(static) reduction(+ : s)
         for (i64 i = 0; i < n; ++i) s += a[i];
         d.s = s;
       },
       [&] { return d.s; }},
      {"W4_1000",
       [&] {
         const double* p = d.small.data();
         for (int k = 0; k < cmp::small_calls; ++k) {
           double s = 0;
#pragma omp simd reduction(+ : s)
           for (i64 i = 0; i < 1000; ++i) s += p[i];
           d.s = s;
           cmp::keep(d.s);
         }
       },
       [&] { return d.s; }, cmp::small_calls},
      {"W5",
       [&] {
         double s = 0;
#pragma omp parallel for simd schedule(static) reduction(+ : s)
         for (i64 i = 0; i < n; ++i) s += a[i] * b[i];
         d.s = s;
       },
       [&] { return d.s; }},
      {"W6",
       [&] {
         const i64 side = cmp::w6_side;
         const double* x = d.x6.data();
         double* y = d.out6.data();
         double trace = 0;
         for (i64 i = 0; i < side; ++i) trace += std::tanh(x[i * side + i]);
#pragma omp parallel for simd schedule(static)
         for (i64 i = 0; i < side * side; ++i) y[i] = x[i] + trace;
       },
       [&] { return sum(d.out6); }},
      {"W7_transposed",
       [&] {  // 32x32 tiles
         const i64 side = cmp::w7_side, t = 32;
         const double *x = d.a7.data(), *y = d.b7.data();
         double* z = d.out7.data();
#pragma omp parallel for schedule(static)
         for (i64 ii = 0; ii < side; ii += t)
           for (i64 jj = 0; jj < side; jj += t)
             for (i64 i = ii; i < std::min(side, ii + t); ++i)
               for (i64 j = jj; j < std::min(side, jj + t); ++j) z[i * side + j] = x[j * side + i] + y[i * side + j];
       },
       [&] { return sum(d.out7); }},
      {"W7_stride2",
       [&] {
         const double* x = d.long7.data();
#pragma omp parallel for simd schedule(static)
         for (i64 i = 0; i < n; ++i) out[i] = x[2 * i] * 2.0;
       },
       [&] { return sum(d.out); }},
      {"W8_axis0",
       [&] {  // rows split over threads, each adding into its own row of sums
         const i64 rows = cmp::w8_rows, cols = cmp::w8_cols;
         const double* m = d.m.data();
         double* s = d.sums0.data();
         std::vector<double> partial(std::size_t(omp_get_max_threads() * cols), 0.0);
#pragma omp parallel
         {
           double* mine = partial.data() + omp_get_thread_num() * cols;
#pragma omp for schedule(static)
           for (i64 i = 0; i < rows; ++i)
#pragma omp simd
             for (i64 j = 0; j < cols; ++j) mine[j] += m[i * cols + j];
         }
         for (i64 j = 0; j < cols; ++j) s[j] = 0;
         for (int t = 0; t < omp_get_max_threads(); ++t)
           for (i64 j = 0; j < cols; ++j) s[j] += partial[std::size_t(t * cols + j)];
       },
       [&] { return sum(d.sums0); }},
      {"W8_axis1",
       [&] {
         const i64 rows = cmp::w8_rows, cols = cmp::w8_cols;
         const double* m = d.m.data();
         double* s = d.sums1.data();
#pragma omp parallel for schedule(static)
         for (i64 i = 0; i < rows; ++i) {
           double t = 0;
#pragma omp simd reduction(+ : t)
           for (i64 j = 0; j < cols; ++j) t += m[i * cols + j];
           s[i] = t;
         }
       },
       [&] { return sum(d.sums1); }},
      {"W9",
       [&] {
         const i64 rows = cmp::w8_rows, cols = cmp::w8_cols;
         const double *m = d.m.data(), *r = d.row.data(), *cl = d.col.data();
         double* y = d.out9.data();
#pragma omp parallel for schedule(static)
         for (i64 i = 0; i < rows; ++i)
#pragma omp simd
           for (i64 j = 0; j < cols; ++j) y[i * cols + j] = m[i * cols + j] + r[j] * cl[i];
       },
       [&] { return sum(d.out9); }},
      {"W11",
       [&] {  // naive i-k-j
         const i64 side = cmp::w11_side;
         const double *x = d.a11.data(), *y = d.b11.data();
         double* z = d.c11.data();
#pragma omp parallel for schedule(static)
         for (i64 i = 0; i < side; ++i) {
           for (i64 j = 0; j < side; ++j) z[i * side + j] = 0;
           for (i64 k = 0; k < side; ++k) {
             const double xik = x[i * side + k];
#pragma omp simd
             for (i64 j = 0; j < side; ++j) z[i * side + j] += xik * y[k * side + j];
           }
         }
       },
       [&] { return sum(d.c11); }},
      {"W12",
       [&] {
         const double *x = d.sa.data(), *y = d.sb.data();
         double* z = d.sout.data();
         for (int k = 0; k < cmp::small_calls; ++k) {
#pragma omp simd
           for (i64 i = 0; i < cmp::w12_n; ++i) z[i] = x[i] + y[i];
           cmp::keep(z[0]);
         }
       },
       [&] { return sum(d.sout); }, cmp::small_calls},
      {"W13",
       [&] {
         const double *S = d.S.data(), *K = d.K.data(), *T = d.T.data();
         double *call = d.call.data(), *put = d.put.data();
#pragma omp parallel for schedule(static)
         for (i64 i = 0; i < cmp::w13_n; ++i) {
           const double sqrtT = std::sqrt(T[i]);
           const double d1 = (std::log(S[i] / K[i]) + (rate + 0.5 * vol * vol) * T[i]) / (vol * sqrtT);
           const double d2 = d1 - vol * sqrtT;
           const double cnd1 = 0.5 * (1.0 + std::erf(d1 * inv_sqrt2)), cnd2 = 0.5 * (1.0 + std::erf(d2 * inv_sqrt2));
           const double discounted = K[i] * std::exp(-rate * T[i]);
           call[i] = S[i] * cnd1 - discounted * cnd2;
           put[i] = discounted * (1.0 - cnd2) - S[i] * (1.0 - cnd1);
         }
       },
       [&] { return sum(d.call) + sum(d.put); }},
      {"W14",
       [&] {
         const i64 p = cmp::w14_points, dims = cmp::w14_dims;
         const double* x = d.x14.data();
         double* dist = d.d14.data();
#pragma omp parallel for schedule(static)
         for (i64 i = 0; i < p; ++i)
           for (i64 j = 0; j < p; ++j) {
             double s = 0;
#pragma omp simd reduction(+ : s)
             for (i64 k = 0; k < dims; ++k) {
               const double t = x[i * dims + k] - x[j * dims + k];
               s += t * t;
             }
             dist[i * p + j] = std::sqrt(s);
           }
       },
       [&] { return sum(d.d14); }},
  };
  cmp::run_all("hand", workloads, o);
}
