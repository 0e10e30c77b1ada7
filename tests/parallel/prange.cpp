#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <weft/parallel/chunks.hpp>
#include <weft/parallel/prange.hpp>

#include "support.hpp"

using weft::index_t;
using weft_test::threads_guard;

namespace {

constexpr index_t sizes[] = {0, 1, 2, 7, 13, 1023, 100003};

struct test_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void check_each_once(const std::vector<std::atomic<int>>& counts) {
  index_t wrong = 0;
  for (const auto& c : counts) wrong += c.load() != 1;
  CHECK(wrong == 0);
}

// Python's list(range(start, stop, step)), written out plainly.
std::vector<index_t> python_range(index_t start, index_t stop, index_t step) {
  std::vector<index_t> v;
  if (step > 0)
    for (index_t i = start; i < stop; i += step) v.push_back(i);
  else
    for (index_t i = start; i > stop; i += step) v.push_back(i);
  return v;
}

} // namespace

static_assert(weft::loop_body<void (*)(index_t)>);
static_assert(weft::loop_body<void (*)(int)>);  // an index converts, as in a plain for loop
static_assert(!weft::loop_body<void (*)(std::string)>);
static_assert(!weft::loop_body<void (*)(index_t, index_t)>);
static_assert(weft::chunk_body<void (*)(index_t, index_t)>);
static_assert(!weft::chunk_body<void (*)(index_t)>);

TEST_CASE("prange(n) visits every index exactly once under every policy") {
  threads_guard guard;
  for (int k : weft_test::thread_counts) {
    weft::set_num_threads(k);
    for (const auto& np : weft_test::all_policies) {
      const char* name = np.name;  // no structured bindings: clang 14 cannot capture them
      const weft::execution_policy policy = np.policy;
      for (index_t n : sizes) {
        CAPTURE(k);
        CAPTURE(name);
        CAPTURE(n);
        std::vector<std::atomic<int>> counts(static_cast<std::size_t>(n));
        std::atomic<int> outside{0};
        weft::prange(
            n,
            [&](index_t i) {
              if (i < 0 || i >= n) return void(outside.fetch_add(1));
              counts[static_cast<std::size_t>(i)].fetch_add(1, std::memory_order_relaxed);
            },
            policy);
        CHECK(outside.load() == 0);
        check_each_once(counts);
      }
    }
  }
}

TEST_CASE("prange with a negative count runs nothing") {
  std::atomic<int> calls{0};
  weft::prange(-5, [&](index_t) { calls.fetch_add(1); });
  weft::prange(-5, [&](index_t) { calls.fetch_add(1); }, weft::par);
  CHECK(calls.load() == 0);
}

TEST_CASE("prange(range) visits Python's range values, negative steps included") {
  threads_guard guard;
  weft::set_num_threads(2);
  struct case_t {
    index_t start, stop, step;
  };
  const case_t cases[] = {{0, 10, 1},   {0, 10, 3},    {10, 0, -3},          {10, 0, -1},
                          {-5, 5, 2},   {5, -5, -2},   {5, 5, 1},            {5, 0, 1},
                          {0, 5, -1},   {0, 1, 1},     {100000, -100000, -7}, {-3, -300001, -2},
                          {7, 8, 1000}, {7, 6, -1000}};
  for (const auto& c : cases) {
    const auto expected = python_range(c.start, c.stop, c.step);
    for (const auto& np : weft_test::all_policies) {
      const char* name = np.name;  // no structured bindings: clang 14 cannot capture them
      const weft::execution_policy policy = np.policy;
      CAPTURE(c.start);
      CAPTURE(c.stop);
      CAPTURE(c.step);
      CAPTURE(name);
      // Slot j of range(start, stop, step) holds start + j * step.
      std::vector<std::atomic<int>> counts(expected.size());
      std::atomic<int> stray{0};
      weft::prange(
          weft::range(c.start, c.stop, c.step),
          [&](index_t v) {
            const index_t off = v - c.start;
            const index_t j = off / c.step;
            if (off % c.step != 0 || j < 0 || j >= static_cast<index_t>(expected.size()))
              return void(stray.fetch_add(1));
            counts[static_cast<std::size_t>(j)].fetch_add(1, std::memory_order_relaxed);
          },
          policy);
      CHECK(stray.load() == 0);
      check_each_once(counts);
    }
  }
}

TEST_CASE("prange over a range with a zero step or an open bound throws value_error") {
  int calls = 0;
  CHECK_THROWS_AS(weft::prange(weft::range(0, 10, 0), [&](index_t) { ++calls; }), weft::value_error);
  CHECK_THROWS_AS(weft::prange(weft::range(0, 10, 0), [&](index_t) { ++calls; }, weft::par), weft::value_error);
  CHECK_THROWS_AS(weft::prange(weft::range(weft::none, 10), [&](index_t) { ++calls; }), weft::value_error);
  CHECK(calls == 0);
}

