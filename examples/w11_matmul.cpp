// W11: C = A @ B. weft::matmul is NumPy's @ (on a BLAS when weft found one,
// else on weft's own blocked kernel); the rest of this file writes the naive
// product as an explicit kernel, two ways, as Numba users do.
//
// 1. Generalized ufuncs, Numba's @guvectorize. "(n),(n,p)->(p)" computes one
//    row of C from one row of A: weft loops over the rows of A (the outer
//    dimension) on threads, and checks that the n's agree.
//    "(m,n),(n,p)->(m,p)" is the whole product, looped over any leading
//    (batch) dimensions: a stack of products.
// 2. Numba's parallel i-k-j loop:
//      for i in prange(m):
//          for k in range(n):
//              for j in range(p):
//                  C[i, j] += A[i, k] * B[k, j]
//    each row of C belongs to one iteration, so rows can run on threads.
// Both are checked against a plain triple loop.
#include <chrono>
#include <cmath>
#include <cstdio>

#include <weft/weft.hpp>

namespace {

using weft::index_t;

// The i-k-j product of one (m, n) by (n, p) pair into c, rows [r0, r1).
template <class A, class B, class C>
void ikj_rows(const A& a, const B& b, const C& c, index_t r0, index_t r1) {
  for (index_t i = r0; i < r1; ++i) {
    for (index_t j = 0; j < c.extent(1); ++j) c(i, j) = 0;
    for (index_t k = 0; k < a.extent(1); ++k) {
      const double aik = a(i, k);
      for (index_t j = 0; j < c.extent(1); ++j) c(i, j) += aik * b(k, j);
    }
  }
}

template <class F>
double milliseconds(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

int main() {
  const index_t size = 256;
  const weft::ndarray<double, 2> a = weft::linspace(0.1, 1.1, size * size).reshape({size, size});
  const weft::ndarray<double, 2> b = weft::eval(weft::cos(a.T()));

  auto matmul = weft::guvectorize<"(m,n),(n,p)->(m,p)">(
      [](weft::view<const double, 2> x, weft::view<const double, 2> y, weft::view<double, 2> out) {
        ikj_rows(x, y, out, 0, out.extent(0));
      });

  auto row_times = weft::guvectorize<"(n),(n,p)->(p)">(
      [](weft::view<const double, 1> x, weft::view<const double, 2> y, weft::view<double, 1> out) {
        for (index_t j = 0; j < out.size(); ++j) out(j) = 0;
        for (index_t k = 0; k < x.size(); ++k)
          for (index_t j = 0; j < out.size(); ++j) out(j) += x(k) * y(k, j);
      });

  weft::ndarray<double, 2> c0, c1, c2(weft::shape{size, size}), c3;
  const double t_matmul = milliseconds([&] { c0 = weft::matmul(a, b); });
  const double t_gu = milliseconds([&] { c1 = row_times(a, b); });
  const double t_whole = milliseconds([&] { c3 = matmul(a, b); });
  const double t_prange = milliseconds([&] {
    weft::prange(size, [&](index_t i) { ikj_rows(a, b, c2.as_view(), i, i + 1); });
  });

  double worst = 0;
  for (index_t i = 0; i < size; ++i)
    for (index_t j = 0; j < size; ++j) {
      double s = 0;
      for (index_t k = 0; k < size; ++k) s += a(i, k) * b(k, j);
      worst = std::max({worst, std::abs(c0(i, j) - s), std::abs(c1(i, j) - s), std::abs(c2(i, j) - s),
                        std::abs(c3(i, j) - s)});
    }
  std::printf("W11: C = A @ B, %td x %td, %d threads\n", size, size, weft::num_threads());
  std::printf("  weft::matmul, first call                      %8.2f ms  on %s\n", t_matmul,
              weft::matmul_backend().c_str());
  std::printf("  guvectorize \"(n),(n,p)->(p)\", rows on threads  %8.2f ms\n", t_gu);
  std::printf("  guvectorize \"(m,n),(n,p)->(m,p)\", one call    %8.2f ms\n", t_whole);
  std::printf("  prange over rows, i-k-j                       %8.2f ms\n", t_prange);

  // A stack of matrices: the outer dimension runs on threads.
  const weft::ndarray<double, 3> stack = weft::linspace(0.0, 1.0, 8 * 32 * 16).reshape({8, 32, 16});
  const auto batched = matmul(stack, b(weft::range(0, 16), weft::range(0, 4)));
  std::printf("  batched: (8, 32, 16) @ (16, 4) -> %s\n", weft::to_string(batched.shape()).c_str());

  const bool ok = worst < 1e-9 && batched.shape() == weft::shape{8, 32, 4};
  std::printf("%s: largest difference from the triple loop %.3g\n", ok ? "ok" : "FAILED", worst);
  return ok ? 0 : 1;
}
