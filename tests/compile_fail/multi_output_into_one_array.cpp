// A kernel with several outputs assigned to one array: the error says how
// to take its outputs.
// expect: weft: an expression with several outputs is not one array
#include <tuple>

#include <weft/weft.hpp>

int main() {
  auto k = weft::vectorize([](auto x, auto y) { return std::tuple(x + y, x * y); });
  const weft::ndarray<double, 1> a = weft::arange(5.0);
#ifdef WEFT_COMPILE_FAIL_CONTROL
  auto [s, p] = weft::eval(k(a, a));
#else
  weft::ndarray<double, 1> s = k(a, a);
#endif
  return int(s(0));
}
