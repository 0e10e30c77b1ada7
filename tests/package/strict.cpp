// The strict consumer of the package tests (scripts/package-test.sh): a
// user's program built with -Wall -Wextra -Wpedantic -Wshadow -Werror, weft
// coming in through add_subdirectory (-I, not -isystem), so that a warning
// in any header weft instantiates here fails the build. It reaches into each
// layer a user touches: arrays and views, expressions of several dtypes,
// reductions, parallel loops and the three kinds of kernel. It checks a few
// values too, so that it is a program, not only a compile.
#include <cstdio>
#include <sstream>
#include <string>
#include <tuple>

#include <weft/weft.hpp>

namespace wf = weft;  // the idiom weft supports (`using namespace weft;` is not: see the README)

int main() {
  int wrong = 0;
  const auto check = [&](bool ok, const char* what) {
    if (!ok) std::printf("strict consumer: %s is wrong\n", what), ++wrong;
  };

  // Arrays, views, slicing, layout.
  auto m = wf::arange(12.0).reshape({3, 4});
  const auto mt = m.T();
  const auto flipped = m(wf::range(wf::none, wf::none, -1), wf::all);
  const auto column = m(wf::all, 1);
  check(mt(1, 2) == 9.0 && flipped(0, 0) == 8.0 && column(2) == 9.0, "slicing");
  std::ostringstream printed;
  printed << m << wf::ones<int>(3);
  check(!printed.str().empty(), "printing");

  // Expressions in several dtypes, broadcasting, ufuncs.
  const wf::ndarray<float, 1> f = wf::linspace<float>(0.0f, 1.0f, 101);
  const wf::ndarray<std::int32_t, 1> i = wf::arange<std::int32_t>(1, 102);
  const wf::ndarray<double, 2> grid = m + wf::arange(4.0)(wf::newaxis, wf::all) * 2.0;
  const wf::ndarray<float, 1> g = wf::where(f > 0.5f, wf::sin(f) * 2.0f, wf::sqrt(f) + 1.0f);
  const wf::ndarray<std::int32_t, 1> q = wf::floor_divide(i, 3) + i % 7 - wf::minimum(i, 50);
  const wf::ndarray<bool, 1> mask = (i > 10) && !(i == 20);
  const auto converted = wf::eval(wf::astype<double>(i) / 2);
  check(grid(2, 3) == 17.0 && g(0) == 1.0f && q(0) == 1 - 1 && mask(10) && converted(1) == 1.0, "expressions");
  wf::ndarray<double, 2> into(grid.shape());
  wf::assign(into, grid * 2.0 - 1.0, wf::par_simd);
  into(wf::range(1, 3), wf::all) += 1.0;
  check(into(2, 0) == 8.0 * 2.0 - 1.0 + 1.0, "assign");
  const std::string plan = wf::explain(into, grid * 2.0);

  // Reductions.
  const double total = wf::sum(m * m);
  const auto rows = wf::sum(m, 1);
  const auto centred = wf::eval(m - wf::mean(m, 0, wf::keepdims));
  const auto spread = wf::std(m, wf::ddof{1});
  const auto best = wf::argmax(m, 0);
  const auto running = wf::cumsum(wf::arange(5));
  const auto product = wf::dot(m, wf::ones<double>({4}));
  check(total == 506.0 && rows(1) == 22.0 && centred(0, 0) == -4.0 && spread > 3.0 && best(3) == 2 &&
            running(4) == 10 && product(2) == 38.0 && wf::max(f) == 1.0f && wf::any(mask),
        "reductions");
  const std::string reduction_plan = wf::explain(wf::sum, m, 0);

  // Matrix products (on a BLAS when the build found one).
  const auto gram = wf::matmul(m, m.T());
  const auto stacked = wf::matmul(wf::ones<float>({3, 2, 4}), wf::ones<float>({4, 5}));
  const wf::ndarray<int, 2> counts = wf::matmul(wf::ones<int>({2, 6}), wf::ones<int>({6, 3}));
  check(gram(1, 1) == wf::sum(m(1, wf::all) * m(1, wf::all)) && stacked(2, 1, 4) == 4.0f && counts(1, 2) == 6 &&
            !wf::matmul_backend().empty(),
        "matmul");

  // Parallel loops.
  wf::ndarray<double, 1> squares(wf::shape{1000});
  wf::prange(1000, [&](wf::index_t k) { squares(k) = double(k) * double(k); });
  wf::ndarray<int, 2> marks(wf::shape{5, 7});
  wf::parallel_for(wf::shape{5, 7}, [&](wf::index_t r, wf::index_t c) { marks(r, c) = int(r * 7 + c); });
  const double loop_sum = wf::parallel_reduce(
      1000, 0.0, [&](double& acc, wf::index_t k) { acc += squares(k); }, [](double x, double y) { return x + y; });
  check(loop_sum == 332833500.0 && marks(4, 6) == 34, "parallel loops");

  // Kernels: vectorize (generic and typed), guvectorize, stencil.
  const auto sinacos = wf::vectorize([](auto x, auto y) { return wf::sin(x) * wf::cos(y); });
  const auto typed = wf::vectorize<double(double, double)>([](double x, double y) { return x * y + 1.0; });
  const wf::ndarray<float, 1> kernel_out = sinacos(f, f);
  check(kernel_out(0) == 0.0f && typed.reduce(wf::arange(1.0, 4.0)) == 10.0 && wf::sum(typed(m, m)) == 518.0,
        "vectorize");
  const auto row_dot = wf::guvectorize<"(n),(n)->()">(
      [](wf::view<const double, 1> x, wf::view<const double, 1> y, double& out) {
        out = 0;
        for (wf::index_t k = 0; k < x.size(); ++k) out += x(k) * y(k);
      });
  const wf::ndarray<double, 1> dots = row_dot(m, m);
  check(dots(0) == 14.0, "guvectorize");
  const auto smooth = wf::stencil([](const auto& u) { return 0.5 * (u(-1) + u(1)); }, wf::border::nearest);
  wf::ndarray<double, 1> next(wf::shape{10});
  smooth(wf::arange(10.0), next);
  check(next(0) == 0.5 && next(5) == 5.0, "stencil");

  std::printf("strict consumer: %s (%zu characters of plans)\n", wrong == 0 ? "ok" : "FAILED",
              plan.size() + reduction_plan.size());
  return wrong == 0 ? 0 : 1;
}
