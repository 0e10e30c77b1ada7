// Must not compile: a ufunc takes weft::operand arguments (arrays, views,
// expressions, arithmetic scalars), not a std::string.
// expect: operand<A>|satisfy 'operand'
#include <string>

#include "weft/weft.hpp"

int main() {
#ifdef WEFT_COMPILE_FAIL_CONTROL
  auto e = weft::sin(weft::arange(3.0));
#else
  auto e = weft::sin(std::string("x"));
#endif
  (void)e;
}
