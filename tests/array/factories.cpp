#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <type_traits>

#include "weft/array/factories.hpp"

using weft::shape;

TEST_CASE("empty, zeros, ones, full take braces, shapes or a length") {
  auto z = weft::zeros<double>({3, 4});
  CHECK(z.shape() == shape{3, 4});
  for (double x : z) CHECK(x == 0.0);
  auto o = weft::ones<int>(5);
  CHECK(o.shape() == shape{5});
  for (int x : o) CHECK(x == 1);
  auto f = weft::full<float>(shape{2, 2, 2}, 1.5f);
  for (float x : f) CHECK(x == 1.5f);
  auto f2 = weft::full<std::int16_t>({3}, 7);
  CHECK(f2(2) == 7);
  auto e = weft::empty<double>({0, 3});
  CHECK(e.size() == 0);
  CHECK(e.shape() == shape{0, 3});
  CHECK_THROWS_AS(weft::zeros<double>({-1, 2}), weft::value_error);
}

TEST_CASE("full takes its type from the value, empty, zeros and ones default to double, as NumPy") {
  const std::size_t n = 7;  // a length of any integer type, in braces or alone
  auto f = weft::full({n}, 30.0);
  static_assert(std::is_same_v<decltype(f), weft::ndarray<double, 1>>);
  CHECK(f.shape() == shape{7});
  for (double x : f) CHECK(x == 30.0);
  auto fi = weft::full({2, 3}, 7);
  static_assert(std::is_same_v<decltype(fi), weft::ndarray<int, 2>>);
  CHECK(fi(1, 2) == 7);
  auto fb = weft::full(shape{2}, true);
  static_assert(std::is_same_v<decltype(fb), weft::ndarray<bool, 1>>);
  CHECK(fb(1));
  auto ff = weft::full(3, 2.5f);
  static_assert(std::is_same_v<decltype(ff), weft::ndarray<float, 1>>);
  auto fc = weft::full<float>({2}, 1);  // a given type converts the value
  static_assert(std::is_same_v<decltype(fc), weft::ndarray<float, 1>>);
  CHECK(fc(0) == 1.0f);
  auto z = weft::zeros({2, 5});
  static_assert(std::is_same_v<decltype(z), weft::ndarray<double, 2>>);
  for (double x : z) CHECK(x == 0.0);
  auto o = weft::ones(n);
  static_assert(std::is_same_v<decltype(o), weft::ndarray<double, 1>>);
  for (double x : o) CHECK(x == 1.0);
  static_assert(std::is_same_v<decltype(weft::empty(shape{1, 1, 1})), weft::ndarray<double, 3>>);
  CHECK_THROWS_AS(weft::full({-2}, 1.0), weft::value_error);
}

TEST_CASE("the _like factories copy the shape and, by default, the type") {
  weft::ndarray<float, 2> a(shape{2, 3});
  auto z = weft::zeros_like(a);
  static_assert(std::is_same_v<decltype(z), weft::ndarray<float, 2>>);
  CHECK(z.shape() == a.shape());
  auto o = weft::ones_like<int>(a.T());
  static_assert(std::is_same_v<decltype(o), weft::ndarray<int, 2>>);
  CHECK(o.shape() == shape{3, 2});
  auto f = weft::full_like(a, 4);
  CHECK(f(1, 2) == 4.0f);
  auto e = weft::empty_like(a(0));
  CHECK(e.shape() == shape{3});
}

TEST_CASE("arange matches numpy.arange") {
  auto a = weft::arange(5);
  static_assert(std::is_same_v<decltype(a), weft::ndarray<std::int64_t, 1>>);
  CHECK(a.size() == 5);
  CHECK(a(4) == 4);
  auto b = weft::arange(2, 11, 3);  // [2 5 8]
  CHECK(b.size() == 3);
  CHECK(b(2) == 8);
  auto c = weft::arange(10, 0, -4);  // [10 6 2]
  CHECK(c.size() == 3);
  CHECK(c(2) == 2);
  auto d = weft::arange(0.0, 1.0, 0.1);  // numpy: 10 values
  static_assert(std::is_same_v<decltype(d), weft::ndarray<double, 1>>);
  CHECK(d.size() == 10);
  CHECK(d(3) == doctest::Approx(0.3));
  CHECK(weft::arange(5, 1).size() == 0);
  auto f = weft::arange<float>(3);
  static_assert(std::is_same_v<decltype(f), weft::ndarray<float, 1>>);
  CHECK_THROWS_AS(weft::arange(0, 5, 0), weft::value_error);
}

TEST_CASE("linspace matches numpy.linspace") {
  auto a = weft::linspace(0.0, 1.0, 5);
  CHECK(a(1) == 0.25);
  CHECK(a(4) == 1.0);
  auto b = weft::linspace(0.0, 1.0, 4, false);
  CHECK(b(3) == 0.75);
  auto c = weft::linspace(2.0, 3.0, 1);
  CHECK(c.size() == 1);
  CHECK(c(0) == 2.0);
  CHECK(weft::linspace(0.0, 1.0, 0).size() == 0);
  // numpy.linspace(0, 1, 7)[5] == 0.8333333333333333 (5 * (1/6))
  CHECK(weft::linspace(0.0, 1.0, 7)(5) == 5 * (1.0 / 6));
  CHECK_THROWS_AS(weft::linspace(0.0, 1.0, -1), weft::value_error);
}

TEST_CASE("eye puts ones on the k-th diagonal") {
  auto i = weft::eye(3);
  CHECK(i(0, 0) == 1.0);
  CHECK(i(1, 0) == 0.0);
  auto r = weft::eye<int>(2, 4, 1);
  CHECK(r.shape() == shape{2, 4});
  CHECK(r(0, 1) == 1);
  CHECK(r(1, 2) == 1);
  CHECK(r(0, 0) == 0);
  int total = 0;
  for (int x : weft::eye<int>(5, 3, -1)) total += x;
  CHECK(total == 3);
  for (int x : weft::eye<int>(3, 3, 7)) CHECK(x == 0);
}
