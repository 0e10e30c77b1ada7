#include <doctest/doctest.h>

#include <string>

#include "weft/array/factories.hpp"

using weft::all;
using weft::index_t;
using weft::newaxis;
using weft::none;
using weft::range;
using weft::shape;

TEST_CASE("assigning a scalar to a view fills it") {
  auto a = weft::zeros<double>({3, 5});
  a(all, range(0, 5, 2)) = 1.5;
  CHECK(a(2, 4) == 1.5);
  CHECK(a(2, 3) == 0.0);
  a.as_view() = 2;  // the whole array
  for (double x : a) CHECK(x == 2.0);
}

TEST_CASE("assigning an array of the same shape copies and converts") {
  auto a = weft::zeros<double>({2, 3});
  weft::ndarray<int, 2> b{{1, 2, 3}, {4, 5, 6}};
  a.as_view() = b;
  CHECK(a(1, 2) == 6.0);
  auto c = weft::zeros<float>({3, 2});
  c.as_view() = b.T();
  CHECK(c(2, 0) == 3.0f);
}

TEST_CASE("assignment broadcasts the source like numpy's a[...] = b") {
  auto a = weft::zeros<int>({3, 4});
  weft::ndarray<int, 1> row{1, 2, 3, 4};
  a.as_view() = row;
  CHECK(a(2, 3) == 4);
  weft::ndarray<int, 2> col{{10}, {20}, {30}};
  a.as_view() = col;
  CHECK(a(1, 3) == 20);
  a(1) = weft::ndarray<int, 2>{{7, 8, 9, 10}};  // leading 1 dropped
  CHECK(a(1, 0) == 7);
}

TEST_CASE("a shape mismatch throws shape_error naming both shapes") {
  auto a = weft::zeros<int>({3, 4});
  weft::ndarray<int, 1> wrong{1, 2, 3};
  try {
    a.as_view() = wrong;
    FAIL("expected shape_error");
  } catch (const weft::shape_error& e) {
    CHECK(std::string(e.what()) == "could not broadcast input array from shape (3,) into shape (3, 4)");
  }
  CHECK_THROWS_AS(a(0) = weft::zeros<int>({2, 4}), weft::shape_error);
}

TEST_CASE("overlapping source and destination give numpy's result") {
  auto a = weft::arange(10);
  a(range(1, none)) = a(range(none, -1));  // numpy: [0 0 1 2 ... 8]
  for (index_t i = 1; i < 10; ++i) CHECK(a(i) == i - 1);
  auto b = weft::arange(10);
  b(range(none, -1)) = b(range(1, none));  // [1 2 ... 9 9]
  for (index_t i = 0; i < 9; ++i) CHECK(b(i) == i + 1);
  auto c = weft::arange(6);
  c.as_view() = c(range(none, none, -1));  // reversal in place
  for (index_t i = 0; i < 6; ++i) CHECK(c(i) == 5 - i);
  auto m = weft::arange(9).reshape({3, 3});
  m.as_view() = m.T();  // transpose in place
  CHECK(m(0, 1) == 3);
  CHECK(m(1, 0) == 1);
  CHECK(m(2, 1) == 5);
  auto s = weft::arange(4);
  s.as_view() = s;  // self-assignment is a no-op
  CHECK(s(3) == 3);
}

TEST_CASE("broadcast views with zero strides are read correctly") {
  auto a = weft::zeros<int>({2, 3});
  auto one = weft::arange(3);
  a.as_view() = one(newaxis, all);
  CHECK(a(1, 2) == 2);
}

template <class V>
concept assignable_from_int = requires(V v) { v = 3; };

TEST_CASE("views of const data cannot be assigned (compile-time)") {
  weft::ndarray<int, 1> a{1, 2};
  const auto& c = a;
  auto v = c(all);
  static_assert(std::is_same_v<decltype(v), weft::view<const int, 1>>);
  static_assert(!assignable_from_int<decltype(v)>);
  static_assert(assignable_from_int<weft::view<int, 1>>);
  CHECK(v(1) == 2);
}

TEST_CASE("overlapping assignment works for bool arrays too") {
  weft::ndarray<bool, 1> a{true, false, false, false};
  a(range(1, none)) = a(range(none, -1));
  CHECK(a(0));
  CHECK(a(1));
  CHECK_FALSE(a(2));
  CHECK_FALSE(a(3));
}
