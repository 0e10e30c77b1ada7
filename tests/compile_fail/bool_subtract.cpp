// Must not compile: NumPy has no boolean subtract (TypeError); use ^ or !=.
// expect: this operation is not defined for these element types
#include "weft/weft.hpp"

int main() {
  weft::ndarray<bool, 1> a{true, false};
#ifdef WEFT_COMPILE_FAIL_CONTROL
  auto e = a ^ a;
#else
  auto e = a - a;
#endif
  (void)e;
}
