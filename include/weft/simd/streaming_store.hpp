#pragma once
#include <atomic>
#include <cstddef>
#include <cstdio>
#include <cstdint>
#include <type_traits>

#include "weft/simd/batch.hpp"

#if WEFT_USE_XSIMD && (defined(__x86_64__) || defined(__i386__)) && defined(__SSE2__)
#include <immintrin.h>
#define WEFT_HAS_STREAMING_STORES 1
#else
#define WEFT_HAS_STREAMING_STORES 0
#endif

#if defined(__linux__)
#include <unistd.h>
#endif

// Non-temporal ("streaming") stores: they write a whole cache line to memory
// without reading it first, so an output much larger than the last-level
// cache costs one trip to memory instead of two (read for ownership, then
// write back). W2's a * b + c moves 4 arrays' worth of bytes instead of 5.
// xsimd 8 has no such store; these are the x86 intrinsics, chosen by the
// batch's width. Elsewhere has_streaming_stores is false and nothing streams.
namespace weft::detail::simd {

inline constexpr bool has_streaming_stores = WEFT_HAS_STREAMING_STORES;

#if WEFT_HAS_STREAMING_STORES
// Bytes a streamed store must be aligned to: the batch's.
template <class T>
inline constexpr std::size_t stream_alignment = sizeof(batch<T>);

// p must be aligned to stream_alignment<T>.
template <class T>
void stream(T* p, const batch<T>& b) {
  constexpr std::size_t bytes = sizeof(batch<T>);
  if constexpr (bytes == 16) {
    if constexpr (std::is_same_v<T, double>) _mm_stream_pd(p, b);
    else if constexpr (std::is_same_v<T, float>) _mm_stream_ps(p, b);
    else _mm_stream_si128(reinterpret_cast<__m128i*>(p), b);
#if defined(__AVX__)
  } else if constexpr (bytes == 32) {
    if constexpr (std::is_same_v<T, double>) _mm256_stream_pd(p, b);
    else if constexpr (std::is_same_v<T, float>) _mm256_stream_ps(p, b);
    else _mm256_stream_si256(reinterpret_cast<__m256i*>(p), b);
#endif
#if defined(__AVX512F__)
  } else if constexpr (bytes == 64) {
    if constexpr (std::is_same_v<T, double>) _mm512_stream_pd(p, b);
    else if constexpr (std::is_same_v<T, float>) _mm512_stream_ps(p, b);
    else _mm512_stream_si512(reinterpret_cast<__m512i*>(p), b);
#endif
  } else {
    b.store_aligned(p);
  }
}

// Streamed stores are weakly ordered: each thread fences after its last one,
// before the task that made them reports completion.
inline void stream_fence() { _mm_sfence(); }
#endif

// Bytes of the last-level cache one core sees: Linux's sysfs first (the
// size of one instance, which is what a core can use), then the C
// library's figure (which on some AMD parts adds up every instance), then
// 32 MiB.
inline std::size_t last_level_cache_bytes() {
  static const std::size_t bytes = [] {
    for (const char* path : {"/sys/devices/system/cpu/cpu0/cache/index3/size",
                             "/sys/devices/system/cpu/cpu0/cache/index2/size"}) {
      std::FILE* f = std::fopen(path, "r");
      if (!f) continue;
      unsigned long long n = 0;
      char unit = 0;
      const int got = std::fscanf(f, "%llu%c", &n, &unit);
      std::fclose(f);
      if (got >= 1 && n > 0) {
        const auto size = static_cast<std::size_t>(n);
        return unit == 'K' ? size << 10 : unit == 'M' ? size << 20 : size;
      }
    }
    long n = 0;
#if defined(__linux__) && defined(_SC_LEVEL3_CACHE_SIZE)
    n = sysconf(_SC_LEVEL3_CACHE_SIZE);
#endif
    return n > 0 ? static_cast<std::size_t>(n) : std::size_t(32) << 20;
  }();
  return bytes;
}

// Destinations of at least this many bytes are streamed: the last-level
// cache. Tests lower it to reach the streamed loop with small arrays.
inline std::atomic<std::size_t>& streaming_threshold() {
  static std::atomic<std::size_t> bytes{last_level_cache_bytes()};
  return bytes;
}

} // namespace weft::detail::simd
