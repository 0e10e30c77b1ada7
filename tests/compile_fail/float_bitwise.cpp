// Must not compile: bit operations on floating arrays (NumPy: TypeError).
// expect: this operation is not defined for these element types
#include "weft/weft.hpp"

int main() {
  weft::ndarray<double, 1> a{1.0, 2.0};
#ifdef WEFT_COMPILE_FAIL_CONTROL
  auto e = weft::astype<int>(a) & 1;
#else
  auto e = a & 1;
#endif
  (void)e;
}
