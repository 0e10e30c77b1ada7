// The cache of freed large arrays (array/block_cache.hpp): a block of 4 MiB
// or more freed by one array is handed to the next array of the same byte
// count, within the limit, and never to two arrays at once.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <set>
#include <vector>

#include "weft/array/ndarray.hpp"
#include "weft/parallel/prange.hpp"

using weft::ndarray;
using weft::shape;

namespace {

constexpr weft::index_t big = (std::size_t(4) << 20) / sizeof(double) + 3;  // just over the threshold

// Restores the limit and empties the cache around a test.
struct fresh_cache {
  std::size_t limit = weft::array_cache_limit();
  fresh_cache() { weft::release_cached_arrays(); weft::set_array_cache_limit(std::size_t(256) << 20); }
  ~fresh_cache() { weft::release_cached_arrays(); weft::set_array_cache_limit(limit); }
};

}  // namespace

TEST_CASE("a freed large array's block goes to the next array of the same size, zero-filled when asked") {
  fresh_cache guard;
  const double* first = nullptr;
  {
    ndarray<double, 1> a(shape{big}, 7.0);
    first = a.data();
  }
  CHECK(weft::cached_array_bytes() == big * sizeof(double));
  ndarray<double, 1> b(shape{big});
  CHECK(b.data() == first);
  CHECK(weft::cached_array_bytes() == 0);
  CHECK(reinterpret_cast<std::uintptr_t>(b.data()) % 64 == 0);
  for (weft::index_t i = 0; i < big; i += 4099) CHECK(b(i) == 0.0);
  CHECK(b(big - 1) == 0.0);
}

TEST_CASE("blocks of another size, small arrays and a zero limit are not kept") {
  fresh_cache guard;
  { ndarray<double, 1> a(shape{big}); }
  ndarray<double, 1> other(shape{big + 1});
  CHECK(weft::cached_array_bytes() == big * sizeof(double));  // still kept, not handed out
  { ndarray<double, 1> small(shape{1000}); }
  CHECK(weft::cached_array_bytes() == big * sizeof(double));
  weft::set_array_cache_limit(0);
  CHECK(weft::cached_array_bytes() == 0);
  { ndarray<double, 1> a(shape{big}); }
  CHECK(weft::cached_array_bytes() == 0);
  CHECK(weft::array_cache_limit() == 0);
}

TEST_CASE("what is kept stays within the limit and the slots, the oldest giving way") {
  fresh_cache guard;
  const std::size_t bytes = big * sizeof(double);
  weft::set_array_cache_limit(2 * bytes + 1);
  {
    std::vector<ndarray<double, 1>> arrays;
    for (int i = 0; i < 3; ++i) arrays.emplace_back(shape{big});
  }
  CHECK(weft::cached_array_bytes() == 2 * bytes);
  weft::set_array_cache_limit(std::size_t(1) << 40);
  {
    std::vector<ndarray<double, 1>> arrays;
    for (int i = 0; i < 7; ++i) arrays.emplace_back(shape{big + i});
  }
  CHECK(weft::cached_array_bytes() <= 4 * (big + 6) * sizeof(double));  // four slots
  CHECK(weft::cached_array_bytes() >= 4 * big * sizeof(double));
  weft::set_array_cache_limit(bytes / 2);  // below what is held: all go
  CHECK(weft::cached_array_bytes() == 0);
  { ndarray<double, 1> a(shape{big}); }   // larger than the limit
  CHECK(weft::cached_array_bytes() == 0);
  weft::release_cached_arrays();
  CHECK(weft::cached_array_bytes() == 0);
}

TEST_CASE("arrays made and freed on many threads never share a block") {
  fresh_cache guard;
  constexpr int tasks = 32;
  std::vector<int> ok(tasks, 0);
  weft::prange(tasks, [&](weft::index_t t) {
    ndarray<double, 1> a(shape{big}, double(t));
    ndarray<double, 1> b(shape{big}, double(-t));
    bool good = true;
    for (weft::index_t i = 0; i < big; i += 997) good = good && a(i) == double(t) && b(i) == double(-t);
    ok[std::size_t(t)] = good && a.data() != b.data();
  }, weft::par);
  for (int t = 0; t < tasks; ++t) CHECK(ok[std::size_t(t)] == 1);
  CHECK(weft::cached_array_bytes() <= 4 * big * sizeof(double));
}
