// A guided tour of weft: arrays and views, fused expressions on SIMD lanes
// and threads, and Numba-style parallel loops. Each step prints what it does
// and, where it matters, the time it takes on one thread and on all threads.
#include <weft/weft.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <vector>

namespace {

// Median wall time of `repeats` runs of f, in milliseconds.
template <class F>
double median_ms(F&& f, int repeats = 5) {
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

void step(const char* title) { std::printf("\n== %s\n", title); }

} // namespace

int main() {
  using weft::all;
  using weft::newaxis;
  using weft::range;

  step("1. Arrays and views (NumPy's slicing, no copies)");
  auto m = weft::arange(12.0).reshape({3, 4});
  std::cout << "m = arange(12.0).reshape({3, 4}):\n" << m << "\n";
  std::cout << "m(all, range(1, -1))  -> " << m(all, range(1, -1)) << "\n";
  std::cout << "m(1)                  -> " << m(1) << "\n";
  std::cout << "m.T()(range(none, none, -1), 0) -> " << m.T()(range(weft::none, weft::none, -1), 0) << "\n";
  m.diagonal() = -1.0;  // views write through
  std::cout << "after m.diagonal() = -1:\n" << m << "\n";

  step("2. Fused expressions: one pass over memory, no temporaries");
  const weft::index_t n = 10'000'000;
  weft::ndarray<double, 1> a = weft::linspace(0.1, 1.1, n), b = 2.0 * a, c = weft::linspace(1.0, 2.0, n);
  weft::ndarray<double, 1> out(weft::shape{n});
  std::cout << weft::explain(out, weft::sin(a) * weft::cos(b));
  const int threads = weft::num_threads();
  for (auto [name, policy] : {std::pair{"1 thread ", weft::simd}, std::pair{"threads  ", weft::par_simd}}) {
    const double t1 = median_ms([&] { weft::assign(out, weft::sin(a) * weft::cos(b), policy); });
    const double t3 = median_ms([&] { weft::assign(out, 2 * a + 3 * b * b - weft::sqrt(weft::abs(c)), policy); });
    std::printf("%s sin(a)*cos(b): %7.2f ms   2a + 3b^2 - sqrt|c|: %7.2f ms  (%d thread%s available)\n", name, t1,
                t3, threads, threads == 1 ? "" : "s");
  }
  std::printf("out[12345] = %.15f\n", out(12345));

  step("3. Broadcasting: M + row[newaxis, :] * col[:, newaxis]");
  auto row = weft::linspace(0.0, 1.0, 4), col = weft::linspace(0.0, 2.0, 3);
  weft::ndarray<double, 2> grid = weft::zeros<double>({3, 4}) + row(newaxis, all) * col(all, newaxis);
  std::cout << grid << "\n";

  step("4. prange: Numba's parallel loop");
  auto arr = weft::arange(1'000'000.0);
  weft::ndarray<double, 1> squares(arr.shape());
  const double tp = median_ms([&] { weft::prange(arr.size(), [&](weft::index_t i) { squares(i) = arr(i) * arr(i); }); });
  std::printf("squares of arange(1e6) with prange: %.2f ms; squares(999) = %.0f\n", tp, squares(999));

  step("5. parallel_reduce: the same answer on any number of threads");
  for (int k : {1, threads}) {
    weft::set_num_threads(k);
    double total = 0;
    const double tr = median_ms([&] {
      total = weft::parallel_reduce(
          n, 0.0, [&](double& acc, weft::index_t i) { acc += a(i) * b(i); }, [](double x, double y) { return x + y; });
    });
    std::printf("%d thread%s: sum(a*b) = %.17g in %.2f ms\n", k, k == 1 ? " " : "s", total, tr);
  }

  step("6. Reductions: weft::sum(a * b) reads a and b once and builds nothing");
  for (int k : {1, threads}) {
    weft::set_num_threads(k);
    double total = 0;
    const double tr = median_ms([&] { total = weft::sum(a * b); });
    std::printf("%d thread%s: weft::sum(a*b) = %.17g in %.2f ms (the same bits on any thread count)\n", k,
                k == 1 ? " " : "s", total, tr);
  }
  std::cout << "m - mean(m, 0, keepdims):\n" << weft::eval(m - weft::mean(m, 0, weft::keepdims)) << "\n";
  std::cout << weft::explain(weft::sum, a * b);
  return 0;
}
