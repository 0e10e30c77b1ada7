// Must not compile: a std::vector is not a weft::operand; wrap it with
// weft::adapt(v) to use it in an expression.
// expect: operand<B>|satisfy 'operand'
#include <vector>

#include "weft/weft.hpp"

int main() {
  weft::ndarray<double, 1> a{1.0, 2.0};
  std::vector<double> v{1.0, 2.0};
#ifdef WEFT_COMPILE_FAIL_CONTROL
  auto e = a + weft::adapt(v);
#else
  auto e = a + v;
#endif
  (void)e;
}
