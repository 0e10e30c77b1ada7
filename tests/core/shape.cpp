#include <doctest/doctest.h>

#include <limits>
#include <string>

#include "weft/core/broadcast.hpp"
#include "weft/core/shape.hpp"

using weft::shape;

TEST_CASE("shape deduces its rank and compares") {
  constexpr shape s{3, 4};
  static_assert(s.rank() == 2);
  static_assert(s[1] == 4);
  static_assert(s == shape<2>(std::array<weft::index_t, 2>{3, 4}));
  CHECK(weft::to_string(s) == "(3, 4)");
  CHECK(weft::to_string(shape{5}) == "(5,)");
  CHECK(weft::to_string(shape<0>{}) == "()");
}

TEST_CASE("checked_size rejects negative extents and overflow") {
  CHECK(weft::checked_size(shape{3, 4, 5}) == 60);
  CHECK(weft::checked_size(shape<0>{}) == 1);
  CHECK(weft::checked_size(shape{0, 7}) == 0);
  CHECK_THROWS_AS(weft::checked_size(shape{3, -1}), weft::value_error);
  const weft::index_t big = std::numeric_limits<weft::index_t>::max() / 2;
  CHECK_THROWS_AS(weft::checked_size(shape{big, 3}), weft::value_error);
  // A zero extent makes any product fit.
  CHECK(weft::checked_size(shape{big, big, 0}) == 0);
}

TEST_CASE("row-major strides and contiguity") {
  CHECK(weft::row_major_strides(shape{2, 3, 4}) == weft::strides_t<3>{12, 4, 1});
  CHECK(weft::row_major_strides(shape{2, 0, 4}) == weft::strides_t<3>{4, 4, 1});
  CHECK(weft::is_row_major_contiguous(shape{2, 3}, {3, 1}));
  CHECK_FALSE(weft::is_row_major_contiguous(shape{2, 3}, {1, 2}));
  CHECK(weft::is_row_major_contiguous(shape{1, 3}, {99, 1}));  // extent 1: any stride
  CHECK_FALSE(weft::is_row_major_contiguous(shape{3}, {-1}));
}

TEST_CASE("broadcast_shapes follows NumPy") {
  CHECK(weft::broadcast_shapes(shape{3, 1}, shape{4}) == shape{3, 4});
  CHECK(weft::broadcast_shapes(shape{1}, shape{2, 3, 1}) == shape{2, 3, 1});
  CHECK(weft::broadcast_shapes(shape{0, 1}, shape{1, 5}) == shape{0, 5});
  CHECK(weft::broadcast_shapes(shape<0>{}, shape{2}) == shape{2});
  try {
    weft::broadcast_shapes(shape{3, 4}, shape{5});
    FAIL("expected shape_error");
  } catch (const weft::shape_error& e) {
    CHECK(std::string(e.what()) == "operands could not be broadcast together with shapes (3, 4) (5,)");
  }
}

TEST_CASE("broadcast_strides reads an operand as a bigger shape") {
  CHECK(weft::broadcast_strides(shape{4}, {1}, shape{3, 4}) == weft::strides_t<2>{0, 1});
  CHECK(weft::broadcast_strides(shape{3, 1}, {1, 1}, shape{3, 4}) == weft::strides_t<2>{1, 0});
  CHECK(weft::broadcast_strides(shape{1, 4}, {4, -1}, shape{4}) == weft::strides_t<1>{-1});
  CHECK_THROWS_AS(weft::broadcast_strides(shape{2, 4}, {4, 1}, shape{4}), weft::shape_error);
  try {
    weft::broadcast_strides(shape{3}, {1}, shape{2, 4});
    FAIL("expected shape_error");
  } catch (const weft::shape_error& e) {
    CHECK(std::string(e.what()) == "could not broadcast input array from shape (3,) into shape (2, 4)");
  }
}
