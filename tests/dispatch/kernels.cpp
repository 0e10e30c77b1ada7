// The dispatched functions of kernels.hpp, compiled for each instruction set.
#include "kernels.hpp"

#include <weft/weft.hpp>

namespace WEFT_TARGET_NAMESPACE {

double mixed_sum(const vec& x) { return weft::sum(x); }

std::string lanes_name() { return weft::detail::simd::arch_name(); }

// Exact in any order of lanes: the same bits on every set.
void exact_ops(const vec& a, const vec& b, vec& out) {
  out = weft::where(a > b, a * b - 2.0 * a, weft::sqrt(weft::abs(b)) / (1.0 + a * a));
}

void transcendental(int which, const vec& a, vec& out) {
  switch (which) {
  case 0: out = weft::sin(a); break;
  case 1: out = weft::exp(a); break;
  case 2: out = weft::log1p(weft::abs(a)); break;
  case 3: out = weft::erf(a); break;
  default: out = weft::tanh(a); break;
  }
}

void kernel_and_stencil(const vec& a, vec& out) {
  const auto clip = weft::vectorize([](auto x) { return weft::minimum(weft::maximum(x, -1.0), 1.0) * 3.0; });
  const vec clipped = clip(a);
  const auto smooth = weft::stencil([](const auto& x) { return 0.25 * x(-1) + 0.5 * x(0) + 0.25 * x(1); });
  smooth(clipped, out);
}

int threads_seen() { return weft::num_threads(); }

std::size_t array_cache_limit_seen() { return weft::array_cache_limit(); }

std::string explain_sum(const vec& a, vec& out) { return weft::explain(out, a + a); }

void add_into(const vec& a, const vec& b, vec& out) { out = a + b; }

} // namespace WEFT_TARGET_NAMESPACE
