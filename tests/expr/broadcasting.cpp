// Broadcasting: every pair of ranks 0..4 with extents of 1, operands and
// destinations with any strides (negative, zero, gaps, transposed, newaxis),
// against a naive nested-loop reference; NumPy's error messages.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "helpers.hpp"

using weft::all;
using weft::index_t;
using weft::newaxis;
using weft::none;
using weft::range;

namespace {

// A strided window over a buffer owned by the test, with the stride pattern
// chosen per dimension: contiguous, reversed, with gaps, or (extent-1 and
// "broadcast" dimensions) zero.
enum class layout { contiguous, reversed, gaps, zero_where_allowed };

template <class T, std::size_t N>
struct strided_buffer {
  std::vector<T> storage;
  weft::view<T, N> v;
};

template <class T, std::size_t N>
strided_buffer<T, N> make_strided(const weft::shape<N>& s, layout lay, std::mt19937& gen, bool zero_ok) {
  weft::strides_t<N> st{};
  index_t step = 1, base = 0;
  for (std::size_t k = N; k-- > 0;) {
    const bool reverse = lay == layout::reversed || (lay == layout::gaps && gen() % 2);
    const index_t gap = lay == layout::gaps ? 1 + index_t(gen() % 3) : 1;
    if (lay == layout::zero_where_allowed && zero_ok && (s[k] == 1 || gen() % 3 == 0)) {
      st[k] = 0;
      continue;
    }
    st[k] = reverse ? -step * gap : step * gap;
    if (reverse) base += (std::max<index_t>(s[k], 1) - 1) * step * gap;
    step *= std::max<index_t>(s[k], 1) * gap;
  }
  std::vector<T> storage(static_cast<std::size_t>(step) + 1, T(-999));
  T* first = storage.data() + base;  // stays valid when the vector moves
  return strided_buffer<T, N>{std::move(storage), weft::adapt(first, s, st)};
}

// Element of an operand at an output position: NumPy's broadcasting.
template <class T, std::size_t N, std::size_t R>
T broadcast_at(const weft::view<T, N>& v, const std::array<index_t, R>& idx) {
  index_t off = 0;
  for (std::size_t k = 0; k < N; ++k)
    if (v.shape()[k] != 1) off += idx[k + R - N] * v.strides()[k];
  return v.data()[off];
}

// Calls f(idx) for every index of a shape, row-major.
template <std::size_t R, class F>
void for_each_index(const std::array<index_t, R>& shape, F&& f) {
  for (index_t e : shape)
    if (e == 0) return;
  std::array<index_t, R> idx{};
  while (true) {
    f(idx);
    std::size_t k = R;
    while (k > 0) {
      --k;
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
      if (k == 0) return;
    }
    if (R == 0) return;
  }
}

template <class T, std::size_t N>
void fill_values(const weft::view<T, N>& v, int seed) {
  index_t i = 0;
  for (auto& x : v) x = static_cast<T>((i++ * 37 + seed * 11) % 23 - 11) / T(4);
}

// a + b * 2 - a * b for operands of ranks RA and RB with random extents of 1
// and random layouts, into destinations of random layout, every policy.
template <std::size_t RA, std::size_t RB>
int check_rank_pair(std::mt19937& gen) {
  constexpr std::size_t R = std::max(RA, RB);
  int checked = 0;
  for (int trial = 0; trial < 8; ++trial) {
    std::array<index_t, R> out{};
    for (auto& e : out) e = 2 + index_t(gen() % 4);
    weft::shape<RA> sa;
    weft::shape<RB> sb;
    for (std::size_t k = 0; k < RA; ++k) sa[k] = gen() % 3 == 0 ? 1 : out[k + R - RA];
    for (std::size_t k = 0; k < RB; ++k) sb[k] = gen() % 3 == 0 ? 1 : out[k + R - RB];
    // Where both operands have 1 the result has 1 too.
    for (std::size_t k = 0; k < R; ++k) {
      const bool one_a = k + RA < R || sa[k + RA - R] == 1;
      const bool one_b = k + RB < R || sb[k + RB - R] == 1;
      if (one_a && one_b) out[k] = 1;
    }
    const auto la = static_cast<layout>(trial % 4), lb = static_cast<layout>((trial / 2) % 4);
    auto a = make_strided<double, RA>(sa, la, gen, true);
    auto b = make_strided<double, RB>(sb, lb, gen, true);
    fill_values(a.v, 1);
    fill_values(b.v, 2);
    std::vector<double> want;
    for_each_index(out, [&](const std::array<index_t, R>& idx) {
      const double x = broadcast_at(a.v, idx), y = broadcast_at(b.v, idx);
      want.push_back(x + y * 2.0 - x * y);
    });
    const weft::view<const double, RA> ca = a.v;
    const weft::view<const double, RB> cb = b.v;
    const auto expr = ca + cb * 2.0 - ca * cb;
    REQUIRE(expr.shape() == weft::shape<R>(out));
    for (const auto& p : wt::all_policies) {
      INFO("ranks ", RA, " and ", RB, ": ", weft::to_string(sa), " ", weft::to_string(sb), " under ",
           std::string(p.name), ", trial ", trial);
      // Into a fresh array and into a destination with its own layout.
      const auto r = weft::eval(expr, p.policy);
      auto d = make_strided<double, R>(weft::shape<R>(out), static_cast<layout>((trial + 1) % 3), gen, false);
      weft::assign(d.v, expr, p.policy);
      std::size_t i = 0, bad = 0;
      for_each_index(out, [&](const std::array<index_t, R>& idx) {
        bad += !wt::same(broadcast_at(r.as_view(), idx), want[i]);
        bad += !wt::same(broadcast_at(d.v, idx), want[i]);
        ++i;
      });
      CHECK(i == want.size());
      CHECK(bad == 0);
      ++checked;
    }
  }
  return checked;
}

template <std::size_t... I>
int check_all_rank_pairs(std::mt19937& gen, std::index_sequence<I...>) {
  return (check_rank_pair<I / 5, I % 5>(gen) + ...);
}

}  // namespace

