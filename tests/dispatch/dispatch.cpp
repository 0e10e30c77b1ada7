// Runtime choice of the instruction set: kernels.cpp is compiled once per
// set by weft_dispatch_sources, and each copy the host runs is called here.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "kernels.hpp"

namespace {

std::vector<weft::simd_set> host_sets() {
  std::vector<weft::simd_set> sets;
  for (auto s : {weft::simd_set::sse2, weft::simd_set::avx2, weft::simd_set::avx512})
    if (weft::host_supports(s)) sets.push_back(s);
  return sets;
}

// Values from 1e-12 to 1e12 of both signs, in a fixed pseudo-random order.
vec mixed_values(weft::index_t n) {
  vec x(weft::shape{n});
  std::uint64_t state = 12345;
  for (weft::index_t i = 0; i < n; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double mantissa = double(state >> 11) * 0x1.0p-53;
    const int exponent = int((state >> 3) % 25) - 12;
    x(i) = ((state & 1) ? -1.0 : 1.0) * mantissa * std::pow(10.0, exponent);
  }
  return x;
}

vec ramp(weft::index_t n, double scale) {
  vec x(weft::shape{n});
  for (weft::index_t i = 0; i < n; ++i) x(i) = scale * (double(i % 97) - 48.0) / 7.0;
  return x;
}

bool same_bits(const vec& a, const vec& b) {
  if (a.shape() != b.shape()) return false;
  for (weft::index_t i = 0; i < a.size(); ++i)
    if (std::bit_cast<std::uint64_t>(a(i)) != std::bit_cast<std::uint64_t>(b(i))) return false;
  return true;
}

// Units in the last place between two finite doubles of the same sign.
std::uint64_t ulps(double a, double b) {
  const auto x = std::bit_cast<std::int64_t>(a), y = std::bit_cast<std::int64_t>(b);
  return x > y ? std::uint64_t(x - y) : std::uint64_t(y - x);
}

struct reset_set {
  ~reset_set() { weft::reset_simd_set(); }
};

}  // namespace

TEST_CASE("each set the host runs is the one called, with its lanes") {
  reset_set guard;
  for (auto s : host_sets()) {
    weft::set_simd_set(s);
    INFO("set ", std::string(weft::to_string(s)));
    CHECK(weft::simd_set_in_use() == s);
#if WEFT_USE_XSIMD
    const std::string lanes = lanes_name();
    CHECK(lanes.find(s == weft::simd_set::avx512 ? "avx512" : weft::to_string(s)) != std::string::npos);
    CHECK(lanes.find("chosen at run time: weft::set_simd_set") != std::string::npos);
#endif
  }
  weft::reset_simd_set();
  CHECK(weft::simd_set_in_use() == weft::host_simd_set());
}

TEST_CASE("a sum of 10^6 mixed-magnitude values has the same bits on every set") {
  reset_set guard;
  const vec x = mixed_values(1'000'003);
  double naive = 0;
  for (weft::index_t i = 0; i < x.size(); ++i) naive += x(i);
  std::vector<std::uint64_t> bits;
  for (auto s : host_sets()) {
    weft::set_simd_set(s);
    const double got = mixed_sum(x);
    bits.push_back(std::bit_cast<std::uint64_t>(got));
    CHECK(std::abs(got - naive) <= 1e-3 * std::abs(naive) + 1e6);  // the same sum, summed otherwise
  }
  REQUIRE(!bits.empty());
  for (std::size_t k = 1; k < bits.size(); ++k) CHECK(bits[k] == bits[0]);
}

