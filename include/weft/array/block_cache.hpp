#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>

#include "weft/array/huge_pages.hpp"

#if defined(__linux__)
#include <sys/mman.h>
#endif

// Large freed arrays are kept for the next array of the same size.
//
// Why: a fresh block of many MiB comes from the kernel as untouched pages,
// and the first write to each page is a fault plus the kernel zeroing it,
// on whichever thread touches it. For a loop that builds a result of the
// same shape each call (a new 80 MB `a * b + 1.0`) that was 45% of the call
// on 2 threads. glibc hands blocks of 32 MiB and more back to the kernel on
// free, so it cannot help there.
//
// What is kept: blocks of at least 4 MiB (the huge-page threshold), at most
// `slots` of them and at most `limit()` bytes in all, reused only for a
// request of exactly the same byte count. A kept block is marked
// MADV_FREE, so under memory pressure the kernel may take its pages back
// without swapping; reusing it then costs the faults it would have cost
// anyway. WEFT_ARRAY_CACHE=0 in the environment, or
// weft::set_array_cache_limit(0), turns it off;
// weft::release_cached_arrays() frees what is kept.
namespace weft::detail {

class block_cache {
public:
  block_cache() {
    const char* v = std::getenv("WEFT_ARRAY_CACHE");
    if (v && v[0] == '0' && v[1] == '\0') limit_ = 0;
  }
  block_cache(const block_cache&) = delete;
  block_cache& operator=(const block_cache&) = delete;

  static constexpr std::size_t alignment = 64;
  static constexpr std::size_t min_bytes = huge_page_threshold;
  static constexpr std::size_t slots = 4;
  static constexpr std::size_t default_limit = std::size_t(256) << 20;

  static block_cache& instance();

  // A block of `bytes` aligned to 64: a kept one of that size when there
  // is one, else new. Small blocks never reach the cache.
  static void* allocate(std::size_t bytes) {
    if (bytes >= min_bytes)
      if (void* p = instance().take(bytes)) return p;
    void* p = ::operator new(bytes, std::align_val_t{alignment});
    advise_huge_pages(p, bytes);
    return p;
  }

  static void deallocate(void* p, std::size_t bytes) noexcept {
    if (bytes >= min_bytes && instance().keep(p, bytes)) return;
    ::operator delete(p, std::align_val_t{alignment});
  }

  // A lower limit than what is held frees everything held.
  void set_limit(std::size_t bytes) {
    bool over = false;
    {
      std::lock_guard lock(mutex_);
      limit_ = bytes;
      over = held_ > bytes;
    }
    if (over) release();
  }
  std::size_t limit() const {
    std::lock_guard lock(mutex_);
    return limit_;
  }
  std::size_t held() const {
    std::lock_guard lock(mutex_);
    return held_;
  }

  void release() noexcept {
    std::array<kept_block, slots> out;
    {
      std::lock_guard lock(mutex_);
      out = kept_;
      kept_ = {};
      count_ = 0;
      held_ = 0;
    }
    for (auto& b : out)
      if (b.data) ::operator delete(b.data, std::align_val_t{alignment});
  }

private:
  struct kept_block {
    void* data = nullptr;
    std::size_t bytes = 0;
  };

  // A kept block of exactly `bytes`, newest first (its pages are likeliest
  // still there), or null.
  // (take and keep are out of line: only big blocks reach them, and every
  // aligned_buffer<T> would otherwise carry a copy of the locking.)
  [[gnu::noinline]] void* take(std::size_t bytes) {
    std::lock_guard lock(mutex_);
    for (std::size_t i = count_; i-- > 0;)
      if (kept_[i].bytes == bytes) {
        void* p = kept_[i].data;
        held_ -= bytes;
        remove(i);
        return p;
      }
    return nullptr;
  }

  // Keeps p, the oldest kept blocks giving way when all slots are taken or
  // the limit would be passed. The pages are marked lazily free before the
  // block is visible to allocate(), so no caller can be handed a block the
  // kernel may still drop.
  [[gnu::noinline]] bool keep(void* p, std::size_t bytes) noexcept {
    if (bytes > limit()) return false;
    lazily_free(p, bytes);
    std::array<void*, slots> evicted{};
    std::size_t n_evicted = 0;
    bool kept = false;
    {
      std::lock_guard lock(mutex_);
      if (bytes <= limit_) {
        while (count_ == slots || held_ + bytes > limit_) {
          evicted[n_evicted++] = kept_[0].data;
          held_ -= kept_[0].bytes;
          remove(0);
        }
        kept_[count_++] = {p, bytes};
        held_ += bytes;
        kept = true;
      }
    }
    for (std::size_t i = 0; i < n_evicted; ++i) ::operator delete(evicted[i], std::align_val_t{alignment});
    return kept;
  }

  void remove(std::size_t i) noexcept {
    for (; i + 1 < count_; ++i) kept_[i] = kept_[i + 1];
    kept_[--count_] = {};
  }

  static void lazily_free([[maybe_unused]] void* p, [[maybe_unused]] std::size_t bytes) noexcept {
#if defined(__linux__) && defined(MADV_FREE)
    constexpr std::uintptr_t page = 4096;
    const auto begin = reinterpret_cast<std::uintptr_t>(p);
    const std::uintptr_t first = (begin + page - 1) / page * page;
    const std::uintptr_t last = (begin + bytes) / page * page;
    if (last > first) (void)::madvise(reinterpret_cast<void*>(first), last - first, MADV_FREE);
#endif
  }

  mutable std::mutex mutex_;
  std::array<kept_block, slots> kept_{};  // oldest first
  std::size_t count_ = 0;
  std::size_t held_ = 0;
  std::size_t limit_ = default_limit;
};

// The one cache of the process (shared by the copies of weft that
// weft_dispatch_sources compiles per instruction set). Never destroyed: an
// array with static storage may be freed after any other static object is
// gone. What it holds at exit is still reachable.
namespace process {
inline block_cache& array_cache() {
  static block_cache& cache = *new block_cache;
  return cache;
}
} // namespace process

inline block_cache& block_cache::instance() { return process::array_cache(); }

} // namespace weft::detail

namespace weft {

// How many bytes of freed large arrays (4 MiB and more) weft may keep for
// reuse; 0 turns the cache off. Default 256 MiB, or 0 when the environment
// has WEFT_ARRAY_CACHE=0.
inline void set_array_cache_limit(std::size_t bytes) { detail::block_cache::instance().set_limit(bytes); }
inline std::size_t array_cache_limit() { return detail::block_cache::instance().limit(); }
// Bytes kept now.
inline std::size_t cached_array_bytes() { return detail::block_cache::instance().held(); }
// Gives every kept block back to the allocator.
inline void release_cached_arrays() { detail::block_cache::instance().release(); }

} // namespace weft