TEST_CASE("an exception thrown in a prange body reaches the caller, and the pool still works") {
  threads_guard guard;
  for (int k : weft_test::thread_counts) {
    weft::set_num_threads(k);
    for (const auto& np : weft_test::all_policies) {
      const char* name = np.name;  // no structured bindings: clang 14 cannot capture them
      const weft::execution_policy policy = np.policy;
      for (index_t where : {index_t{0}, index_t{77777}}) {
        CAPTURE(k);
        CAPTURE(name);
        CAPTURE(where);
        CHECK_THROWS_WITH_AS(weft::prange(
                                 100003,
                                 [&](index_t i) {
                                   if (i == where) throw test_error("boom at " + std::to_string(i));
                                 },
                                 policy),
                             doctest::Contains("boom at"), test_error);
        std::vector<std::atomic<int>> counts(5000);
        weft::prange(5000, [&](index_t i) { counts[static_cast<std::size_t>(i)].fetch_add(1); }, policy);
        check_each_once(counts);
      }
    }
  }
}

TEST_CASE("a prange inside a prange body completes") {
  threads_guard guard;
  weft::set_num_threads(2);
  for (auto outer : {weft::par, weft::auto_policy, weft::seq}) {
    for (auto inner : {weft::par, weft::auto_policy}) {
      std::vector<std::atomic<int>> counts(64 * 1000);
      weft::prange(
          64,
          [&](index_t o) {
            weft::prange(
                1000, [&](index_t i) { counts[static_cast<std::size_t>(o * 1000 + i)].fetch_add(1); }, inner);
          },
          outer);
      check_each_once(counts);
    }
  }
}

TEST_CASE("auto_policy keeps a tiny loop on the calling thread") {
  threads_guard guard;
  weft::set_num_threads(2);
  const auto me = std::this_thread::get_id();
  // Timing-based: a preemption in the middle of the probe could make one
  // attempt look costly, so one attempt out of five must stay serial.
  bool stayed = false;
  for (int attempt = 0; attempt < 5 && !stayed; ++attempt) {
    std::vector<std::thread::id> who(16);
    weft::prange(16, [&](index_t i) { who[static_cast<std::size_t>(i)] = std::this_thread::get_id(); });
    stayed = true;
    for (const auto& w : who) stayed = stayed && w == me;
  }
  CHECK(stayed);
}

TEST_CASE("parallel_for_chunks covers [0, n) with disjoint chunks, none split below half the grain") {
  threads_guard guard;
  for (int k : weft_test::thread_counts) {
    weft::set_num_threads(k);
    for (index_t n : sizes) {
      for (index_t grain : {index_t{0}, index_t{1}, index_t{50}}) {
        for (const auto& np : weft_test::all_policies) {
          const char* name = np.name;  // no structured bindings: clang 14 cannot capture them
          const weft::execution_policy policy = np.policy;
          CAPTURE(k);
          CAPTURE(n);
          CAPTURE(grain);
          CAPTURE(name);
          std::vector<std::atomic<int>> counts(static_cast<std::size_t>(n));
          std::atomic<int> bad{0}, chunks{0};
          const index_t g = policy.grain > 0 ? policy.grain : grain;
          // oneTBB halves a chunk only while it holds more than g items.
          const index_t smallest = std::min(n, (g + 1) / 2);
          weft::parallel_for_chunks(
              n, grain,
              [&](index_t b, index_t e) {
                chunks.fetch_add(1);
                if (b < 0 || e > n || b >= e) return void(bad.fetch_add(1));
                if (!policy.automatic && e - b < smallest) bad.fetch_add(1);
                for (index_t i = b; i < e; ++i) counts[static_cast<std::size_t>(i)].fetch_add(1);
              },
              policy);
          CHECK(bad.load() == 0);
          check_each_once(counts);
          if (!policy.threads && n > 0) CHECK(chunks.load() == 1);  // seq: one call body(0, n)
        }
      }
    }
  }
}

TEST_CASE("par hands even a small loop to the threads; one thread or seq makes one chunk") {
  threads_guard guard;
  for (int k : weft_test::thread_counts) {
    weft::set_num_threads(k);
    std::atomic<int> par_chunks{0}, seq_chunks{0};
    weft::parallel_for_chunks(16, 1, [&](index_t, index_t) { par_chunks.fetch_add(1); }, weft::par);
    weft::parallel_for_chunks(16, 1, [&](index_t, index_t) { seq_chunks.fetch_add(1); }, weft::seq);
    CAPTURE(k);
    CHECK(seq_chunks.load() == 1);
    if (k == 1 || !WEFT_USE_TBB)
      CHECK(par_chunks.load() == 1);
    else
      CHECK(par_chunks.load() > 1);
  }
}

TEST_CASE("auto_policy's cost model: serial below the cutoff, chunks of about chunk_time") {
  using weft::detail::cost_estimate;
  const double cutoff_ns = static_cast<double>(weft::detail::serial_cutoff.count());
  const cost_estimate slow{10, 1000.0};  // 1 us per item
  CHECK_FALSE(slow.worth_threads(static_cast<index_t>(cutoff_ns / 1000.0) - 1));
  CHECK(slow.worth_threads(static_cast<index_t>(cutoff_ns / 1000.0) + 1));
  CHECK(slow.grain() == weft::detail::chunk_time.count() / 1000);
  const cost_estimate fast{1000, 0.5};
  CHECK(fast.grain() == 2 * weft::detail::chunk_time.count());
  const cost_estimate huge{1, 1e9};  // one item costs a second: chunks of one
  CHECK(huge.grain() == 1);
  const cost_estimate unmeasured{5, 0.0};  // a clock too coarse to see the probe
  CHECK(unmeasured.grain() > 1'000'000);
  CHECK_FALSE(unmeasured.worth_threads(1'000'000));
}
