// A destination that overlaps a source: NumPy's result (as if the sources
// were read before anything is written), under every policy, through
// `a = expr`, `view = expr`, weft::assign and compound assignment; and no
// temporary when each element only reads itself.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../expr/helpers.hpp"

using weft::all;
using weft::index_t;
using weft::none;
using weft::range;

namespace {

// np.arange(n) ** 2: no arithmetic progression, so a forward in-place pass
// (which reads values already written) gives something else.
weft::ndarray<double, 1> squares(index_t n) {
  weft::ndarray<double, 1> a(weft::shape<1>{n});
  for (index_t i = 0; i < n; ++i) a(i) = double(i) * double(i);
  return a;
}
weft::ndarray<double, 2> squares(index_t r, index_t c) {
  weft::ndarray<double, 2> a(weft::shape<2>{r, c});
  for (index_t i = 0; i < r * c; ++i) a.data()[i] = double(i) * double(i);
  return a;
}

template <std::size_t N>
void check_values(const weft::ndarray<double, N>& got, std::initializer_list<double> want, const std::string& what) {
  REQUIRE_MESSAGE(got.size() == static_cast<index_t>(want.size()), what);
  std::vector<double> w(want);
  wt::check_elements(got.ravel(), w.data(), got.size(), 0, what, wt::none_described);
}

}  // namespace

TEST_CASE("shifted overlap in both directions gives NumPy's result") {
  for (const auto& p : wt::all_policies) {
    const std::string pn = p.name;
    auto a = squares(10);
    weft::assign(a(range(1, none)), a(range(none, -1)) * 2 + 1, p.policy);  // a[1:] = a[:-1] * 2 + 1
    check_values(a, {0, 1, 3, 9, 19, 33, 51, 73, 99, 129}, "forward under " + pn);
    a = squares(10);
    weft::assign(a(range(none, -1)), a(range(1, none)) * 2 + 1, p.policy);  // a[:-1] = a[1:] * 2 + 1
    check_values(a, {3, 9, 19, 33, 51, 73, 99, 129, 163, 81}, "backward under " + pn);
  }
  auto a = squares(10);
  a(range(1, none)) = a(range(none, -1)) * 2 + 1;  // view = expr
  check_values(a, {0, 1, 3, 9, 19, 33, 51, 73, 99, 129}, "view = expr");
  a = squares(10);
  a(range(1, none)) += a(range(none, -1));  // a[1:] += a[:-1]
  check_values(a, {0, 1, 5, 13, 25, 41, 61, 85, 113, 145}, "a[1:] += a[:-1]");
  a = squares(10);
  a(range(none, -1)) += a(range(1, none));  // a[:-1] += a[1:]
  check_values(a, {1, 5, 13, 25, 41, 61, 85, 113, 145, 81}, "a[:-1] += a[1:]");
}

TEST_CASE("large shifted overlaps under threads give the result of reading the sources first") {
  const index_t n = 1'000'003;
  const auto original = squares(n);
  for (const auto& p : wt::all_policies) {
    INFO(std::string(p.name));
    auto a = squares(n);
    weft::assign(a(range(3, none)), a(range(none, -3)) - a(range(1, -2)) * 0.5, p.policy);
    index_t bad = 0;
    for (index_t i = 0; i < 3; ++i) bad += a(i) != original(i);
    for (index_t i = 3; i < n; ++i) bad += a(i) != original(i - 3) - original(i - 2) * 0.5;
    CHECK(bad == 0);
    a = squares(n);
    weft::assign(a(range(none, none, -1)), a + 1.0, p.policy);  // a[::-1] = a + 1
    bad = 0;
    for (index_t i = 0; i < n; ++i) bad += a(n - 1 - i) != original(i) + 1.0;
    CHECK(bad == 0);
  }
}

TEST_CASE("reversal in place: `a = a[::-1] + 0` and `a[:] = a[::-1] + 0`") {
  const std::initializer_list<double> want = {81, 64, 49, 36, 25, 16, 9, 4, 1, 0};
  auto a = squares(10);
  a = a(range(none, none, -1)) + 0;  // ndarray = expr of the same shape: evaluated in place
  check_values(a, want, "a = a[::-1] + 0");
  a = squares(10);
  a.as_view() = a(range(none, none, -1)) + 0;
  check_values(a, want, "a[:] = a[::-1] + 0");
  for (const auto& p : wt::all_policies) {
    a = squares(10);
    weft::assign(a, a(range(none, none, -1)) * 1.0, p.policy);
    check_values(a, want, std::string("assign under ") + p.name);
  }
  // Part of the array, reversed onto an overlapping part: a[2:8] = a[::-1][2:8] - a[2:8]
  a = squares(10);
  a(range(2, 8)) = a(range(none, none, -1))(range(2, 8)) - a(range(2, 8));
  check_values(a, {0, 1, 45, 27, 9, -9, -27, -45, 64, 81}, "a[2:8] = a[::-1][2:8] - a[2:8]");
}

