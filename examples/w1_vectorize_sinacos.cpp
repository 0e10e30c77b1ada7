// W1 as the seed notebook writes it: a scalar function made into a ufunc.
//
//   @vectorize([float64(float64, float64)])
//   def sinacos(a, b):
//       return math.sin(a) * math.cos(b)
//
// In weft the kernel is written once, generically; weft::sin and weft::cos
// work on scalars and on SIMD batches, so the fused loop runs on SIMD lanes
// and threads like the built-in expression sin(a) * cos(b). A kernel of
// concrete scalar types (std::sin inside) is still a ufunc, run lane by lane.
#include <chrono>
#include <cmath>
#include <cstdio>

#include <weft/weft.hpp>

namespace {

template <class F>
double milliseconds(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

int main() {
  const weft::index_t n = 10'000'000;
  const weft::ndarray<double, 1> a = weft::linspace(0.1, 1.1, n), b = 2.0 * a;
  weft::ndarray<double, 1> out(a.shape()), reference(a.shape()), by_lane(a.shape());

  auto sinacos = weft::vectorize<double(double, double)>([](auto x, auto y) { return weft::sin(x) * weft::cos(y); });
  auto sinacos_scalar = weft::vectorize([](double x, double y) { return std::sin(x) * std::cos(y); });

  std::printf("W1: out = sinacos(a, b), %td elements, %d threads\n", n, weft::num_threads());
  std::printf("%s", weft::explain(out, sinacos(a, b)).c_str());
  weft::assign(out, sinacos(a, b));  // warm up
  const double t_kernel = milliseconds([&] { weft::assign(out, sinacos(a, b)); });
  const double t_builtin = milliseconds([&] { weft::assign(reference, weft::sin(a) * weft::cos(b)); });
  const double t_scalar = milliseconds([&] { weft::assign(by_lane, sinacos_scalar(a, b)); });
  std::printf("  vectorize (generic, SIMD)   %8.2f ms\n", t_kernel);
  std::printf("  sin(a) * cos(b)             %8.2f ms\n", t_builtin);
  std::printf("  vectorize (scalar, libm)    %8.2f ms\n", t_scalar);

  // A kernel fuses into reductions: no 10M temporary here.
  const double total = weft::sum(sinacos(a, b) * 2);
  std::printf("  sum(sinacos(a, b) * 2) = %.12g\n", total);

  weft::index_t wrong = 0;
  for (weft::index_t i = 0; i < n; ++i) {
    const double want = std::sin(a(i)) * std::cos(b(i));
    wrong += std::abs(out(i) - want) > 1e-15 || std::abs(by_lane(i) - want) != 0;
  }
  std::printf("%s: %td of %td values differ from sin(a[i]) * cos(b[i])\n", wrong == 0 ? "ok" : "FAILED", wrong, n);
  return wrong == 0 ? 0 : 1;
}
