#include <doctest/doctest.h>

#include <limits>
#include <optional>
#include <string>

#include "weft/array/factories.hpp"

using weft::all;
using weft::index_t;
using weft::newaxis;
using weft::none;
using weft::range;
using weft::shape;

namespace {
struct slice_case {
  index_t n;
  std::optional<index_t> start, stop;
  index_t step, count, first;
};
constexpr std::nullopt_t N = std::nullopt;
const slice_case cases[] = {
#include "../core/slice_cases.inc"
};
range make(const slice_case& c) {
  if (c.start && c.stop) return range(*c.start, *c.stop, c.step);
  if (c.start) return range(*c.start, none, c.step);
  if (c.stop) return range(none, *c.stop, c.step);
  return range(none, none, c.step);
}
} // namespace

TEST_CASE("1-D slices select what Python's list slicing selects") {
  for (const auto& c : cases) {
    auto a = weft::arange(c.n);
    auto v = a(make(c));
    CAPTURE(c.n);
    CAPTURE(c.step);
    REQUIRE(v.size() == c.count);
    for (index_t i = 0; i < c.count; ++i) CHECK(v(i) == c.first + i * c.step);
  }
}

TEST_CASE("2-D slices combine per axis, and slices of slices compose") {
  auto a = weft::arange(5 * 7).reshape({5, 7});
  auto v = a(range(1, none, 2), range(-1, 0, -3));  // rows 1, 3; cols 6, 3
  REQUIRE(v.shape() == shape{2, 2});
  CHECK(v(0, 0) == 1 * 7 + 6);
  CHECK(v(1, 1) == 3 * 7 + 3);
  auto w = v(range(none, none, -1), 1);  // rows 3, 1 at col 3
  REQUIRE(w.shape() == shape{2});
  CHECK(w(0) == 3 * 7 + 3);
  CHECK(w(1) == 1 * 7 + 3);
  auto z = a(range(2, 2));  // empty row range, columns kept
  CHECK(z.shape() == shape{0, 7});
  CHECK(a(range(-100, 100)).shape() == shape{5, 7});  // clipped like Python
}

TEST_CASE("an integer drops a dimension, negative counts from the end") {
  auto a = weft::arange(24).reshape({2, 3, 4});
  auto row = a(1, -1);
  static_assert(decltype(row)::rank == 1);
  CHECK(row.shape() == shape{4});
  CHECK(row(0) == 20);
  auto col = a(all, 2, 3);
  CHECK(col.shape() == shape{2});
  CHECK(col(1) == 23);
  auto plane = a(-2);
  CHECK(plane.shape() == shape{3, 4});
  CHECK(plane(2, 3) == 11);
  CHECK_THROWS_AS(a(2), weft::index_error);
  CHECK_THROWS_AS(a(all, -4), weft::index_error);
  try {
    a(0, 3);
    FAIL("expected index_error");
  } catch (const weft::index_error& e) {
    CHECK(std::string(e.what()) == "index 3 is out of bounds for axis 1 with size 3");
  }
}

TEST_CASE("newaxis inserts a dimension of extent 1 and stride 0") {
  auto a = weft::arange(3);
  auto col = a(all, newaxis);
  CHECK(col.shape() == shape{3, 1});
  CHECK(col(2, 0) == 2);
  auto row = a(newaxis);
  CHECK(row.shape() == shape{1, 3});
  CHECK(row.strides()[0] == 0);
  auto m = weft::arange(6).reshape({2, 3});
  auto e = m(newaxis, all, newaxis, 1);
  CHECK(e.shape() == shape{1, 2, 1});
  CHECK(e(0, 1, 0) == 4);
}

TEST_CASE("a zero step is refused") {
  auto a = weft::arange(5);
  CHECK_THROWS_AS(a(range(0, 5, 0)), weft::value_error);
}

TEST_CASE("huge starts, stops and steps clip like Python's, without overflow") {
  // Found by tests/fuzz/slicing_fuzz.cpp (UBSan: signed overflow).
  constexpr index_t max = std::numeric_limits<index_t>::max(), min = std::numeric_limits<index_t>::min();
  auto a = weft::arange(5);
  auto up = a(range(0, 5, max));  // a[0:5:sys.maxsize] == [0]
  REQUIRE(up.extent(0) == 1);
  CHECK(up(0) == 0);
  auto down = a(range(none, none, min));  // a[::-sys.maxsize - 1] == [4]
  REQUIRE(down.extent(0) == 1);
  CHECK(down(0) == 4);
  CHECK(a(range(max, none, -2)).extent(0) == 3);  // a[maxsize::-2] == [4, 2, 0]
  CHECK(a(range(min, max, 2)).extent(0) == 3);    // a[-big:big:2] == [0, 2, 4]
  CHECK(a(range(max, min, 1)).extent(0) == 0);
}

TEST_CASE("slices write through to the array") {
  auto a = weft::zeros<int>({4, 4});
  a(range(1, 3), range(1, 3)) = 7;
  CHECK(a(1, 1) == 7);
  CHECK(a(2, 2) == 7);
  CHECK(a(0, 0) == 0);
  CHECK(a(3, 3) == 0);
  a(all, -1)(range(none, none, -1)) = weft::ndarray<int, 1>{1, 2, 3, 4};
  CHECK(a(0, 3) == 4);
  CHECK(a(3, 3) == 1);
}

TEST_CASE("slicing an empty dimension gives a usable empty view") {
  auto a = weft::zeros<double>({0, 5});
  auto v = a(all, 3);
  CHECK(v.size() == 0);
  auto w = a(all, range(1, 4));
  CHECK(w.shape() == shape{0, 3});
}

TEST_CASE("slicing a temporary array returns an array, not a dangling view") {
  auto col = weft::arange(12).reshape({3, 4})(all, 1);
  static_assert(std::is_same_v<decltype(col), weft::ndarray<std::int64_t, 1>>);
  CHECK(col(2) == 9);
  auto x = weft::arange(12).reshape({3, 4})(1, 2);
  static_assert(std::is_same_v<decltype(x), std::int64_t>);
  CHECK(x == 6);
}
