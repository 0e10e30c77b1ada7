// Seed article 002, "Numba for Hackers": accumulate over arange(1000), and
// the pitfall of work outside what the compiler can see through.
//
//   @numba.njit
//   def accumulate(a):
//       c = 0
//       for i in range(len(a)):
//           c += a[i]
//       return c
//
// The article times it at 240 ns a call (92 us in plain Python) with
// a = np.arange(1000). Its pitfall: code that is valid Python but outside
// Numba's compiled subset (hash() of an array) runs slower under @njit than
// without it.
//
// In C++ everything compiles, so the pitfall takes another form: work the
// compiler cannot inline or put on SIMD lanes. Shown here, per call:
//   - a call per element through std::function (type erasure: no inlining,
//     no SIMD), against the same loop with the operation known;
//   - a vectorize kernel of concrete types (double, not auto): weft runs it
//     lane by lane, where the same body written generically runs on SIMD
//     lanes;
//   - a temporary array built per call (weft::eval, then sum) instead of
//     the fused weft::sum(expression).
// Every result is checked against a plain loop; times are printed only.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>

#include <weft/weft.hpp>

#include "support.hpp"

namespace {

using seeds::check;
using seeds::failures;

// Tells the compiler that memory may have changed and that v is used, so a
// call inside a timing loop is neither hoisted out nor dropped.
template <class T>
void keep(T& v) {
  __asm__ __volatile__("" : : "g"(&v) : "memory");
}

// Time of one call of fn, in nanoseconds: the best of 5 runs of `calls` calls.
template <class F>
double ns_per_call(int calls, F&& fn) {
  double best = std::numeric_limits<double>::infinity();
  for (int r = 0; r < 5; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int c = 0; c < calls; ++c) {
      auto v = fn();
      keep(v);
    }
    const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
    best = std::min(best, ns / calls);
  }
  return best;
}

// The article's accumulate, as a C++ template (Numba's lazy @njit).
template <class A>
auto accumulate(const A& a) {
  typename A::value_type c = 0;
  for (weft::index_t i = 0; i < a.size(); ++i) c += a(i);
  return c;
}

// The same loop with the addition behind std::function: one indirect call
// per element.
template <class A, class T = typename A::value_type>
T accumulate_with(const std::function<T(T, T)>& op, const A& a) {
  T c = 0;
  for (weft::index_t i = 0; i < a.size(); ++i) c = op(c, a(i));
  return c;
}

} // namespace

int main() {
  const weft::ndarray<std::int64_t, 1> a = weft::arange(1000);  // np.arange(1000): int64
  const weft::ndarray<double, 1> x = weft::arange(1000.0);
  const std::int64_t want = 999 * 1000 / 2;

  std::printf("accumulate(a), a = arange(1000), ns per call (best of 5 runs):\n");
  check(accumulate(a) == want && weft::sum(a) == want, "accumulate(a)");
  const double t_loop = ns_per_call(20000, [&] { return accumulate(a); });
  const double t_sum = ns_per_call(20000, [&] { return weft::sum(a); });
  std::printf("  accumulate(a), the loop compiled       %8.1f ns  (= %lld)\n", t_loop,
              static_cast<long long>(accumulate(a)));
  std::printf("  weft::sum(a)                           %8.1f ns\n", t_sum);

  std::printf("pitfall 1: an operation the compiler cannot see (std::function per element)\n");
  std::function<std::int64_t(std::int64_t, std::int64_t)> add = [](std::int64_t c, std::int64_t v) { return c + v; };
  keep(add);  // from here on the compiler cannot assume what add holds
  check(accumulate_with(add, a) == want, "accumulate through std::function");
  const double t_function = ns_per_call(5000, [&] { return accumulate_with(add, a); });
  std::printf("  accumulate through std::function       %8.1f ns  (%.1fx the compiled loop)\n", t_function,
              t_function / t_loop);

  std::printf("pitfall 2: a kernel of concrete types runs lane by lane; sum(k(x)), x = arange(1000.0)\n");
  auto k_generic = weft::vectorize([](auto v) { return 0.5 * v + 1.0; });
  auto k_double = weft::vectorize([](double v) { return 0.5 * v + 1.0; });
  double plain = 0.0;
  for (weft::index_t i = 0; i < x.size(); ++i) plain += 0.5 * x(i) + 1.0;
  const double s_generic = weft::sum(k_generic(x)), s_double = weft::sum(k_double(x));
  check(std::abs(s_generic - plain) <= 1e-9 && std::abs(s_double - plain) <= 1e-9, "sum(k(x))");
  const double t_generic = ns_per_call(20000, [&] { return weft::sum(k_generic(x)); });
  const double t_double = ns_per_call(20000, [&] { return weft::sum(k_double(x)); });
  std::printf("  generic kernel (auto v), SIMD lanes    %8.1f ns  (= %.1f)\n", t_generic, s_generic);
  std::printf("  kernel of double v, lane by lane       %8.1f ns  (%.1fx)\n", t_double, t_double / t_generic);

  std::printf("pitfall 3: a temporary per call\n");
  const double t_fused = ns_per_call(20000, [&] { return weft::sum(0.5 * x + 1.0); });
  const double t_temp = ns_per_call(20000, [&] { return weft::sum(weft::eval(0.5 * x + 1.0)); });
  check(std::abs(weft::sum(0.5 * x + 1.0) - plain) <= 1e-9 && std::abs(weft::sum(weft::eval(0.5 * x + 1.0)) - plain) <= 1e-9,
        "sum(0.5 * x + 1)");
  std::printf("  weft::sum(0.5 * x + 1.0), fused        %8.1f ns\n", t_fused);
  std::printf("  weft::sum(weft::eval(0.5 * x + 1.0))   %8.1f ns  (%.1fx: an array allocated and written)\n",
              t_temp, t_temp / t_fused);

  std::printf("%s\n", failures == 0 ? "ok: every result matches the plain loop" : "FAILED");
  return failures == 0 ? 0 : 1;
}