TEST_CASE("exact element-wise operations, kernels and stencils agree bit for bit across sets") {
  reset_set guard;
  for (weft::index_t n : {0, 1, 7, 8, 17, 1000, 100'003}) {
    INFO("n = ", n);
    const vec a = ramp(n, 1.0), b = ramp(n, -0.5);
    vec first_exact, first_kernel;
    bool have = false;
    for (auto s : host_sets()) {
      weft::set_simd_set(s);
      vec exact(weft::shape{n}), kernel(weft::shape{n});
      exact_ops(a, b, exact);
      kernel_and_stencil(a, kernel);
      // Against plain loops: the same operations, one element at a time.
      for (weft::index_t i = 0; i < n; ++i) {
        const double want = a(i) > b(i) ? a(i) * b(i) - 2.0 * a(i) : std::sqrt(std::abs(b(i))) / (1.0 + a(i) * a(i));
        CHECK(std::bit_cast<std::uint64_t>(exact(i)) == std::bit_cast<std::uint64_t>(want));
      }
      if (!have) {
        first_exact = exact, first_kernel = kernel, have = true;
        continue;
      }
      CHECK(same_bits(exact, first_exact));
      CHECK(same_bits(kernel, first_kernel));
    }
  }
}

// How far apart the sets' lanes of sin, exp and log1p land: xsimd computes
// them with the set's own instructions (FMA or not), so the last bits may
// differ. The README quotes the figure this measures.
TEST_CASE("transcendental functions differ across sets by a few ulp at most") {
  reset_set guard;
  const vec a = ramp(10'007, 0.37);
  const char* names[] = {"sin", "exp", "log1p", "erf", "tanh"};
  for (int which = 0; which < 5; ++which) {
    INFO(std::string(names[which]));
    vec first;
    for (auto s : host_sets()) {
      weft::set_simd_set(s);
      INFO("set ", std::string(weft::to_string(s)));
      vec out(weft::shape{a.size()});
      transcendental(which, a, out);
      // Against libm, one element at a time.
      for (weft::index_t i = 0; i < a.size(); ++i) {
        const double x = a(i);
        const double want = which == 0 ? std::sin(x) : which == 1 ? std::exp(x) : which == 2 ? std::log1p(std::abs(x))
                          : which == 3 ? std::erf(x) : std::tanh(x);
        CHECK(ulps(out(i), want) <= 4);
      }
      if (first.size() == 0) {
        first = out;
        continue;
      }
      std::uint64_t worst = 0;
      for (weft::index_t i = 0; i < a.size(); ++i) worst = std::max(worst, ulps(out(i), first(i)));
      MESSAGE(std::string(names[which]), ": ", std::string(weft::to_string(s)), " against sse2: ", worst, " ulp at most");
      CHECK(worst <= 4);
    }
  }
}

TEST_CASE("settings made anywhere hold in every copy: threads, the array cache") {
  reset_set guard;
  const int threads = weft::num_threads();
  const std::size_t limit = weft::array_cache_limit();
  weft::set_num_threads(1);
  weft::set_array_cache_limit(12345);
  for (auto s : host_sets()) {
    weft::set_simd_set(s);
    INFO("set ", std::string(weft::to_string(s)));
    CHECK(threads_seen() == 1);
    CHECK(array_cache_limit_seen() == 12345);
  }
  weft::set_num_threads(threads);
  weft::set_array_cache_limit(limit);
}

TEST_CASE("explain in a copy names its lanes and how they were chosen; errors keep their types") {
  reset_set guard;
  const vec a = ramp(1000, 1.0), b = ramp(999, 1.0);
  vec out(weft::shape{1000});
  for (auto s : host_sets()) {
    weft::set_simd_set(s);
    INFO("set ", std::string(weft::to_string(s)));
#if WEFT_USE_XSIMD
    const std::string text = explain_sum(a, out);
    CHECK(text.find("chosen at run time: weft::set_simd_set") != std::string::npos);
#endif
    CHECK_THROWS_AS(add_into(a, b, out), weft::shape_error);
  }
}

TEST_CASE("set_simd_set refuses a set the host cannot run; WEFT_SIMD values are checked") {
  reset_set guard;
  CHECK(weft::host_supports(weft::simd_set::sse2));
  for (auto s : {weft::simd_set::avx2, weft::simd_set::avx512})
    if (!weft::host_supports(s)) CHECK_THROWS_AS(weft::set_simd_set(s), weft::value_error);
  CHECK(weft::detail::parse_simd_set("avx2") == weft::simd_set::avx2);
  CHECK_THROWS_WITH_AS(weft::detail::parse_simd_set("avx3"),
                       "WEFT_SIMD=\"avx3\" is not an instruction set: expected sse2, avx2 or avx512",
                       weft::value_error);
}

// CTest runs this case again with WEFT_SIMD=sse2 in the environment.
TEST_CASE("WEFT_SIMD lowers the set in use") {
  const char* env = std::getenv("WEFT_SIMD");
  if (!env) return;
  const weft::simd_set cap = weft::detail::parse_simd_set(env);
  const weft::simd_set want = static_cast<int>(cap) < static_cast<int>(weft::host_simd_set()) ? cap : weft::host_simd_set();
  CHECK(weft::simd_set_in_use() == want);
#if WEFT_USE_XSIMD
  const std::string lanes = lanes_name();
  CHECK(lanes.find(want == weft::simd_set::avx512 ? "avx512" : weft::to_string(want)) != std::string::npos);
  if (want != weft::host_simd_set()) CHECK(lanes.find(std::string("WEFT_SIMD=") + env) != std::string::npos);
#endif
}
