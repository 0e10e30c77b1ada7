#pragma once
// erf and erfc on SIMD lanes. xsimd 8.1's own kernels are too far off to
// use (measured against erfl: erf double up to 68 ulp near 2.2, erfc double
// up to 1e5 ulp on [2, 9], both NaN at ±DBL_MAX), so weft has its own:
//   |x| < 1/2:  erf(x) = x P(x^2), erfc(x) = 1 - erf(x);
//   |x| >= 1/2: erfc(|x|) = exp(-x^2) Q(t) / (|x| + k), t = (|x| - k)/(|x| + k),
//               erf = ±(1 - erfc), erfc(-|x|) = 2 - erfc(|x|).
// exp(-x^2) is exp(-h^2) exp(-d) with h = |x| cut to half its mantissa bits,
// so that h^2 is exact, and d = (|x| - h)(|x| + h) small enough for a short
// Taylor series: a rounded x^2 would cost up to 700 ulp near 26. P and Q and
// how they were fitted: scripts/fit-erf.py. Results whose erfc is subnormal
// (x > 26.5 double, 9.1 float) are libm's.
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "weft/simd/math.hpp"

#if WEFT_USE_XSIMD
namespace weft::detail::simd {
namespace erf_fit {
// Printed by scripts/fit-erf.py (relative errors of the fits: 3.9e-18,
// 2.3e-18, 1.3e-9, 8.3e-9).
inline constexpr double small_double[] = {1.1283791670955126,     -3.7612638903183467e-1, 1.1283791670924811e-1,
                                          -2.6866170632715341e-2, 5.2239773703195252e-3,  -8.5482975238147758e-4,
                                          1.2053324286524977e-4,  -1.4845583076442208e-5, 1.4723208782199109e-6};
inline constexpr double k_double = 4;
inline constexpr double tail_double[] = {
    1.0959956610004911,     -9.7654872908088199e-1, 7.7320870226523615e-1,  -5.4085383131323526e-1,
    3.3085158787807404e-1,  -1.7401093723993824e-1, 7.6381514907730526e-2,  -2.6370053340073808e-2,
    6.1120556763730472e-3,  -2.8095886965062143e-4, -4.5505284281912081e-4, 1.7681285199609829e-4,
    -3.6344090182387731e-6, -1.8861038312987562e-5, 4.6920728867679252e-6,  1.4245925865492366e-6,
    -8.416262832217608e-7,  -7.6125318366017447e-8, 1.186982054283118e-7,   1.3257442877591332e-9,
    -1.1869587332322031e-8};
inline constexpr float small_float[] = {1.12837917f, -3.76126083e-1f, 1.12828197e-1f, -2.6757066e-2f,
                                        4.71786786e-3f};
inline constexpr float k_float = 2;
inline constexpr float tail_float[] = {1.02158271f,    -6.87160697e-1f, 2.79471211e-1f,
                                       -3.64414859e-2f, -2.14962518e-2f, 6.47013528e-3f,
                                       3.00951087e-3f,  -8.01747096e-4f, -4.81028199e-4f};
// exp(-d) for the small d above: |d| < 2.2e-5 (double), 0.1 (float).
inline constexpr double exp_minus_double[] = {1.0, -1.0, 1.0 / 2, -1.0 / 6, 1.0 / 24};
inline constexpr float exp_minus_float[] = {1.0f, -1.0f, 1.0f / 2, -1.0f / 6, 1.0f / 24, -1.0f / 120, 1.0f / 720};
} // namespace erf_fit

// c[0] + x (c[1] + x (c[2] + ...)).
template <class B, class T, std::size_t N>
B polynomial(const B& x, const T (&c)[N]) {
  B r(c[N - 1]);
  for (std::size_t i = N - 1; i-- > 0;) r = xsimd::fma(r, x, B(c[i]));
  return r;
}

template <class B>
struct erf_constants {
  static constexpr bool dbl = sizeof(typename B::value_type) == 8;
  using T = typename B::value_type;
  using bits_t = std::conditional_t<dbl, std::uint64_t, std::uint32_t>;
  static constexpr T k = dbl ? T(erf_fit::k_double) : T(erf_fit::k_float);
  // Where erfc becomes subnormal, and where erf rounds to ±1.
  static constexpr T last_normal = dbl ? T(26.5) : T(9.1);
  static constexpr T erf_is_one = dbl ? T(6) : T(4);
  // Keeps the upper half of the significand (26 bits double, 12 float).
  static constexpr bits_t high_half = dbl ? bits_t(0xFFFFFFFFF8000000ull) : bits_t(0xFFFFF000u);
  static const auto& small() {
    if constexpr (dbl) return erf_fit::small_double; else return erf_fit::small_float;
  }
  static const auto& tail() {
    if constexpr (dbl) return erf_fit::tail_double; else return erf_fit::tail_float;
  }
  static const auto& exp_minus() {
    if constexpr (dbl) return erf_fit::exp_minus_double; else return erf_fit::exp_minus_float;
  }
};

// erf(x) / x on |x| < 1/2.
template <class B>
B erf_over_x(const B& x) {
  return polynomial(x * x, erf_constants<B>::small());
}
// erfc(a) for 1/2 <= a <= last_normal.
template <class B>
B erfc_tail(const B& a) {
  using C = erf_constants<B>;
  using T = typename B::value_type;
  const B k(C::k);
  const B r = B(T(1)) / (a + k);
  const B q = polynomial((a - k) * r, C::tail());
  const B h = a & B(std::bit_cast<T>(C::high_half));
  const B d = (a - h) * (a + h);
  const B e = xsimd::exp(-(h * h)) * polynomial(d, C::exp_minus());
  return e * q * r;
}

template <class B>
B erf(const B& x) {
  using C = erf_constants<B>;
  using T = typename B::value_type;
  const B a = xsimd::abs(x);
  const auto small = a < B(T(0.5));
  B r;
  if (xsimd::all(small)) {
    r = x * erf_over_x(x);
  } else {
    const B big = B(T(1)) - erfc_tail(xsimd::min(xsimd::max(a, B(T(0.5))), B(C::erf_is_one)));
    const B signed_big = xsimd::copysign(big, x);
    r = xsimd::any(small) ? xsimd::select(small, x * erf_over_x(x), signed_big) : signed_big;
  }
  return xsimd::select(xsimd::isnan(x), x, r);
}

template <class B>
B erfc(const B& x) {
  using C = erf_constants<B>;
  using T = typename B::value_type;
  const B a = xsimd::abs(x);
  const auto small = a < B(T(0.5));
  B r;
  if (xsimd::all(small)) {
    r = B(T(1)) - x * erf_over_x(x);
  } else {
    const B e = erfc_tail(xsimd::min(xsimd::max(a, B(T(0.5))), B(C::last_normal)));
    const B big = xsimd::select(x < B(T(0)), B(T(2)) - e, e);
    r = xsimd::any(small) ? xsimd::select(small, B(T(1)) - x * erf_over_x(x), big) : big;
  }
  r = fix_lanes(r, x > B(C::last_normal), [](auto v) { return std::erfc(v); }, x);
  return xsimd::select(xsimd::isnan(x), x, r);
}

} // namespace weft::detail::simd
#endif
