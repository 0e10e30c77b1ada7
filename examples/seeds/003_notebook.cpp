// Seed article 003, a Numba notebook, cell by cell in weft.
//
//   @jit                                 def f(x, y): return x + y
//   @jit(int32(int32, int32))            def f_1(x, y): return x + y
//   @jit def square(x): return x ** 2;   @jit def hypot(x, y): return math.sqrt(square(x) + square(y))
//   @jit(nopython=True) def with_numba(a):     # trace of tanh, broadcast back
//       trace = 0.0
//       for i in range(a.shape[0]): trace += np.tanh(a[i, i])
//       return a + trace
//   @jit(nopython=True, parallel=True) def reduction_with_parallel(n):
//       result1 = 2 * np.ones((13, 17), np.int_); tmp = 2 * np.ones_like(result1)
//       for i in prange(n): result1 *= tmp
//       return result1
//   @vectorize([float64(float64, float64)]) def sinacosb_vect(a, b): return math.sin(a) * math.cos(b)
//
// What Numba does at the first call (infer the types, compile one version per
// type combination) the C++ compiler does at build time: a generic lambda is
// Numba's lazy @jit, a typed weft::vectorize is an eager signature, and a
// call that matches no signature does not compile. Every result below is
// checked against a plain loop; timings are printed, never compared.
#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>

#include <weft/weft.hpp>

#include "support.hpp"

namespace {

using seeds::check;
using seeds::failures;

using seeds::best_ms;

template <class T>
const char* dtype() {
  if constexpr (std::is_same_v<T, std::int32_t>) return "int32";
  else if constexpr (std::is_same_v<T, std::int64_t>) return "int64";
  else if constexpr (std::is_same_v<T, float>) return "float32";
  else if constexpr (std::is_same_v<T, double>) return "float64";
  else return "other";
}

// The line of weft::explain's text that starts with `key`.
std::string explain_line(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key, 0) == 0) return line;
  return "(no " + key + " line)";
}

// f(x, y) on two arrays: print the dtype weft chose and check every element.
template <class F, class X, class Y>
void show_f(const char* label, const F& f, const X& x, const Y& y) {
  auto r = weft::eval(f(x, y));
  using R = typename decltype(r)::value_type;
  bool ok = true;
  for (weft::index_t i = 0; i < r.size(); ++i) ok = ok && r(i) == static_cast<R>(x(i) + y(i));
  check(ok, label);
  std::cout << "  f(" << label << ") -> " << dtype<R>() << " " << r << "\n";
}

// int64 multiplication that wraps as NumPy's does (no signed-overflow UB).
std::int64_t wrap_mul(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
}

} // namespace

