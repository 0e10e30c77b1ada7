#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include <weft/parallel/box_range.hpp>
#include <weft/parallel/parallel_for.hpp>
#include <weft/parallel/prange.hpp>

#include "support.hpp"

using weft::index_t;
using weft_test::threads_guard;

namespace {

struct test_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Counts visits per row-major position; an index outside the extents is a
// stray.
template <std::size_t N>
struct visit_counter {
  weft::shape<N> extents;
  std::vector<std::atomic<int>> counts;
  std::atomic<int> stray{0};

  explicit visit_counter(const weft::shape<N>& s)
      : extents(s), counts(static_cast<std::size_t>(weft::size_of(s))) {}

  void visit(const std::array<index_t, N>& idx) {
    index_t flat = 0;
    for (std::size_t d = 0; d < N; ++d) {
      if (idx[d] < 0 || idx[d] >= extents[d]) return void(stray.fetch_add(1));
      flat = flat * extents[d] + idx[d];
    }
    counts[static_cast<std::size_t>(flat)].fetch_add(1, std::memory_order_relaxed);
  }
  void check() const {
    CHECK(stray.load() == 0);
    index_t wrong = 0;
    for (const auto& c : counts) wrong += c.load() != 1;
    CHECK(wrong == 0);
  }
};

template <std::size_t N>
void check_every_index_once(const weft::shape<N>& s) {
  threads_guard guard;
  for (int k : weft_test::thread_counts) {
    weft::set_num_threads(k);
    for (const auto& np : weft_test::all_policies) {
      const char* name = np.name;  // no structured bindings: clang 14 cannot capture them
      const weft::execution_policy policy = np.policy;
      CAPTURE(weft::to_string(s));
      CAPTURE(k);
      CAPTURE(name);
      {  // f(i, j, ...)
        visit_counter<N> v(s);
        weft::parallel_for(
            s,
            [&](auto... i) {
              static_assert(sizeof...(i) == N);
              v.visit({i...});
            },
            policy);
        v.check();
      }
      {  // f(const std::array<index_t, N>&)
        visit_counter<N> v(s);
        weft::parallel_for(s, [&](const std::array<index_t, N>& idx) { v.visit(idx); }, policy);
        v.check();
      }
    }
  }
}

} // namespace

// Which bodies parallel_for accepts (call operators need no definition here).
namespace {
struct two_indices {
  void operator()(index_t, index_t) const;
};
struct one_index {
  void operator()(index_t) const;
};
struct array3 {
  void operator()(const std::array<index_t, 3>&) const;
};
struct array2 {
  void operator()(const std::array<index_t, 2>&) const;
};
struct by_string {
  void operator()(std::string) const;
};
} // namespace
static_assert(weft::nd_body<two_indices, 2>);
static_assert(weft::nd_indices_body<two_indices, 2>);
static_assert(!weft::nd_body<two_indices, 3>);
static_assert(weft::nd_body<one_index, 1>);
static_assert(!weft::nd_body<one_index, 2>);
static_assert(weft::nd_array_body<array3, 3>);
static_assert(!weft::nd_indices_body<array3, 3>);
static_assert(!weft::nd_body<array2, 3>);
static_assert(!weft::nd_body<by_string, 1>);

TEST_CASE("parallel_for 1-D visits every index exactly once") {
  for (index_t n : {0, 1, 2, 7, 13, 1009, 100003}) check_every_index_once(weft::shape{n});
}

TEST_CASE("parallel_for 2-D visits every index exactly once") {
  check_every_index_once(weft::shape{0, 5});
  check_every_index_once(weft::shape{5, 0});
  check_every_index_once(weft::shape{1, 1});
  check_every_index_once(weft::shape{7, 13});
  check_every_index_once(weft::shape{1, 1009});
  check_every_index_once(weft::shape{1009, 1});
  check_every_index_once(weft::shape{127, 131});
}

TEST_CASE("parallel_for 3-D visits every index exactly once") {
  check_every_index_once(weft::shape{0, 3, 3});
  check_every_index_once(weft::shape{3, 3, 0});
  check_every_index_once(weft::shape{1, 1, 1});
  check_every_index_once(weft::shape{3, 5, 7});
  check_every_index_once(weft::shape{17, 1, 19});
  check_every_index_once(weft::shape{31, 37, 41});
}

TEST_CASE("parallel_for 4-D visits every index exactly once") {
  check_every_index_once(weft::shape{0, 1, 2, 3});
  check_every_index_once(weft::shape{1, 1, 1, 1});
  check_every_index_once(weft::shape{2, 3, 5, 7});
  check_every_index_once(weft::shape{1, 13, 1, 11});
  check_every_index_once(weft::shape{11, 13, 17, 19});
}

