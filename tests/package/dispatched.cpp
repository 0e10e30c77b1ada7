// A program built with default flags whose kernel runs on the host's best
// instruction set: the same bits from every set the host runs.
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include <weft/weft.hpp>

#include "dispatched.hpp"

int main() {
  weft::ndarray<double, 1> a = weft::arange<double>(0, 100003) * 1e-3, b = weft::cos(a);
  double want = 0;
  for (weft::index_t i = 0; i < a.size(); ++i) want += a(i) * b(i) + 1.0;
  std::uint64_t first = 0;
  bool have = false;
  for (auto s : {weft::simd_set::sse2, weft::simd_set::avx2, weft::simd_set::avx512}) {
    if (!weft::host_supports(s)) continue;
    weft::set_simd_set(s);
    const double got = dot_plus_one(a, b);
    const auto bits = std::bit_cast<std::uint64_t>(got);
    std::printf("%s: %.17g\n", weft::to_string(s), got);
    if ((have && bits != first) || std::abs(got - want) > 1e-9 * want) {
      std::printf("dispatched consumer: FAILED\n");
      return 1;
    }
    first = bits, have = true;
  }
  weft::reset_simd_set();
  std::printf("dispatched consumer: ok (in use: %s)\n", weft::to_string(weft::simd_set_in_use()));
}