TEST_CASE("every pair of ranks from 0 to 4 broadcasts like NumPy, whatever the strides") {
  std::mt19937 gen(2024);
  const int checked = check_all_rank_pairs(gen, std::make_index_sequence<25>{});
  CHECK(checked == 25 * 8 * static_cast<int>(std::size(wt::all_policies)));
}

TEST_CASE("three operands of three ranks broadcast together (where, clip)") {
  const weft::ndarray<bool, 3> c{{{true}}, {{false}}};      // (2, 1, 1)
  const weft::ndarray<std::int32_t, 1> x{1, 2, 3};          // (3,)
  const weft::ndarray<double, 2> y{{10}, {20}, {30}, {40}};  // (4, 1)
  const auto v = weft::arange(24.0).reshape({2, 4, 3});
  for (const auto& p : wt::all_policies) {
    INFO(std::string(p.name));
    const auto r = weft::eval(weft::where(c, x, y), p.policy);
    static_assert(std::is_same_v<decltype(r)::value_type, double>);
    REQUIRE(r.shape() == weft::shape<3>{2, 4, 3});
    const auto q = weft::eval(weft::clip(v, y, x * 10), p.policy);  // (2, 4, 3), (4, 1), (3,)
    REQUIRE(q.shape() == weft::shape<3>{2, 4, 3});
    index_t bad = 0;
    for (index_t i = 0; i < 2; ++i)
      for (index_t j = 0; j < 4; ++j)
        for (index_t k = 0; k < 3; ++k) {
          bad += r(i, j, k) != (c(i, 0, 0) ? double(x(k)) : y(j, 0));
          bad += q(i, j, k) != std::min(std::max(v(i, j, k), y(j, 0)), double(x(k) * 10));
        }
    CHECK(bad == 0);
  }
}

