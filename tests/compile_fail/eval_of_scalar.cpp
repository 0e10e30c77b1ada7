// Must not compile: weft::eval takes a weft::expression; a C++ scalar is an
// operand beside one, not an expression on its own.
// expect: expression<E>
#include "weft/weft.hpp"

int main() {
#ifdef WEFT_COMPILE_FAIL_CONTROL
  auto e = weft::eval(weft::arange(3.0) + 3.0);
#else
  auto e = weft::eval(3.0);
#endif
  (void)e;
}
