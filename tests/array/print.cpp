#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "weft/array/array.hpp"

namespace {
template <class A>
std::string str(const A& a) {
  std::ostringstream os;
  os << a;
  return os.str();
}
} // namespace

// The expected strings are what NumPy 2 prints for the same arrays.
TEST_CASE("operator<< prints like numpy") {
  CHECK(str(weft::ndarray<double, 1>{1.5, 2.25, 3}) == "[1.5  2.25 3.  ]");
  CHECK(str(weft::ndarray<int, 2>{{1, -2}, {30, 4}}) == "[[ 1 -2]\n [30  4]]");
  CHECK(str(weft::ndarray<bool, 1>{true, false}) == "[ True False]");
  CHECK(str(weft::ndarray<double, 1>{0.1, 100.0}) == "[  0.1 100. ]");
  CHECK(str(weft::ndarray<double, 1>{1e-5, 1.0}) == "[1.e-05 1.e+00]");
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  CHECK(str(weft::ndarray<double, 1>{nan, 1.5, -inf}) == "[ nan  1.5 -inf]");
  CHECK(str(weft::zeros<double>({2, 0})) == "[]");
  CHECK(str(weft::arange(2000.0)) == "[0.000e+00 1.000e+00 2.000e+00 ... 1.997e+03 1.998e+03 1.999e+03]");
  CHECK(str(weft::arange(1001)) == "[   0    1    2 ...  998  999 1000]");
  CHECK(str(weft::zeros<int>({2, 1, 2})) == "[[[0 0]]\n\n [[0 0]]]");
  CHECK(str(weft::arange(6).reshape({2, 3}).T()) == "[[0 3]\n [1 4]\n [2 5]]");
}
