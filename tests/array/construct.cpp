#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>

#include "weft/array/ndarray.hpp"

using weft::ndarray;
using weft::shape;

TEST_CASE("an ndarray from a shape is zero-filled, row-major and 64-byte aligned") {
  ndarray<double, 3> a(shape{2, 3, 5});
  CHECK(a.shape() == shape{2, 3, 5});
  CHECK(a.strides() == weft::strides_t<3>{15, 5, 1});
  CHECK(a.size() == 30);
  CHECK(reinterpret_cast<std::uintptr_t>(a.data()) % 64 == 0);
  for (double x : a) CHECK(x == 0.0);
  ndarray<float, 1> b(shape{7}, 2.5f);
  for (float x : b) CHECK(x == 2.5f);
}

TEST_CASE("nested braces give the data, their nesting the shape") {
  ndarray<double, 2> a{{1, 2, 3}, {4, 5, 6}};
  CHECK(a.shape() == shape{2, 3});
  CHECK(a(1, 2) == 6);
  CHECK(a(0, 1) == 2);
  ndarray<int, 1> v{5};  // one element, not a shape
  CHECK(v.shape() == shape{1});
  CHECK(v(0) == 5);
  ndarray<int, 3> c{{{1}, {2}}, {{3}, {4}}};
  CHECK(c.shape() == shape{2, 2, 1});
  CHECK(c(1, 0, 0) == 3);
  CHECK_THROWS_AS((ndarray<int, 2>{{1, 2}, {3}}), weft::shape_error);
  CHECK_THROWS_AS((ndarray<int, 3>{{{1, 2}}, {{3}}}), weft::shape_error);
}

TEST_CASE("ndarray is a value: deep copies, cheap moves") {
  ndarray<int, 2> a{{1, 2}, {3, 4}};
  ndarray<int, 2> b = a;
  b(0, 0) = 99;
  CHECK(a(0, 0) == 1);
  const int* storage = a.data();
  ndarray<int, 2> c = std::move(a);
  CHECK(c.data() == storage);
  CHECK(c(1, 1) == 4);
  CHECK(a.size() == 0);  // NOLINT: a moved-from array is empty and usable
  a = c;
  CHECK(a(1, 0) == 3);
  CHECK(a.data() != c.data());
  b = std::move(c);
  CHECK(b.data() == storage);
}

TEST_CASE("an ndarray copies and converts a strided view") {
  ndarray<int, 2> a{{1, 2, 3}, {4, 5, 6}};
  ndarray<double, 2> t = a.T();
  CHECK(t.shape() == shape{3, 2});
  CHECK(t.strides() == weft::strides_t<2>{2, 1});
  CHECK(t(2, 1) == 6.0);
  CHECK(t(0, 1) == 4.0);
  ndarray<double, 2> d(a);  // explicit element-type conversion
  CHECK(d(1, 2) == 6.0);
  // Assigning a view of itself is safe.
  a = a(weft::range(1, 2), weft::all);
  CHECK(a.shape() == shape{1, 3});
  CHECK(a(0, 0) == 4);
}

TEST_CASE("a 0-d array holds one element") {
  ndarray<double, 0> s;
  CHECK(s.size() == 1);
  CHECK(s() == 0.0);
  s() = 3.0;
  CHECK(s() == 3.0);
}

TEST_CASE("negative or overflowing shapes are refused") {
  CHECK_THROWS_AS((ndarray<double, 2>(shape{2, -3})), weft::value_error);
  const weft::index_t big = weft::index_t(1) << 40;
  CHECK_THROWS_AS((ndarray<double, 3>(shape{big, big, 2})), weft::value_error);
}

#if defined(__linux__)
// The VmFlags line of the mapping in /proc/self/smaps that holds p
// ("hg" marks madvise(MADV_HUGEPAGE)); empty if not found.
static std::string vm_flags_of(const void* p) {
  std::ifstream smaps("/proc/self/smaps");
  const auto address = reinterpret_cast<std::uintptr_t>(p);
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    unsigned long long lo = 0, hi = 0;
    if (std::sscanf(line.c_str(), "%llx-%llx ", &lo, &hi) == 2 && line.find(':') > line.find(' '))
      inside = lo <= address && address < hi;
    else if (inside && line.rfind("VmFlags:", 0) == 0)
      return line;
  }
  return {};
}

TEST_CASE("arrays of 4 MiB and more ask Linux for transparent huge pages") {
  std::ifstream thp("/sys/kernel/mm/transparent_hugepage/enabled");
  if (!thp || std::getenv("WEFT_MADVISE_HUGEPAGE")) return;  // no THP in this kernel, or the user chose
  weft::ndarray<double, 2> big(weft::shape<2>{1024, 1024});  // 8 MiB
  const std::string flags = vm_flags_of(big.data() + 1024 * 512);
  INFO(flags);
  CHECK(flags.find(" hg") != std::string::npos);
  // Still an ordinary array.
  big(1023, 1023) = 2.5;
  CHECK(big(1023, 1023) == 2.5);
  CHECK(big(0, 0) == 0.0);
}
#endif
