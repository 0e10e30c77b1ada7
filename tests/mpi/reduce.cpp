// Reductions over ranks (allreduce, reduce) and of distributed data
// (min, max, argmin, argmax, and the reproducible sum).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "support.hpp"

namespace wm = weft::mpi;
using weft::index_t;
using namespace weft_mpi_test;

TEST_CASE("allreduce and reduce of scalars, with NumPy's element rules") {
  const wm::communicator world;
  const int p = world.size(), r = world.rank();
  CHECK(wm::allreduce(r + 1, weft::sum, world) == p * (p + 1) / 2);
  CHECK(wm::allreduce(double(r + 1), weft::prod, world) == std::tgamma(p + 1.0));
  CHECK(wm::allreduce(r, weft::min, world) == 0);
  CHECK(wm::allreduce(r, weft::max, world) == p - 1);
  CHECK(wm::allreduce(std::int8_t(100), weft::sum, world) == std::int8_t(100 * p));  // wraps in int8
  CHECK(wm::allreduce(r == p - 1, weft::sum, world));                                // bool: or
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(std::isnan(wm::allreduce(r == p - 1 ? nan : 1.0, weft::max, world)));
  CHECK(std::isnan(wm::allreduce(r == 0 ? nan : -1.0, weft::min, world)));
  const int root = p - 1;
  const int at_root = wm::reduce(r, weft::sum, world, root);
  CHECK(at_root == (r == root ? p * (p - 1) / 2 : 0));
  CHECK_THROWS_AS((void)wm::reduce(1, weft::sum, world, -1), weft::value_error);
}

TEST_CASE("allreduce and reduce of arrays, element by element over ranks") {
  const wm::communicator world;
  const int p = world.size(), r = world.rank();
  weft::ndarray<double, 2> a = weft::arange(0.0, 12.0).reshape({3, 4}) * double(r + 1);
  const auto total = wm::allreduce(a, weft::sum, world);
  CHECK(weft::all(total == weft::arange(0.0, 12.0).reshape({3, 4}) * double(p * (p + 1) / 2)));
  const auto top = wm::allreduce(a.T(), weft::max, world);  // any layout
  CHECK(weft::all(top == weft::arange(0.0, 12.0).reshape({3, 4}).T() * double(p)));
  const auto at_root = wm::reduce(a(weft::all, weft::range(weft::none, weft::none, -1)), weft::min, world, 0);
  if (r == 0) CHECK(weft::all(at_root == weft::arange(0.0, 12.0).reshape({3, 4})(weft::all, weft::range(weft::none, weft::none, -1))));
  else CHECK(at_root.size() == 0);
  if (p > 1) {
    weft::ndarray<float, 1> bad(weft::shape{r == 1 ? 3 : 4});
    try {
      (void)wm::allreduce(bad, weft::sum, world);
      FAIL("different shapes accepted");
    } catch (const weft::shape_error& e) {
      CHECK(std::string(e.what()).find("rank 1 holds (3,)") != std::string::npos);
    }
  }
}

TEST_CASE("min, max, argmin, argmax of distributed data, empty blocks and NaN included") {
  const wm::communicator world;
  const int p = world.size(), r = world.rank();
  for (int pattern = 0; pattern < 5; ++pattern) {
    const index_t n = 1009;
    weft::ndarray<double, 1> x = mixed_values<double>(n, 11);
    x(500) = x(900) = 1e9;      // a tie: the first wins
    x(17) = x(600) = -1e9;
    const auto c = cuts(n, p, pattern);
    const auto local = x(weft::range(c[std::size_t(r)], c[std::size_t(r) + 1]));
    CHECK(wm::max(local, world) == 1e9);
    CHECK(wm::min(local, world) == -1e9);
    CHECK(wm::argmax(local, world) == 500);
    CHECK(wm::argmin(local, world) == 17);
    CHECK(wm::argmax(local * -1.0, world) == 17);  // an expression
    x(800) = x(950) = std::nan("");
    CHECK(wm::argmax(local, world) == 800);
    CHECK(wm::argmin(local, world) == 800);
    CHECK(std::isnan(wm::max(local, world)));
  }
  weft::ndarray<int, 2> m = weft::arange<int>(0, 30).reshape({10, 3});
  auto [mine, offset] = wm::local_part(m, world);
  CHECK(wm::argmax(mine, world) == 29);  // the flat index of the global array
  CHECK(wm::argmin(-mine, world) == 29);
  const weft::ndarray<float, 1> nothing(weft::shape{0});
  CHECK_THROWS_AS((void)wm::max(nothing, world), weft::value_error);
  CHECK_THROWS_AS((void)wm::argmin(nothing, world), weft::value_error);
}

