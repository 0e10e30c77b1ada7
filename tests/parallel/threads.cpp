#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <vector>

#include <weft/parallel/prange.hpp>
#include <weft/parallel/threads.hpp>

#include "support.hpp"

using weft::index_t;
using weft_test::threads_guard;

TEST_CASE("parse_num_threads accepts whole numbers from 1 to max_num_threads") {
  using weft::detail::parse_num_threads;
  CHECK(parse_num_threads("1") == 1);
  CHECK(parse_num_threads("2") == 2);
  CHECK(parse_num_threads("16") == 16);
  CHECK(parse_num_threads("007") == 7);
  CHECK(parse_num_threads(" 8\n") == 8);
  CHECK(parse_num_threads("4096") == weft::max_num_threads);
}

TEST_CASE("parse_num_threads rejects bad values with value_error quoting them") {
  using weft::detail::parse_num_threads;
  for (const std::string bad : {"abc", "0", "-2", "3x", "", "   ", "+3", "1.5", "2 3", "4097",
                                "99999999999999999999999999"}) {
    CAPTURE(bad);
    const std::string quoted = "WEFT_NUM_THREADS=\"" + bad + "\"";
    CHECK_THROWS_WITH_AS(parse_num_threads(bad.c_str()), doctest::Contains(quoted.c_str()), weft::value_error);
  }
  CHECK_THROWS_AS(parse_num_threads(nullptr), weft::value_error);
}

TEST_CASE("the initial count comes from WEFT_NUM_THREADS, else the hardware") {
  using weft::detail::initial_num_threads;
  CHECK(initial_num_threads("3") == 3);
  CHECK_THROWS_AS(initial_num_threads("three"), weft::value_error);
  const int hw = initial_num_threads(nullptr);
  CHECK(hw >= 1);
  CHECK(hw <= weft::max_num_threads);
#if !WEFT_USE_TBB
  CHECK(hw == 1);
#endif
}

TEST_CASE("set_num_threads changes num_threads") {
  threads_guard guard;
  weft::set_num_threads(2);
  CHECK(weft::num_threads() == 2);
  weft::set_num_threads(1);
  CHECK(weft::num_threads() == 1);
  weft::set_num_threads(3);
  CHECK(weft::num_threads() == 3);
}

TEST_CASE("set_num_threads rejects counts below 1 or above max_num_threads") {
  threads_guard guard;
  weft::set_num_threads(2);
  CHECK_THROWS_AS(weft::set_num_threads(0), weft::value_error);
  CHECK_THROWS_AS(weft::set_num_threads(-1), weft::value_error);
  CHECK_THROWS_AS(weft::set_num_threads(weft::max_num_threads + 1), weft::value_error);
  CHECK_THROWS_WITH_AS(weft::set_num_threads(0), doctest::Contains("set_num_threads(0)"), weft::value_error);
  CHECK(weft::num_threads() == 2);  // unchanged by the failed calls
}

TEST_CASE("thread_id is 0 outside parallel loops") {
  threads_guard guard;
  weft::set_num_threads(2);
  CHECK(weft::thread_id() == 0);
  weft::prange(1000, [](index_t) {}, weft::par);
  CHECK(weft::thread_id() == 0);
}

TEST_CASE("thread_id stays in [0, num_threads()) inside loops") {
  threads_guard guard;
  for (int k : weft_test::thread_counts) {
    weft::set_num_threads(k);
    for (const auto& np : weft_test::all_policies) {
      const char* name = np.name;  // no structured bindings: clang 14 cannot capture them
      const weft::execution_policy policy = np.policy;
      CAPTURE(k);
      CAPTURE(name);
      std::atomic<int> bad{0};
      weft::prange(
          100003,
          [&](index_t) {
            const int id = weft::thread_id();
            if (id < 0 || id >= k) bad.fetch_add(1, std::memory_order_relaxed);
#if !WEFT_USE_TBB
            if (id != 0) bad.fetch_add(1, std::memory_order_relaxed);
#endif
          },
          policy);
      CHECK(bad.load() == 0);
    }
  }
}

TEST_CASE("no two threads of one loop share a thread_id at the same time") {
  // The use thread_id exists for: per-thread scratch buffers.
  threads_guard guard;
  weft::set_num_threads(2);
  std::vector<std::atomic<int>> busy(2);
  std::atomic<int> clashes{0};
  std::atomic<long> sink{0};
  weft::prange(
      200000,
      [&](index_t i) {
        const int id = weft::thread_id();
        if (busy[static_cast<std::size_t>(id)].fetch_add(1) != 0) clashes.fetch_add(1);
        long x = 0;
        for (index_t j = 0; j < 50; ++j) x += (i ^ j) & 7;
        sink.fetch_add(x, std::memory_order_relaxed);
        busy[static_cast<std::size_t>(id)].fetch_sub(1);
      },
      weft::par);
  CHECK(clashes.load() == 0);
  CHECK(sink.load() > 0);
}

TEST_CASE("set_num_threads inside a running loop affects later loops only") {
  threads_guard guard;
  weft::set_num_threads(2);
  std::vector<std::atomic<int>> seen(10000);
  weft::prange(
      10000,
      [&](index_t i) {
        if (i == 5000) weft::set_num_threads(1);
        seen[static_cast<std::size_t>(i)].fetch_add(1);
      },
      weft::par);
  for (auto& s : seen) REQUIRE(s.load() == 1);
  CHECK(weft::num_threads() == 1);
}