TEST_CASE("newaxis views broadcast: outer products and rank-3 grids") {
  const auto x = weft::arange(5.0);             // (5,)
  const auto y = weft::arange(3.0) * 10.0 + 1;  // lazy (3,)
  const weft::ndarray<double, 1> yv = y;
  for (const auto& p : wt::all_policies) {
    INFO(std::string(p.name));
    const auto outer = weft::eval(x(all, newaxis) * yv(newaxis, all), p.policy);  // (5, 1) * (1, 3)
    REQUIRE(outer.shape() == weft::shape<2>{5, 3});
    for (index_t i = 0; i < 5; ++i)
      for (index_t j = 0; j < 3; ++j) CHECK(outer(i, j) == x(i) * yv(j));
    // (1, 5, 1) + (3, 1, 1) + (2,) -> (3, 5, 2)
    const weft::ndarray<double, 1> z{100, 200};
    const auto grid = weft::eval(x(newaxis, all, newaxis) + yv(all, newaxis, newaxis) + z, p.policy);
    REQUIRE(grid.shape() == weft::shape<3>{3, 5, 2});
    for (index_t i = 0; i < 3; ++i)
      for (index_t j = 0; j < 5; ++j)
        for (index_t k = 0; k < 2; ++k) CHECK(grid(i, j, k) == x(j) + yv(i) + z(k));
  }
}

TEST_CASE("operands with zero, negative and transposed strides") {
  // A stride-0 view over one value, a reversed range, a transpose.
  double one = 2.5;
  const auto zero = weft::adapt(&one, weft::shape<2>{3, 4}, {0, 0});
  auto m = weft::arange(12.0).reshape({3, 4});
  auto rev = m(range(none, none, -1), range(none, none, -2));  // (3, 2), strides (-4, -2)
  const auto t = weft::arange(12.0).reshape({4, 3});
  for (const auto& p : wt::all_policies) {
    INFO(std::string(p.name));
    const auto r = weft::eval(zero * m + t.T(), p.policy);
    for (index_t i = 0; i < 3; ++i)
      for (index_t j = 0; j < 4; ++j) CHECK(r(i, j) == 2.5 * m(i, j) + t(j, i));
    const auto q = weft::eval(rev - m(all, range(0, 2)), p.policy);
    for (index_t i = 0; i < 3; ++i)
      for (index_t j = 0; j < 2; ++j) CHECK(q(i, j) == m(2 - i, 3 - 2 * j) - m(i, j));
  }
  // A row with stride 0 in its outer dimension: every row is row 1.
  const auto rows = weft::adapt(m.data() + 4, weft::shape<2>{5, 4}, {0, 1});
  const auto s = weft::eval(rows * 2.0);
  for (index_t i = 0; i < 5; ++i)
    for (index_t j = 0; j < 4; ++j) CHECK(s(i, j) == 2.0 * m(1, j));
}

