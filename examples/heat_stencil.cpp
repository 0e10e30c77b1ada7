// The 2-D heat equation, explicit Euler, as a stencil:
//
//   @stencil
//   def step(u):
//       return u[0, 0] + r * (u[-1, 0] + u[1, 0] + u[0, -1] + u[0, 1] - 4 * u[0, 0])
//
// border::reflect mirrors the grid at its edges (the edge value repeated), so
// no heat flows through the boundary: the total stays what it was while the
// hot square spreads out. The kernel is generic, so the interior runs on
// SIMD lanes and threads; only the edges are computed element by element.
#include <cmath>
#include <cstdio>
#include <utility>

#include <weft/weft.hpp>

int main() {
  const weft::index_t n = 256;
  const double r = 0.2;  // alpha * dt / dx^2, below 1/4 for stability
  weft::ndarray<double, 2> u(weft::shape{n, n}), next(weft::shape{n, n});
  u(weft::range(96, 160), weft::range(96, 160)) = 100.0;  // a hot square

  const auto step = weft::stencil(
      [r](const auto& a) { return a(0, 0) + r * (a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1) - 4.0 * a(0, 0)); },
      weft::border::reflect);

  const double heat0 = weft::sum(u);
  std::printf("heat equation on %td x %td, r = %.2f, %d threads\n", n, n, r, weft::num_threads());
  for (int t = 1; t <= 2000; ++t) {
    step(u, next);
    std::swap(u, next);
    if (t % 500 == 0)
      std::printf("  step %4d: max %8.4f  centre %8.4f  corner %8.4f  total %.6f\n", t, weft::max(u), u(n / 2, n / 2),
                  u(0, 0), weft::sum(u));
  }
  const double heat = weft::sum(u);
  const bool ok = std::abs(heat - heat0) < 1e-9 * heat0 && weft::max(u) < 100.0 && u(0, 0) > 0.0;
  std::printf("%s: total heat %.9g, started at %.9g\n", ok ? "ok" : "FAILED", heat, heat0);
  return ok ? 0 : 1;
}