int main() {
  using weft::index_t;

  // ---------------------------------------------------------------- 1. @jit
  std::printf("[1] f(x, y) = x + y, one compiled version per argument types\n");
  // Numba's lazy @jit: a generic lambda. The compiler makes one version per
  // argument types it is called with, strings included, as f('2', '3') in
  // the notebook.
  auto f_jit = [](auto x, auto y) { return x + y; };
  std::printf("  plain generic lambda: f(2, 3) = %d, f(\"2\"s, \"3\"s) = \"%s\"\n", f_jit(2, 3),
              f_jit(std::string("2"), std::string("3")).c_str());
  check(f_jit(2, 3) == 5 && f_jit(std::string("2"), std::string("3")) == "23", "f_jit");

  // The same body as a ufunc: it takes arrays, broadcasts and fuses. Its
  // result dtype is what x + y gives for the operands' dtypes (NumPy 2's
  // promotion; a C++ scalar beside an array is weak, as a Python scalar).
  auto f = weft::vectorize([](auto x, auto y) { return x + y; });
  const weft::ndarray<std::int32_t, 1> i32 = weft::arange<std::int32_t>(4);
  const weft::ndarray<std::int64_t, 1> i64 = weft::arange(4);
  const weft::ndarray<double, 1> f64 = weft::linspace(0.5, 2.0, 4);
  const weft::ndarray<float, 1> f32 = weft::linspace<float>(0.5f, 2.0f, 4);
  show_f("int32, int32", f, i32, i32);
  show_f("int64, int64", f, i64, i64);
  show_f("float64, float64", f, f64, f64);
  show_f("float32, float32", f, f32, f32);
  // Mixed dtypes: the kernel is called with the operands' own types, so
  // C++'s rule decides inside it (int32 + float is float), where the
  // expression i32 + f32 follows NumPy's table (float64).
  show_f("int32, float32", f, i32, f32);
  {
    auto e = weft::eval(i32 + f32);
    check(std::is_same_v<decltype(e)::value_type, double>, "i32 + f32");
    std::cout << "  the expression i32 + f32 -> " << dtype<decltype(e)::value_type>() << " (NumPy's promotion)\n";
  }
  {
    auto r = weft::eval(f(f32, 2.5));  // weak scalar: stays float32
    check(std::is_same_v<decltype(r)::value_type, float> && r(0) == 3.0f, "f(float32, 2.5)");
    std::cout << "  f(float32, 2.5) -> " << dtype<decltype(r)::value_type>() << " " << r << "\n";
  }

  // ------------------------------------------------- 2. a fixed signature
  std::printf("[2] fixed signatures, as @jit(int32(int32, int32))\n");
  auto f_1 = weft::vectorize<std::int32_t(std::int32_t, std::int32_t)>([](auto x, auto y) { return x + y; });
  auto f_d = weft::vectorize<double(double, double)>([](auto x, auto y) { return x + y; });
  std::printf("  f_1(2, 3) = %d\n", f_1(2, 3));
  check(f_1(2, 3) == 5, "f_1(2, 3)");
  {
    auto r = weft::eval(f_d(i32, i32));  // int32 casts safely to double: the signature takes it
    check(std::is_same_v<decltype(r)::value_type, double> && r(3) == 6.0, "f_d(int32, int32)");
    std::cout << "  f_d(int32, int32) -> " << dtype<decltype(r)::value_type>() << " " << r << "\n";
  }
  // The notebook's f_1('2', '3') raises TypeError at run time. Here a call
  // that matches no signature does not compile; these two lines would fail
  // (and are checked not to compile):
  //
  //   f_1(f64, f64);   // float64 does not cast safely to int32
  //   f_d(std::string("2"), std::string("3"));
  //
  // g++ 12 says, for the first:
  //   error: no match for call to '(weft::vectorized<..., true, int(int, int)>)
  //          (const weft::ndarray<double, 1>&, const weft::ndarray<double, 1>&)'
  //   note: ... required for the satisfaction of 'matches_a_signature<...>'
  // and clang:
  //   note: because 'matches_a_signature<weft::vectorized<..., true, int (int, int)>,
  //         ...>' evaluated to false
  //   note: because '...::accepts<std::tuple<double, double> >' evaluated to false
  // The concept weft::matches_a_signature is the line to look for: add a
  // signature, or convert the operands with weft::astype<std::int32_t>(x).
  static_assert(!std::is_invocable_v<decltype(f_1) const&, const weft::ndarray<double, 1>&,
                                     const weft::ndarray<double, 1>&>);
  static_assert(!std::is_invocable_v<decltype(f_d) const&, std::string, std::string>);
  static_assert(std::is_invocable_v<decltype(f_1) const&, const weft::ndarray<std::int32_t, 1>&,
                                    const weft::ndarray<std::int32_t, 1>&>);
  std::printf("  f_1(float64 array, float64 array): does not compile (weft::matches_a_signature)\n");

  // ------------------------------------- 3. a kernel calling another kernel
  std::printf("[3] hypot calling square\n");
  // square is itself a ufunc; inside hypot it is called on scalars or on
  // SIMD batches, and the compiler inlines it, as Numba inlines one @jit
  // function into another.
  auto square = weft::vectorize([](auto x) { return x * x; });
  auto hypot = weft::vectorize([square](auto x, auto y) { return weft::sqrt(square(x) + square(y)); });
  const double h = hypot(4, 3);
  std::printf("  hypot(4, 3) = %g\n", h);
  check(h == 5.0, "hypot(4, 3)");
  {
    const weft::ndarray<double, 1> x = weft::linspace(-3.0, 3.0, 1001), y = weft::linspace(4.0, -1.0, 1001);
    weft::ndarray<double, 1> out(x.shape());
    std::printf("  hypot(x, y), 1001 elements: %s\n",
                explain_line(weft::explain(out, hypot(x, y)), "inner loop:").c_str());
    weft::assign(out, hypot(x, y));
    bool ok = true;
    for (index_t i = 0; i < out.size(); ++i) ok = ok && std::abs(out(i) - std::hypot(x(i), y(i))) <= 1e-15 * out(i) + 1e-300;
    check(ok, "hypot(x, y) against std::hypot");
  }

  // ----------------------------------------- 4. trace of tanh, broadcast
  std::printf("[4] with_numba(a): a + sum(tanh(diag(a))), a = arange(10**6).reshape(1000, 1000)\n");
  {
    const auto x = weft::arange(1'000'000).reshape({1000, 1000});  // int64, as np.arange
    weft::ndarray<double, 2> out(x.shape()), plain(x.shape());
    // The Numba function's loop is one reduction and one broadcast here:
    // sum reads the diagonal view (no copy), the addition is one pass.
    auto with_weft = [&] { weft::assign(out, x + weft::sum(weft::tanh(x.diagonal()))); };
    auto plain_loop = [&] {
      double trace = 0.0;
      for (index_t i = 0; i < x.shape()[0]; ++i) trace += std::tanh(static_cast<double>(x(i, i)));
      for (index_t i = 0; i < x.shape()[0]; ++i)
        for (index_t j = 0; j < x.shape()[1]; ++j) plain(i, j) = static_cast<double>(x(i, j)) + trace;
    };
    with_weft();
    plain_loop();
    const double t_weft = best_ms(5, with_weft), t_plain = best_ms(5, plain_loop);
    bool ok = true;
    for (index_t i = 0; i < 1000; ++i)
      for (index_t j = 0; j < 1000; ++j) ok = ok && std::abs(out(i, j) - plain(i, j)) <= 1e-9;
    check(ok, "trace of tanh against the plain loop");
    std::printf("  trace = out[0, 0] = %.12g, out[999, 999] = %.12g\n", out(0, 0), out(999, 999));
    std::printf("  weft %.3f ms, plain loop %.3f ms (best of 5, %d thread(s))\n", t_weft, t_plain, weft::num_threads());
    // x is int64 and the trace a double: the addition mixes types, which
    // weft runs without SIMD lanes; explain says so.
    std::printf("  %s\n",
                explain_line(weft::explain(out, x + weft::sum(weft::tanh(x.diagonal()))), "inner loop:").c_str());
  }

  // ----------------------------------- 5. prange reduction, n = 10 and 10**7
  std::printf("[5] result1 *= tmp for i in prange(n), a (13, 17) int64 accumulator\n");
  {
    using grid = std::array<std::int64_t, 13 * 17>;
    grid twos, ones;
    twos.fill(2);
    ones.fill(1);
    std::atomic<unsigned> used{0};  // which of weft's threads ran iterations (every 4096th looked at)
    auto times_into = [](grid& a, const grid& b) {
      for (std::size_t k = 0; k < a.size(); ++k) a[k] = wrap_mul(a[k], b[k]);
    };
    // parallel_reduce seeds every chunk with the identity (ones) and
    // combines chunks with the same *=; result1 = 2 * ones is applied last.
    auto reduction = [&](index_t n, const weft::execution_policy& policy) {
      grid r = weft::parallel_reduce(
          n, ones,
          [&](grid& acc, index_t i) {
            if (i % 4096 == 0) used.fetch_or(1u << (weft::thread_id() % 32), std::memory_order_relaxed);
            times_into(acc, twos);
          },
          [&](grid& a, const grid& b) { times_into(a, b); }, policy);
      for (auto& v : r) v = wrap_mul(v, 2);
      return r;
    };
    // weft::explain on an expression of the same sizes shows the decision
    // for array expressions; for loops, auto_policy times the first
    // iterations (about 2 us) and keeps the loop on the calling thread when
    // the rest would take less than about 30 us.
    for (index_t n : {index_t{10}, index_t{10'000'000}}) {
      grid serial{}, parallel{};
      const int reps = n < 1000 ? 5 : 2;
      const double t_seq = best_ms(reps, [&] { serial = reduction(n, weft::seq); });  // reduction_without_parallel
      used = 0;
      const double t_auto = best_ms(reps, [&] { parallel = reduction(n, weft::auto_policy); });
      const int threads_used = std::popcount(used.load());
      // The plain loop for n = 10; for 10**7, the closed form 2 * 2**n
      // (which wraps to 0 in int64 from n = 63 on).
      grid expect = twos;
      if (n < 1000) {
        for (index_t i = 0; i < n; ++i) times_into(expect, twos);
      } else {
        expect.fill(0);
      }
      check(serial == expect && parallel == expect, "prange reduction");
      weft::ndarray<double, 1> v = weft::ones<double>(n), w(v.shape());
      std::printf("  n = %-8td result1[0, 0] = %-5lld serial %9.3f ms, auto %9.3f ms, ran on %d thread(s); "
                  "an n-element expression: %s\n",
                  n, static_cast<long long>(parallel[0]), t_seq, t_auto, threads_used,
                  explain_line(weft::explain(w, v * v), "threads:").c_str());
    }
  }

  // -------------------------------------------------- 6. @vectorize sinacos
  std::printf("[6] sinacosb_vect(a, b) = sin(a) * cos(b), a = ones(10**7), b = 2 * a\n");
  {
    // The notebook's sinacosc(a, b) with math.sin fails on arrays; so does
    // a C++ function of doubles (it does not compile, checked below).
    auto sinacosc = [](double x, double y) { return std::sin(x) * std::cos(y); };
    static_assert(!std::is_invocable_v<decltype(sinacosc), weft::ndarray<double, 1>&, weft::ndarray<double, 1>&>);
    // The typed ufunc. Its body is generic, so it also runs on SIMD lanes.
    auto sinacos = weft::vectorize<double(double, double)>([](auto x, auto y) { return weft::sin(x) * weft::cos(y); });
    const index_t n = 10'000'000;
    const weft::ndarray<double, 1> a = weft::ones<double>(n), b = 2 * a;
    weft::ndarray<double, 1> out(a.shape()), plain(a.shape());
    std::printf("  %s\n", explain_line(weft::explain(out, sinacos(a, b)), "inner loop:").c_str());
    const double t_weft = best_ms(3, [&] { weft::assign(out, sinacos(a, b)); });
    const double t_plain = best_ms(2, [&] {
      for (index_t i = 0; i < n; ++i) plain(i) = sinacosc(a(i), b(i));
    });
    bool ok = true;
    for (index_t i = 0; i < n; ++i) ok = ok && std::abs(out(i) - plain(i)) <= 1e-15;
    check(ok, "sinacos against the plain loop");
    std::printf("  out[0] = %.15f; weft %.2f ms, plain loop (libm) %.2f ms (%d thread(s))\n", out(0), t_weft,
                t_plain, weft::num_threads());
  }

  std::printf("%s\n", failures == 0 ? "ok: every result matches the plain loops" : "FAILED");
  return failures == 0 ? 0 : 1;
}