TEST_CASE("destinations with negative and zero strides") {
  auto a = weft::zeros<double>({3, 8});
  const weft::ndarray<double, 1> row{1, 2, 3, 4};
  for (const auto& p : wt::all_policies) {
    INFO(std::string(p.name));
    a.fill(0);
    // a[::-1, ::-2] = row * 10 (broadcast down the rows)
    weft::assign(a(range(none, none, -1), range(none, none, -2)), row * 10.0, p.policy);
    for (index_t i = 0; i < 3; ++i)
      for (index_t j = 0; j < 8; ++j) CHECK(a(i, j) == (j % 2 == 1 ? 10.0 * double(1 + (7 - j) / 2) : 0.0));  // columns 7, 5, 3, 1
  }
  // A destination of stride 0 (all positions are one element): NumPy writes
  // in order, so the last value stays, under every policy.
  for (const auto& p : wt::all_policies) {
    INFO(std::string(p.name));
    double cell = 0;
    auto dst = weft::adapt(&cell, weft::shape<1>{100'000}, {0});
    weft::assign(dst, weft::arange(100'000.0) + 1.0, p.policy);
    CHECK(cell == 100'000.0);
    double cells[4] = {};
    auto rows = weft::adapt(cells, weft::shape<2>{50'000, 4}, {0, 1});
    weft::assign(rows, weft::arange(200'000.0).reshape({50'000, 4}) * 1.0, p.policy);
    CHECK(cells[0] == 199'996.0);
    CHECK(cells[3] == 199'999.0);
  }
}

TEST_CASE("a shape mismatch throws shape_error naming both shapes, in the operands' order") {
  const auto a = weft::zeros<double>({3, 4});
  const auto b = weft::zeros<double>({5});
  CHECK_THROWS_WITH_AS(a + b, "operands could not be broadcast together with shapes (3, 4) (5,)", weft::shape_error);
  CHECK_THROWS_WITH_AS(b + a, "operands could not be broadcast together with shapes (5,) (3, 4)", weft::shape_error);
  CHECK_THROWS_WITH_AS(weft::eval((a + 1.0) * b), "operands could not be broadcast together with shapes (3, 4) (5,)",
                       weft::shape_error);
  const auto c = weft::zeros<double>({2, 2, 4});
  CHECK_THROWS_WITH_AS(weft::sin(c) - a, "operands could not be broadcast together with shapes (2, 2, 4) (3, 4)",
                       weft::shape_error);
  CHECK_NOTHROW(weft::zeros<double>({2, 1, 4}) - a);  // (2, 3, 4)
  // Three operands: all three shapes, a scalar as ().
  const auto three = weft::zeros<double>({3});
  const auto four = weft::zeros<double>({4});
  CHECK_THROWS_WITH_AS(weft::clip(three, four, 1.0),
                       "operands could not be broadcast together with shapes (3,) (4,) ()", weft::shape_error);
  CHECK_THROWS_WITH_AS(weft::where(three > 0, four, three),
                       "operands could not be broadcast together with shapes (3,) (4,) (3,)", weft::shape_error);
}

TEST_CASE("assigning into a view of another shape names both shapes") {
  auto dst = weft::zeros<double>({2, 4});
  const auto x = weft::zeros<double>({3});
  CHECK_THROWS_WITH_AS(dst.as_view() = x * 2.0, "could not broadcast input array from shape (3,) into shape (2, 4)",
                       weft::shape_error);
  CHECK_THROWS_WITH_AS(weft::assign(dst, x + 1.0, weft::par),
                       "could not broadcast input array from shape (3,) into shape (2, 4)", weft::shape_error);
  // A broadcast result larger than the destination is refused too.
  const auto big = weft::zeros<double>({3, 2, 4});
  CHECK_THROWS_WITH_AS(dst.as_view() = big + 1.0,
                       "could not broadcast input array from shape (3, 2, 4) into shape (2, 4)", weft::shape_error);
  // Leading extents of 1 are fine, as in NumPy.
  const auto lead = weft::ones<double>({1, 1, 4});
  dst.as_view() = lead * 3.0;
  CHECK(dst(1, 3) == 3.0);
  // Nothing was written by the failed assignments before.
  auto untouched = weft::full<double>({2, 4}, 7.0);
  CHECK_THROWS_AS(untouched.as_view() = x * 2.0, weft::shape_error);
  CHECK(untouched(1, 3) == 7.0);
}

TEST_CASE("extents of 0 broadcast and evaluate to empty arrays") {
  const auto e = weft::zeros<double>({0, 3});
  const auto row = weft::ones<double>({3});
  for (const auto& p : wt::all_policies) {
    const auto r = weft::eval(e + row, p.policy);
    CHECK(r.shape() == weft::shape<2>{0, 3});
  }
  const auto col = weft::ones<double>({4, 1});
  const auto z = weft::zeros<double>({0});
  CHECK(weft::eval(col * z).shape() == weft::shape<2>{4, 0});
  // 0 against 1 broadcasts to 0; 0 against 2 does not.
  CHECK_THROWS_AS(z + weft::ones<double>({2}), weft::shape_error);
}
