#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#if defined(__linux__)
#include <sys/mman.h>
#endif

// Large arrays ask Linux for transparent huge pages, as NumPy does (same
// 4 MiB threshold, same opt-out through the environment): a 2 MiB page
// needs one TLB entry where 4 KiB pages need 512, which matters most when a
// loop walks a big array across its rows (a.T + b), and a fresh array takes
// 512 times fewer page faults. Only a hint: where the kernel has transparent
// huge pages off, or the call fails, nothing changes.
namespace weft::detail {

inline constexpr std::size_t huge_page_threshold = std::size_t(1) << 22;

// WEFT_MADVISE_HUGEPAGE=0 turns the hint off (read once).
inline bool huge_pages_wanted() {
  static const bool wanted = [] {
    const char* v = std::getenv("WEFT_MADVISE_HUGEPAGE");
    return !(v && std::strcmp(v, "0") == 0);
  }();
  return wanted;
}

inline void advise_huge_pages([[maybe_unused]] void* data, [[maybe_unused]] std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (bytes < huge_page_threshold || !huge_pages_wanted()) return;
  // madvise wants a page-aligned start; the partial first page is left out.
  constexpr std::uintptr_t page = 4096;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t aligned = (begin + page - 1) / page * page;
  (void)::madvise(reinterpret_cast<void*>(aligned), bytes - (aligned - begin), MADV_HUGEPAGE);
#endif
}

} // namespace weft::detail
