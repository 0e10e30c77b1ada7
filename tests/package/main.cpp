// The consumer program of the package tests (tests/package/CMakeLists.txt,
// scripts/package-test.sh): whichever way it got weft, it must compile,
// link and compute the right values with an expression, a reduction and
// prange. Every value is an integer below 2^53, so double arithmetic is
// exact and the checks can compare with ==.
#include <cstdio>
#include <functional>

#include <weft/weft.hpp>

int main() {
  const weft::index_t n = 100'000;
  const weft::ndarray<double, 1> a = weft::arange<double>(n);

  // An expression, evaluated in one fused loop: c(i) = 2 i^2 + 1.
  const weft::ndarray<double, 1> c = 2.0 * a * a + 1.0;

  // Reductions, of an expression and by an explicit parallel_reduce loop:
  // sum of c = 2 sum(i^2) + n.
  const double sum = weft::sum(2.0 * a * a + 1.0);
  const double loop_sum = weft::parallel_reduce(
      n, 0.0, [&](double& acc, weft::index_t i) { acc += c(i); }, std::plus<>{});

  // prange: d(i) = c(i) - i^2 - 1 = i^2.
  weft::ndarray<double, 1> d(weft::shape{n});
  weft::prange(n, [&](weft::index_t i) { d(i) = c(i) - a(i) * a(i) - 1.0; });

  const double m = static_cast<double>(n);
  const double want_sum = 2.0 * ((m - 1) * m * (2 * m - 1) / 6) + m;
  int wrong = (sum != want_sum) + (loop_sum != want_sum);
  for (weft::index_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(i);
    wrong += c(i) != 2 * x * x + 1;
    wrong += d(i) != x * x;
  }

  std::printf("weft %d.%d.%d (WEFT_USE_TBB=%d, WEFT_USE_XSIMD=%d), %d threads: sum %.0f (want %.0f), %s\n",
              WEFT_VERSION_MAJOR, WEFT_VERSION_MINOR, WEFT_VERSION_PATCH, WEFT_USE_TBB, WEFT_USE_XSIMD,
              weft::num_threads(), sum, want_sum, wrong == 0 ? "ok" : "FAILED");
  return wrong == 0 ? 0 : 1;
}
