// Must not compile: argmax writes positions, so its out= must hold an
// integer type (NumPy refuses a float out too).
// expect: out must hold an integer type
#include "weft/weft.hpp"

int main() {
  weft::ndarray<double, 2> m(weft::shape<2>{3, 4});
#ifdef WEFT_COMPILE_FAIL_CONTROL
  weft::ndarray<weft::index_t, 1> out(weft::shape<1>{4});
#else
  weft::ndarray<double, 1> out(weft::shape<1>{4});
#endif
  weft::argmax(m, 0, out);
}
