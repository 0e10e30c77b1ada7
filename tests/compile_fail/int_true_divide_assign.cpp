// Must not compile: a /= 2 on an integer array would store float64 results
// in it (NumPy: UFuncTypeError, same_kind casting).
// expect: same_kind
#include <cstdint>

#include "weft/weft.hpp"

int main() {
  weft::ndarray<std::int32_t, 1> a{1, 2};
#ifdef WEFT_COMPILE_FAIL_CONTROL
  a *= 2;
#else
  a /= 2;
#endif
}
