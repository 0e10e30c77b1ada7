// Links and runs against the packaged weft: an expression, then prange.
#include <cstdio>

#include <weft/weft.hpp>

int main() {
  const weft::index_t n = 1000;
  const weft::ndarray<double, 1> a = weft::arange<double>(n);
  const weft::ndarray<double, 1> b = a * a + 1.0;
  weft::ndarray<double, 1> c(weft::shape{n});
  weft::prange(n, [&](weft::index_t i) { c(i) = b(i) - a(i) * a(i); });
  int wrong = 0;
  for (weft::index_t i = 0; i < n; ++i) wrong += c(i) != 1.0;
  std::printf("weft %d.%d.%d from Conan (WEFT_USE_TBB=%d), %d threads: %s\n", WEFT_VERSION_MAJOR, WEFT_VERSION_MINOR,
              WEFT_VERSION_PATCH, WEFT_USE_TBB, weft::num_threads(), wrong == 0 ? "ok" : "FAILED");
  return wrong == 0 ? 0 : 1;
}
