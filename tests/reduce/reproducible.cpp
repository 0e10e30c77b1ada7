// The reproducibility promise (the same bits for every policy and thread
// count, run after run) and the accuracy promise (floating sums no less
// accurate than NumPy's pairwise summation).
#include "support.hpp"

using rt::index_t;

namespace {

// NumPy's pairwise_sum (numpy/_core/src/umath/loops_utils.h.src): blocks of
// 128 with 8 accumulators, split at halves rounded to multiples of 8.
template <class T>
T numpy_pairwise(const T* a, index_t n) {
  if (n < 8) {
    T res = 0;
    for (index_t i = 0; i < n; ++i) res += a[i];
    return res;
  }
  if (n <= 128) {
    T r[8];
    for (int j = 0; j < 8; ++j) r[j] = a[j];
    index_t i = 8;
    for (; i < n - n % 8; i += 8)
      for (int j = 0; j < 8; ++j) r[j] += a[i + j];
    T res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  index_t n2 = n / 2;
  n2 -= n2 % 8;
  return numpy_pairwise(a, n2) + numpy_pairwise(a + n2, n - n2);
}

// Runs f() under every policy and 1 and 2 threads; all results must have
// the bits of the first.
template <class F>
void same_everywhere(F f) {
  rt::threads_guard guard;
  weft::set_num_threads(1);
  const auto first = f(weft::seq);
  for (int t : {1, 2}) {
    weft::set_num_threads(t);
    for (const auto& p : rt::policies) {
      CAPTURE(t);
      CAPTURE(p.name);
      CHECK(rt::same_bits(f(p.policy), first));
    }
  }
  CHECK(rt::same_bits(f(weft::par), first));  // and again: run to run
}

} // namespace

TEST_CASE_TEMPLATE("whole-array sums are bit-identical for every policy and thread count", T, double, float) {
  for (index_t n : {index_t(1), index_t(1023), index_t(100003), index_t(1000003)}) {
    CAPTURE(n);
    const auto x = rt::make<T>(weft::shape{n}, 11);
    const auto y = rt::make<T>(weft::shape{n}, 12);
    same_everywhere([&](auto p) { return weft::sum(x, p); });
    same_everywhere([&](auto p) { return weft::sum(x * y, p); });
    same_everywhere([&](auto p) { return weft::mean(x, p); });
    same_everywhere([&](auto p) { return weft::var(x, p); });
    same_everywhere([&](auto p) { return weft::max(x, p); });
    same_everywhere([&](auto p) { return weft::argmin(x, p); });
    same_everywhere([&](auto p) { return weft::nansum(x, p); });
    same_everywhere([&](auto p) { return weft::dot(x, y, p); });
    // A strided view takes the scalar path with the same lanes.
    const auto s = x(weft::range(weft::none, weft::none, -2));
    same_everywhere([&](auto p) { return weft::sum(s, p); });
  }
}

TEST_CASE("axis sums are bit-identical for every policy and thread count, both plans") {
  // Inner plan (axis 1), row-vector plan (axis 0), a tall-thin and a short-wide
  // matrix, a 3-D array, and a transposed view.
  const auto m = rt::make<double>(weft::shape{700, 1301}, 21);
  const auto tall = rt::make<double>(weft::shape{300007, 3}, 22);
  const auto wide = rt::make<float>(weft::shape{3, 300007}, 23);
  const auto cube = rt::make<double>(weft::shape{40, 50, 60}, 24);
  for (int axis : {0, 1}) {
    CAPTURE(axis);
    same_everywhere([&](auto p) { return weft::sum(m, axis, p); });
    same_everywhere([&](auto p) { return weft::sum(tall, axis, p); });
    same_everywhere([&](auto p) { return weft::sum(wide, axis, p); });
    same_everywhere([&](auto p) { return weft::sum(m.T(), axis, p); });
    same_everywhere([&](auto p) { return weft::max(m * 2.0, axis, p); });
    same_everywhere([&](auto p) { return weft::argmax(tall, axis, p); });
  }
  for (int axis : {0, 1, 2}) same_everywhere([&](auto p) { return weft::sum(cube, axis, p); });
  same_everywhere([&](auto p) { return weft::sum(cube, {0, 2}, p); });
  same_everywhere([&](auto p) { return weft::var(cube, 1, p); });
}

TEST_CASE("a 10M sum of mixed magnitudes is as accurate as NumPy's pairwise sum") {
  const index_t n = 10'000'000;
  double ours = 0, numpys = 0;
  for (unsigned seed : {1u, 2u, 3u}) {
    const auto x = rt::make<double>(weft::shape{n}, seed);
    long double ref = 0, c = 0;  // Kahan in long double: far below double's error
    for (index_t i = 0; i < n; ++i) {
      const long double yv = (long double)x(i) - c;
      const long double t = ref + yv;
      c = (t - ref) - yv;
      ref = t;
    }
    ours += double(std::fabs((long double)weft::sum(x) - ref));
    numpys += double(std::fabs((long double)numpy_pairwise(x.data(), n) - ref));
  }
  MESSAGE("total error over 3 seeds: weft " << ours << ", NumPy's pairwise " << numpys);
  CHECK(ours <= numpys * 1.0 + 1e-9);
  // float: the same, against a double reference.
  const auto f = rt::make<float>(weft::shape{n}, 4);
  long double fref = 0;
  for (index_t i = 0; i < n; ++i) fref += f(i);
  const double ef = double(std::fabs((long double)weft::sum(f) - fref));
  const double nf = double(std::fabs((long double)numpy_pairwise(f.data(), n) - fref));
  MESSAGE("float32 error: weft " << ef << ", NumPy's pairwise " << nf);
  CHECK(ef <= 2 * nf + 1e-3);
}

TEST_CASE("several user threads reducing at once get the serial answers") {
  const auto x = rt::make<double>(weft::shape{400, 999}, 31);
  const double whole = weft::sum(x, weft::seq);
  const auto cols = weft::sum(x, 0, weft::seq);
  std::vector<std::thread> users;
  std::atomic<int> bad{0};
  for (int u = 0; u < 4; ++u)
    users.emplace_back([&] {
      for (int r = 0; r < 5; ++r) {
        if (!rt::same_bits(weft::sum(x), whole)) ++bad;
        if (!rt::same_bits(weft::sum(x, 0, weft::par), cols)) ++bad;
      }
    });
  for (auto& t : users) t.join();
  CHECK(bad.load() == 0);
}