TEST_CASE("transpose in place: `a = a.T + 0`, `a += a.T` (NumPy 2 gives the uncorrupted result)") {
  const std::initializer_list<double> want_t = {0, 9, 36, 1, 16, 49, 4, 25, 64};
  auto a = squares(3, 3);
  a = a.T() + 0;
  check_values(a, want_t, "a = a.T + 0");
  a = squares(3, 3);
  a.as_view() = a.T() + 0;
  check_values(a, want_t, "a[...] = a.T + 0");
  a = squares(3, 3);
  a += a.T();
  check_values(a, {0, 10, 40, 10, 32, 74, 40, 74, 128}, "a += a.T");
  // Big enough for the tiled loop and threads.
  const index_t n = 300;
  const auto original = squares(n, n);
  for (const auto& p : wt::all_policies) {
    auto b = squares(n, n);
    weft::assign(b, b.T() * 2.0 - b, p.policy);
    index_t bad = 0;
    for (index_t i = 0; i < n; ++i)
      for (index_t j = 0; j < n; ++j) bad += b(i, j) != original(j, i) * 2.0 - original(i, j);
    CHECK_MESSAGE(bad == 0, std::string(p.name));
  }
  // Not square: `a = a.T + 0` takes the new shape, like rebinding in Python.
  auto r = squares(3, 4);
  r = r.T() + 0;
  REQUIRE(r.shape() == weft::shape<2>{4, 3});
  check_values(r, {0, 16, 64, 1, 25, 81, 4, 36, 100, 9, 49, 121}, "a = a.T + 0 on 3x4");
}

TEST_CASE("broadcast and interleaved reads of the destination") {
  auto a = squares(3, 4);
  a.as_view() = a(range(0, 1), all) * 10 + a;  // a[...] = a[0:1] * 10 + a
  check_values(a, {0, 11, 44, 99, 16, 35, 76, 139, 64, 91, 140, 211}, "a[...] = a[0:1] * 10 + a");
  auto b = squares(10);
  b(range(0, none, 2)) = b(range(1, none, 2)) * 10 + b(range(0, none, 2));  // a[::2] = a[1::2] * 10 + a[::2]
  check_values(b, {10, 1, 94, 9, 266, 25, 526, 49, 874, 81}, "a[::2] = a[1::2] * 10 + a[::2]");
  // Bool destinations take the same path.
  weft::ndarray<bool, 1> m{true, false, false, true, false};
  m(range(1, none)) = m(range(none, -1)) || false;
  CHECK(m(1) == true);
  CHECK(m(2) == false);
  CHECK(m(4) == true);
}

TEST_CASE("explain reports a temporary for overlap and none when each element reads only itself") {
  auto a = squares(100);
  const auto has_temp = [](const std::string& plan) { return plan.find("temporary: yes") != std::string::npos; };
  CHECK(has_temp(weft::explain(a(range(1, none)), a(range(none, -1)) + 1)));
  CHECK(has_temp(weft::explain(a, a(range(none, none, -1)) + 0)));
  auto m = squares(40, 40);
  CHECK(has_temp(weft::explain(m, m.T() + 0)));
  CHECK(has_temp(weft::explain(m, m(range(0, 1), all) + m)));
  // Self-ops: the same element is read then written.
  CHECK_FALSE(has_temp(weft::explain(a, a * 2)));
  CHECK_FALSE(has_temp(weft::explain(a, weft::sin(a) + a * a)));
  CHECK_FALSE(has_temp(weft::explain(a(range(0, none, 2)), a(range(0, none, 2)) * 2)));
  CHECK_FALSE(has_temp(weft::explain(m.T(), m.T() * 2)));
  const auto other = squares(100);
  CHECK_FALSE(has_temp(weft::explain(a, other + a)));
  // And the self-op is right.
  const auto before = squares(100);
  for (const auto& p : wt::all_policies) {
    a = squares(100);
    weft::assign(a, a * 2 + a * a, p.policy);
    index_t bad = 0;
    for (index_t i = 0; i < 100; ++i) bad += a(i) != before(i) * 2 + before(i) * before(i);
    CHECK_MESSAGE(bad == 0, std::string(p.name));
  }
  a = squares(100);
  a = a * 2;  // ndarray = expr of the same shape
  CHECK(a(99) == 2.0 * 99 * 99);
}
