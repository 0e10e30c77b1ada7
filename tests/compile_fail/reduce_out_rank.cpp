// Must not compile: out= of a reduction along one axis of a matrix must be
// 1-D (the result's rank); the mistake reads as one line naming the rule.
// expect: out must have the rank of the result
#include "weft/weft.hpp"

int main() {
  weft::ndarray<double, 2> m(weft::shape<2>{3, 4});
#ifdef WEFT_COMPILE_FAIL_CONTROL
  weft::ndarray<double, 1> out(weft::shape<1>{4});
#else
  weft::ndarray<double, 2> out(weft::shape<2>{1, 4});
#endif
  weft::sum(m, 0, out);
}
