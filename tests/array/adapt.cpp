#include <doctest/doctest.h>

#include <array>
#include <list>
#include <span>
#include <vector>

#include "weft/array/array.hpp"

using weft::shape;

template <class R>
concept adaptable = requires(R&& r) { weft::adapt(static_cast<R&&>(r)); };

TEST_CASE("adapt views memory the caller owns") {
  std::vector<double> buf(12);
  for (std::size_t i = 0; i < buf.size(); ++i) buf[i] = double(i);
  auto m = weft::adapt(buf.data(), {3, 4});
  CHECK(m.shape() == shape{3, 4});
  CHECK(m(2, 1) == 9.0);
  m(0, 0) = -1;
  CHECK(buf[0] == -1.0);
  auto cols = weft::adapt(buf.data(), shape{4, 3}, {1, 4});  // Fortran order
  CHECK(cols(1, 2) == 9.0);
  auto rev = weft::adapt(buf.data() + 11, shape{12}, {-1});
  CHECK(rev(0) == 11.0);
  CHECK(rev(11) == -1.0);
}

TEST_CASE("adapt refuses a null pointer with elements, accepts it without") {
  double* null = nullptr;
  CHECK_THROWS_AS(weft::adapt(null, {3}), weft::value_error);
  auto e = weft::adapt(null, {0, 4});
  CHECK(e.size() == 0);
  CHECK_THROWS_AS(weft::adapt(null, {-2}), weft::value_error);
}

TEST_CASE("std::span in and out for 1-D") {
  std::array<int, 5> raw{1, 2, 3, 4, 5};
  weft::view<int, 1> v = std::span<int>(raw);
  CHECK(v.size() == 5);
  auto s = v.as_span();
  CHECK(s.data() == raw.data());
  CHECK(s.size() == 5);
  auto from_vector = weft::adapt(raw);
  CHECK(from_vector(4) == 5);
  auto strided = v(weft::range(0, 5, 2));
  CHECK_THROWS_AS(strided.as_span(), weft::value_error);
  weft::ndarray<float, 1> a{1, 2, 3};
  std::span<float> out = a.as_span();
  out[1] = 7;
  CHECK(a(1) == 7.0f);
  static_assert(!adaptable<std::vector<int>>, "a temporary vector would dangle");
  static_assert(adaptable<std::vector<int>&>);
  static_assert(adaptable<std::span<int>>, "a temporary span owns nothing");
  static_assert(adaptable<const std::array<double, 3>&>);
  static_assert(adaptable<double (&)[4]>);
  static_assert(!adaptable<std::array<double, 3>>, "a temporary array would dangle");
  static_assert(!adaptable<std::list<double>&>, "not contiguous");
  static_assert(!adaptable<std::vector<bool>&>, "no data()");
  double c_array[4] = {1, 2, 3, 4};
  const auto from_c_array = weft::adapt(c_array);
  CHECK(from_c_array.shape() == weft::shape{4});
  CHECK(from_c_array(3) == 4.0);
  const std::array<float, 2> std_array{5.0f, 6.0f};
  CHECK(weft::adapt(std_array)(1) == 6.0f);
}