TEST_CASE_TEMPLATE("sum: the bits of weft::sum of the whole array, for any partition and thread count", T, float,
                   double) {
  const wm::communicator world;
  const int p = world.size(), r = world.rank();
  const int threads = weft::num_threads();
  for (index_t n : {0, 1, 2, 37, 1023, 1024, 1025, 4097, 20011, 300007}) {
    const weft::ndarray<T, 1> x = mixed_values<T>(n, unsigned(n));
    const weft::ndarray<T, 1> y = mixed_values<T>(n, unsigned(n) + 1);
    const T whole = weft::sum(x);
    const T fused = weft::sum(x * y + T(1));
    for (int pattern = 0; pattern < 5; ++pattern) {
      const auto c = cuts(n, p, pattern, unsigned(n));
      const auto lx = x(weft::range(c[std::size_t(r)], c[std::size_t(r) + 1]));
      const auto ly = y(weft::range(c[std::size_t(r)], c[std::size_t(r) + 1]));
      for (int t : {1, 2}) {
        weft::set_num_threads(t);
        const T s = wm::sum(lx, world);
        CHECK_MESSAGE(same_bits(s, whole), "n ", n, " pattern ", pattern, " threads ", t, ": ", s, " vs ", whole);
        CHECK(same_bits(wm::sum(lx * ly + T(1), world), fused));
        CHECK(same_bits(wm::sum(lx, world, weft::seq), whole));
      }
    }
  }
  weft::set_num_threads(threads);
}

TEST_CASE("sum of 2-D blocks, strided views and integers") {
  const wm::communicator world;
  const int p = world.size(), r = world.rank();
  const index_t rows = 613, cols = 37;
  const weft::ndarray<double, 2> g = mixed_values<double>(rows * cols, 5).reshape({rows, cols});
  const weft::ndarray<double, 2> flipped = g(weft::all, weft::range(weft::none, weft::none, -1));
  for (int pattern = 0; pattern < 5; ++pattern) {
    const auto c = cuts(rows, p, pattern);
    const auto local = g(weft::range(c[std::size_t(r)], c[std::size_t(r) + 1]), weft::all);
    CHECK(same_bits(wm::sum(local, world), weft::sum(g)));
    // The columns reversed: a view with a negative inner stride, summed in
    // the global array's row-major order.
    const auto reversed = local(weft::all, weft::range(weft::none, weft::none, -1));
    CHECK(same_bits(wm::sum(reversed, world), weft::sum(flipped)));
    CHECK(same_bits(wm::sum(weft::square(local) - local, world), weft::sum(weft::square(g) - g)));
  }
  // Integers: exact, in 64 bits.
  weft::ndarray<std::int32_t, 1> big = weft::full({1000}, std::int32_t(2'000'000'000));
  auto [mine, offset] = wm::local_part(big, world);
  CHECK(wm::sum(mine, world) == std::int64_t(2'000'000'000) * 1000);
  weft::ndarray<std::uint8_t, 1> bytes = weft::full({300}, std::uint8_t(255));
  auto [b, off] = wm::local_part(bytes, world);
  CHECK(wm::sum(b, world) == std::uint64_t(255) * 300);
}

TEST_CASE("a dot product and a norm: every rank gets the same bits") {
  const wm::communicator world;
  const index_t n = 100003;
  const weft::ndarray<double, 1> a = mixed_values<double>(n, 1), b = mixed_values<double>(n, 2);
  const auto la = wm::local_part(a, world).local, lb = wm::local_part(b, world).local;
  const double dot = wm::sum(la * lb, world);
  CHECK(same_bits(dot, weft::sum(a * b)));
  const double norm = std::sqrt(wm::sum(weft::square(la), world));
  CHECK(same_bits(norm, std::sqrt(weft::sum(weft::square(a)))));
  CHECK(same_bits(wm::broadcast(dot, world, world.size() - 1), dot));
}
