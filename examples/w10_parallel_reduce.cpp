// W10: a prange reduction whose accumulator is a whole array (13 x 17 int64).
//
//   r = 2 * np.ones((13, 17), np.int64); t = 2 * np.ones((13, 17), np.int64)
//   for i in prange(n): r *= t         # Numba reduces r across threads
//
// weft::parallel_reduce states the reduction: the identity (all ones), the
// body (acc *= t) and how two partial results combine (element-wise *).
// int64 products wrap around as in NumPy, so 2 * 2**n is 0 for n >= 63. The
// non-trivial variant uses t = ones with t[0, 0] = 3: r[0, 0] = 2 * 3**n
// modulo 2**64, every other element stays 2. Both are checked.
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <weft/parallel/parallel_reduce.hpp>
#include <weft/parallel/threads.hpp>

using grid = std::array<std::int64_t, 13 * 17>;

// int64 multiplication that wraps like NumPy's (no signed-overflow UB).
std::int64_t wrap_mul(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
}
void times_into(grid& a, const grid& b) {
  for (std::size_t k = 0; k < a.size(); ++k) a[k] = wrap_mul(a[k], b[k]);
}

// r = 2 * ones; for i in prange(n): r *= t
grid w10(const grid& t, weft::index_t n, double& seconds) {
  grid ones;
  ones.fill(1);
  const auto start = std::chrono::steady_clock::now();
  grid r = weft::parallel_reduce(
      n, ones, [&](grid& acc, weft::index_t) { times_into(acc, t); },
      [](grid& a, const grid& b) { times_into(a, b); });
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (auto& v : r) v = wrap_mul(v, 2);
  return r;
}

// 2 * base**n with wrap-around, by squaring.
std::int64_t expected(std::int64_t base, weft::index_t n) {
  std::int64_t p = 1;
  for (; n > 0; n /= 2, base = wrap_mul(base, base))
    if (n % 2) p = wrap_mul(p, base);
  return wrap_mul(2, p);
}

int main(int argc, char** argv) {
  const weft::index_t n = argc > 1 ? std::atoll(argv[1]) : 10'000'000;
  grid twos, threes;
  twos.fill(2);
  threes.fill(1);
  threes[0] = 3;
  bool ok = true;
  double s1 = 0, s2 = 0;

  weft::set_num_threads(2);
  const grid plain = w10(twos, n, s2);
  for (auto v : plain) ok = ok && v == expected(2, n);
  std::printf("W10, t = 2 everywhere, n = %td: r[0,0] = %lld, r[12,16] = %lld\n", n,
              static_cast<long long>(plain[0]), static_cast<long long>(plain.back()));

  weft::set_num_threads(1);
  const grid one = w10(threes, n, s1);
  weft::set_num_threads(2);
  const grid two = w10(threes, n, s2);
  ok = ok && one == two && one[0] == expected(3, n);
  for (std::size_t k = 1; k < one.size(); ++k) ok = ok && one[k] == 2;
  std::printf("W10, t[0,0] = 3, n = %td: r[0,0] = %lld (2 * 3**n mod 2**64), r[12,16] = %lld\n", n,
              static_cast<long long>(one[0]), static_cast<long long>(one.back()));
  std::printf("  1 thread: %.3f s, 2 threads: %.3f s, same result: %s\n", s1, s2, one == two ? "yes" : "no");
  std::printf("%s\n", ok ? "ok: matches the closed form" : "FAILED");
  return ok ? 0 : 1;
}
