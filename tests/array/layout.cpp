#include <doctest/doctest.h>

#include <string>

#include "weft/array/factories.hpp"

using weft::all;
using weft::index_t;
using weft::range;
using weft::shape;

TEST_CASE("transpose reverses axes, or follows a permutation") {
  auto a = weft::arange(24).reshape({2, 3, 4});
  auto t = a.T();
  CHECK(t.shape() == shape{4, 3, 2});
  for (index_t i = 0; i < 2; ++i)
    for (index_t j = 0; j < 3; ++j)
      for (index_t k = 0; k < 4; ++k) CHECK(t(k, j, i) == a(i, j, k));
  auto p = a.transpose({1, 2, 0});
  CHECK(p.shape() == shape{3, 4, 2});
  CHECK(p(2, 3, 1) == a(1, 2, 3));
  CHECK_THROWS_AS(a.transpose({0, 0, 1}), weft::value_error);
  CHECK_THROWS_AS(a.transpose({0, 1, 3}), weft::value_error);
  auto v = weft::arange(3);
  CHECK(v.T().shape() == shape{3});
}

TEST_CASE("reshape is a view when the layout allows it") {
  auto a = weft::arange(24);
  auto m = a.reshape({4, -1});
  CHECK(m.shape() == shape{4, 6});
  m(1, 0) = -6;
  CHECK(a(6) == -6);
  auto t = a.reshape({4, 6}).T();  // (6, 4) with strides (1, 6)
  auto tt = t.reshape({2, 3, 4});  // splitting the first axis keeps a view
  CHECK(tt(1, 2, 3) == t(5, 3));
  auto every_other = a(range(0, 24, 2));  // strided, still reshapeable
  auto e = every_other.reshape({3, 4});
  CHECK(e(2, 3) == 22);
  auto k = a.reshape({2, 1, 12}).reshape({24});
  CHECK(k(23) == 23);
}

TEST_CASE("reshape refuses what needs a copy, and bad sizes, with clear errors") {
  auto a = weft::arange(24).reshape({4, 6});
  auto t = a.T();
  try {
    t.reshape({24});
    FAIL("expected shape_error");
  } catch (const weft::shape_error& e) {
    const std::string msg = e.what();
    CHECK(msg.find("(6, 4)") != std::string::npos);
    CHECK(msg.find("(24,)") != std::string::npos);
  }
  CHECK_THROWS_AS(a.reshape({5, 5}), weft::shape_error);
  CHECK_THROWS_AS(a.reshape({-1, -1}), weft::value_error);
  CHECK_THROWS_AS(a.reshape({7, -1}), weft::shape_error);
  CHECK_THROWS_AS(t.ravel(), weft::shape_error);
  weft::ndarray<std::int64_t, 2> copy = t;  // the way out: copy, then reshape
  CHECK(copy.ravel()(1) == 6);
}

TEST_CASE("reshape of a temporary moves its storage") {
  auto m = weft::arange(6).reshape({2, 3});
  static_assert(std::is_same_v<decltype(m), weft::ndarray<std::int64_t, 2>>);
  CHECK(m(1, 2) == 5);
  auto z = weft::zeros<float>({0, 4}).reshape({-1, 2});
  CHECK(z.shape() == shape{0, 2});
}

TEST_CASE("ravel flattens contiguous and collapsible layouts") {
  auto a = weft::arange(12).reshape({3, 4});
  auto r = a.ravel();
  CHECK(r.size() == 12);
  CHECK(r(7) == 7);
  auto rows = a(range(0, 3, 2), all);  // rows 0 and 2: not collapsible
  CHECK_THROWS_AS(rows.ravel(), weft::shape_error);
  auto col = a(all, range(1, 2));  // (3, 1): a strided 1-D line
  auto c = col.ravel();
  CHECK(c(2) == 9);
}

TEST_CASE("diagonal follows numpy.diagonal, and writes through") {
  auto a = weft::arange(12).reshape({3, 4});
  auto d = a.diagonal();
  CHECK(d.size() == 3);
  CHECK(d(2) == 10);
  auto up = a.diagonal(1);
  CHECK(up.size() == 3);
  CHECK(up(2) == 11);
  auto low = a.diagonal(-2);
  CHECK(low.size() == 1);
  CHECK(low(0) == 8);
  CHECK(a.diagonal(4).size() == 0);
  CHECK(a.diagonal(-3).size() == 0);
  a.diagonal() = 0;
  CHECK(a(1, 1) == 0);
  auto flipped = a(all, range(weft::none, weft::none, -1)).diagonal();
  CHECK(flipped(0) == 3);
  CHECK(flipped(1) == 6);
}
