#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "weft/array/factories.hpp"

using weft::shape;

TEST_CASE("a(i, j, k) reads and writes in row-major order") {
  auto a = weft::arange(60).reshape({3, 4, 5});
  CHECK(a(0, 0, 0) == 0);
  CHECK(a(2, 3, 4) == 59);
  CHECK(a(1, 2, 3) == 1 * 20 + 2 * 5 + 3);
  a(1, 2, 3) = -1;
  CHECK(a.data()[33] == -1);
}

TEST_CASE("at() wraps negative indices and throws index_error naming index and shape") {
  auto a = weft::arange(12).reshape({3, 4});
  CHECK(a.at(-1, -1) == 11);
  CHECK(a.at(-3, 0) == 0);
  a.at(0, -4) = 100;
  CHECK(a(0, 0) == 100);
  CHECK_THROWS_AS(a.at(3, 0), weft::index_error);
  CHECK_THROWS_AS(a.at(0, -5), weft::index_error);
  try {
    a.at(1, 4);
    FAIL("expected index_error");
  } catch (const weft::index_error& e) {
    const std::string msg = e.what();
    CHECK(msg.find("(1, 4)") != std::string::npos);
    CHECK(msg.find("(3, 4)") != std::string::npos);
  }
  const auto& c = a;
  CHECK(c.at(2, 1) == 9);
  auto v = a.T();
  CHECK(v.at(3, 2) == 11);
  CHECK_THROWS_AS(v.at(4, 0), weft::index_error);
}

TEST_CASE("range-for visits elements in row-major order, views included") {
  auto a = weft::arange(6).reshape({2, 3});
  std::vector<long> seen(a.begin(), a.end());
  CHECK(seen == std::vector<long>{0, 1, 2, 3, 4, 5});
  auto t = a.T();
  std::vector<long> tseen(t.begin(), t.end());
  CHECK(tseen == std::vector<long>{0, 3, 1, 4, 2, 5});
  auto r = a(weft::all, weft::range(weft::none, weft::none, -2));
  std::vector<long> rseen(r.begin(), r.end());
  CHECK(rseen == std::vector<long>{2, 0, 5, 3});
  auto empty = weft::zeros<int>({3, 0});
  CHECK(empty.as_view().begin() == empty.as_view().end());
  CHECK(std::count(t.begin(), t.end(), 4) == 1);
  for (auto& x : t) x *= 10;  // writes through a view
  CHECK(a(1, 2) == 50);
}
