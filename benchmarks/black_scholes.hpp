#pragma once
// W13's kernel as the README teaches it (one kernel, two outputs), shared
// by bench_kernels and the dispatched workloads (benchmarks/dispatch).
#include <tuple>

#include <weft/weft.hpp>

namespace bench {

inline constexpr double bs_rate = 0.02, vol = 0.30;
inline constexpr double inv_sqrt2 = 0.70710678118654752440;

inline const auto black_scholes = weft::vectorize([](auto S, auto K, auto T) {
  const auto sqrtT = weft::sqrt(T);
  const auto d1 = (weft::log(S / K) + (bs_rate + 0.5 * vol * vol) * T) / (vol * sqrtT);
  const auto d2 = d1 - vol * sqrtT;
  const auto cnd1 = 0.5 * (1.0 + weft::erf(d1 * inv_sqrt2)), cnd2 = 0.5 * (1.0 + weft::erf(d2 * inv_sqrt2));
  const auto discounted = K * weft::exp(-bs_rate * T);
  return std::tuple(S * cnd1 - discounted * cnd2, discounted * (1.0 - cnd2) - S * (1.0 - cnd1));
});

} // namespace bench
