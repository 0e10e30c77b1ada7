// Built with -mavx2 -mfma against loops compiled for SSE2 lanes
// (tests/CMakeLists.txt): with WEFT_SEPARATE_COMPILATION this must not
// link, rather than run loops compiled for another instruction set.
#include <weft/weft.hpp>

int main() {
  const weft::ndarray<double, 1> a = weft::arange<double>(10);
  const weft::ndarray<double, 1> b = a * 2.0 + 1.0;
  return b(3) == 7.0 ? 0 : 1;
}