TEST_CASE("parallel_for under seq runs in row-major order") {
  std::vector<index_t> order;
  weft::parallel_for(weft::shape{3, 4, 2}, [&](index_t i, index_t j, index_t k) { order.push_back((i * 4 + j) * 2 + k); },
                     weft::seq);
  REQUIRE(order.size() == 24);
  for (std::size_t p = 0; p < order.size(); ++p) CHECK(order[p] == static_cast<index_t>(p));
}

TEST_CASE("parallel_for rejects a negative extent") {
  int calls = 0;
  CHECK_THROWS_AS(weft::parallel_for(weft::shape{3, -1}, [&](index_t, index_t) { ++calls; }), weft::value_error);
  CHECK(calls == 0);
}

TEST_CASE("an exception thrown in a parallel_for body reaches the caller, and the pool still works") {
  threads_guard guard;
  weft::set_num_threads(2);
  for (auto policy : {weft::par, weft::auto_policy, weft::seq}) {
    CHECK_THROWS_AS(weft::parallel_for(
                        weft::shape{300, 301},
                        [](index_t i, index_t j) {
                          if (i == 250 && j == 7) throw test_error("boom");
                        },
                        policy),
                    test_error);
    visit_counter<2> v(weft::shape{40, 50});
    weft::parallel_for(weft::shape{40, 50}, [&](const std::array<index_t, 2>& ij) { v.visit(ij); }, policy);
    v.check();
  }
}

TEST_CASE("parallel_for inside a prange body completes") {
  threads_guard guard;
  weft::set_num_threads(2);
  visit_counter<3> v(weft::shape{8, 30, 40});
  weft::prange(
      8,
      [&](index_t o) {
        weft::parallel_for(weft::shape{30, 40}, [&](index_t i, index_t j) { v.visit({o, i, j}); }, weft::par);
      },
      weft::par);
  v.check();
}

TEST_CASE("box_range splits the longest dimension at its middle") {
  using box = weft::box_range<2>;
  box a({0, 0}, {7, 13});
  REQUIRE(a.is_divisible());
  box b(a, weft::detail::split_tag{});
  CHECK(a.lo() == box::corner_type{0, 0});
  CHECK(a.hi() == box::corner_type{7, 6});
  CHECK(b.lo() == box::corner_type{0, 6});
  CHECK(b.hi() == box::corner_type{7, 13});

  box c({0, 0}, {8, 8});  // a tie: the outer dimension
  box d(c, weft::detail::split_tag{});
  CHECK(c.hi() == box::corner_type{4, 8});
  CHECK(d.lo() == box::corner_type{4, 0});
}

TEST_CASE("box_range: empty, volume and divisibility against the grain") {
  using box = weft::box_range<3>;
  CHECK(box({0, 0, 0}, {2, 0, 5}).empty());
  CHECK(box({0, 0, 0}, {2, 0, 5}).volume() == 0);
  CHECK_FALSE(box({0, 0, 0}, {2, 3, 5}).empty());
  CHECK(box({1, 1, 1}, {2, 3, 5}).volume() == 8);
  CHECK(box({0, 0, 0}, {2, 3, 5}, 30).is_divisible() == false);
  CHECK(box({0, 0, 0}, {2, 3, 5}, 29).is_divisible() == true);
  CHECK_FALSE(box({0, 0, 0}, {1, 1, 1}).is_divisible());
  CHECK(box(weft::shape{4, 5, 6}).volume() == 120);
}

TEST_CASE("box_range cut recursively gives near-square tiles covering the box") {
  using box = weft::box_range<2>;
  std::vector<box> leaves;
  std::vector<box> todo{box(weft::shape{1000, 1000}, 4096)};
  while (!todo.empty()) {
    box b = todo.back();
    todo.pop_back();
    if (!b.is_divisible()) {
      leaves.push_back(b);
      continue;
    }
    box upper(b, weft::detail::split_tag{});
    todo.push_back(b);
    todo.push_back(upper);
  }
  index_t covered = 0, worst_ratio_x100 = 0;
  for (const auto& l : leaves) {
    covered += l.volume();
    CHECK(l.volume() <= 4096);
    const index_t lo = std::min(l.extent(0), l.extent(1)), hi = std::max(l.extent(0), l.extent(1));
    worst_ratio_x100 = std::max(worst_ratio_x100, 100 * hi / lo);
  }
  CHECK(covered == 1000 * 1000);
  CHECK(leaves.size() == 256);
  CHECK(worst_ratio_x100 <= 200);  // tiles, not slabs: at most 2:1
}
