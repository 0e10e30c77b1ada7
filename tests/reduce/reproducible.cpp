// The reproducibility promise (the same bits for every policy and thread
// count, run after run) and the accuracy promise (floating sums no less
// accurate than NumPy's pairwise summation).
#include <algorithm>
#include <array>
#include <cmath>
#include <random>

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

namespace {

// weft's documented summation order in plain scalar code (reduce/engine.hpp):
// leaves of L elements; in a leaf, element p goes to lane p mod K, the lanes
// are folded by halving; leaves combine in a tree split at the middle.
// K = 256 bytes of accumulators, L = max(64 K, 1024), whatever the SIMD width.
template <class T>
struct documented_order {
  static constexpr index_t K = index_t(256 / sizeof(T)), L = std::max<index_t>(64 * K, 1024);
  const T* a;
  index_t n;

  T leaf(index_t b, index_t e) const {
    std::array<T, K> lanes{};
    for (index_t p = b; p < e; ++p) lanes[std::size_t((p - b) % K)] += a[p];
    for (index_t h = K / 2; h >= 1; h /= 2)
      for (index_t j = 0; j < h; ++j) lanes[std::size_t(j)] += lanes[std::size_t(j + h)];
    return lanes[0];
  }
  T tree(index_t l0, index_t l1) const {
    if (l1 - l0 == 1) return leaf(l0 * L, std::min(n, (l0 + 1) * L));
    const index_t mid = l0 + (l1 - l0) / 2;
    const T left = tree(l0, mid);
    return left + tree(mid, l1);
  }
  T sum() const { return n == 0 ? T(0) : tree(0, (n + L - 1) / L); }
};

template <class T>
weft::ndarray<T, 1> mixed_magnitudes(index_t n, unsigned seed) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> mag(-8.0, 8.0), sign(-1.0, 1.0);
  weft::ndarray<T, 1> x(weft::shape{n});
  for (index_t i = 0; i < n; ++i) x(i) = static_cast<T>(std::pow(10.0, mag(gen)) * sign(gen));
  return x;
}

} // namespace

// CI builds this suite at every SIMD width the host runs (and as scalar
// code): each must match the one scalar reference, so all give the same bits.
TEST_CASE_TEMPLATE("sums add in one order on every instruction set: the bits of the documented order", T, double,
                   float) {
  for (index_t n : {index_t(0), index_t(1), index_t(7), index_t(1000), index_t(4097), index_t(1000000)}) {
    CAPTURE(n);
    const auto x = mixed_magnitudes<T>(n, unsigned(n) + 3);
    const auto y = mixed_magnitudes<T>(n, unsigned(n) + 4);
    const T want = documented_order<T>{x.data(), n}.sum();
    const weft::ndarray<T, 1> xy = x * y;
    const T want_xy = documented_order<T>{xy.data(), n}.sum();
    same_everywhere([&](auto p) {
      CHECK(rt::same_bits(weft::sum(x, p), want));
      CHECK(rt::same_bits(weft::sum(x * y, p), want_xy));  // fused
      return weft::sum(x, p);
    });
  }
}

// Many short results (one leaf each, read in place): pairwise distances,
// whose kernel folds runs of results in one call. Broadcast operands (a
// step of 0 between results), runs longer than a call's batch and cut by
// thread chunks, a transposed out=: the bits of the documented order for
// each result, under every policy.
TEST_CASE_TEMPLATE("short reductions along the last axis: each result in the documented order", T, double, float) {
  for (index_t points : {index_t(1), index_t(67), index_t(131)})
    for (index_t dims : {index_t(1), index_t(5), index_t(13), index_t(24), index_t(64), index_t(100)}) {
      CAPTURE(points);
      CAPTURE(dims);
      const auto x = mixed_magnitudes<T>(points * dims, unsigned(points + dims)).reshape({points, dims});
      const auto diff = weft::square(x(weft::all, weft::newaxis, weft::all) - x(weft::newaxis, weft::all, weft::all));
      weft::ndarray<T, 2> want(weft::shape{points, points});
      std::vector<T> row(static_cast<std::size_t>(dims));
      for (index_t i = 0; i < points; ++i)
        for (index_t j = 0; j < points; ++j) {
          for (index_t k = 0; k < dims; ++k) {
            const T t = x(i, k) - x(j, k);
            row[std::size_t(k)] = t * t;
          }
          want(i, j) = documented_order<T>{row.data(), dims}.sum();
        }
      same_everywhere([&](auto p) {
        const weft::ndarray<T, 2> got = weft::sum(diff, 2, p);
        CHECK(weft::all(got == want));
        weft::ndarray<T, 2> out_t(weft::shape{points, points});
        weft::sum(diff, 2, out_t.T(), p);  // results written down the columns
        CHECK(weft::all(out_t.T() == want));
        return weft::sum(got, p);
      });
    }
}
