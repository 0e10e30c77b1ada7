// Must not compile: a typed kernel called with dtypes none of its signatures
// takes safely (double does not cast safely to float), as NumPy's
// "ufunc ... did not contain a loop with signature matching types".
// expect: matches_a_signature
#include "weft/weft.hpp"

int main() {
  auto f = weft::vectorize<float(float, float)>([](auto x, auto y) { return x * y; });
#ifdef WEFT_COMPILE_FAIL_CONTROL
  weft::ndarray<float, 1> a{1.0f, 2.0f};
#else
  weft::ndarray<double, 1> a{1.0, 2.0};
#endif
  auto e = f(a, a);
  (void)e;
}
