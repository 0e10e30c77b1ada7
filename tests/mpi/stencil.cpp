// The distributed stencil against the single-process one, bit for bit.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support.hpp"

namespace wm = weft::mpi;
using weft::index_t;
using namespace weft_mpi_test;

namespace {

const weft::stencil_border modes[] = {weft::border::constant(-3.0), weft::border::padded(2.0), weft::border::nearest,
                                      weft::border::reflect, weft::border::wrap};

// Every rank's rows of the result, gathered, against the stencil applied to
// the whole array in one process.
template <class K, std::size_t N>
void check_against_one_process(const K& kernel, const weft::ndarray<double, N>& global, int pattern, index_t reach) {
  const wm::communicator world;
  const int r = world.rank();
  const index_t rows = global.shape()[0];
  auto c = cuts(rows, world.size(), pattern);
  for (std::size_t q = 1; q < c.size(); ++q) c[q] = std::max(c[q], c[q - 1] + reach);  // each block reaches far enough
  if (c.back() > rows) return;                                                         // too few rows for this split
  c.back() = rows;
  const auto cut = [&](const auto& v) { return wm::detail::rows_of(v, c[std::size_t(r)], c[std::size_t(r) + 1]); };
  const auto local = cut(global.as_view());
  const auto step = wm::stencil(kernel, world);
  const weft::ndarray<double, N> expected = kernel(global);
  const auto mine = step(local);
  CHECK(weft::all(wm::allgather(mine, world) == expected));
  // Into a strided output, twice (the second run reuses nothing).
  weft::ndarray<double, N> wide(global.shape());
  auto out = cut(wide.as_view());
  step(local, out);
  step(local, out);
  CHECK(weft::all(wm::allgather(out, world) == expected));
}

} // namespace

TEST_CASE("a 2-D 5-point kernel in every border mode, over every partition") {
  const weft::ndarray<double, 2> g = mixed_values<double>(41 * 29, 3).reshape({41, 29});
  for (const weft::stencil_border mode : modes) {
    const auto heat = weft::stencil(
        [](const auto& u) { return u(0, 0) + 0.2 * (u(-1, 0) + u(1, 0) + u(0, -1) + u(0, 1) - 4.0 * u(0, 0)); }, mode);
    for (int pattern = 0; pattern < 5; ++pattern) check_against_one_process(heat, g, pattern, 1);
  }
}

TEST_CASE("reaches of two rows up and one down, one axis unreached, 1-D and 3-D") {
  const weft::ndarray<double, 2> g = mixed_values<double>(37 * 19, 4).reshape({37, 19});
  for (const weft::stencil_border mode : modes) {
    const auto skew =
        weft::stencil([](const auto& u) { return u(-2, 0) - 2.0 * u(1, 1) + 0.5 * u(0, -1); }, mode);
    for (int pattern : {0, 3}) check_against_one_process(skew, g, pattern, 2);
    const auto down_only = weft::stencil([](const auto& u) { return u(0, 0) * u(1, 0); }, mode);
    check_against_one_process(down_only, g, 0, 1);
    const auto across = weft::stencil([](const auto& u) { return u(0, -1) + u(0, 1); }, mode);  // no halo
    check_against_one_process(across, g, 3, 0);
  }
  const weft::ndarray<double, 1> line = mixed_values<double>(301, 8);
  const auto smooth = weft::stencil([](const auto& u) { return 0.25 * u(-1) + 0.5 * u(0) + 0.25 * u(1); },
                                    weft::border::reflect);
  for (int pattern = 0; pattern < 5; ++pattern) check_against_one_process(smooth, line, pattern, 1);
  const weft::ndarray<double, 3> cube = mixed_values<double>(23 * 7 * 9, 9).reshape({23, 7, 9});
  const auto lap3 = weft::stencil(
      [](const auto& u) { return u(-1, 0, 0) + u(1, 0, 0) + u(0, -1, 0) + u(0, 1, 0) + u(0, 0, -1) + u(0, 0, 1); },
      weft::border::wrap);
  check_against_one_process(lap3, cube, 0, 1);
}

TEST_CASE("the heat equation over many steps stays the single-process run") {
  const wm::communicator world;
  const index_t n = 64;
  weft::ndarray<double, 2> u = weft::zeros<double>({n, n + 3});
  u(weft::range(20, 40), weft::range(10, 50)) = 100.0;
  const auto heat = weft::stencil(
      [](const auto& a) { return a(0, 0) + 0.2 * (a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1) - 4.0 * a(0, 0)); },
      weft::border::reflect);
  weft::ndarray<double, 2> mine = wm::scatter(u, world), next(mine.shape());
  const auto step = wm::stencil(heat, world);
  for (int t = 0; t < 200; ++t) {
    step(mine, next);
    std::swap(mine, next);
    u = heat(u);
  }
  CHECK(weft::all(wm::allgather(mine, world) == u));
  CHECK(same_bits(wm::sum(mine, world), weft::sum(u)));
  // In place: the output is the input.
  step(mine, mine);
  u = heat(u);
  CHECK(weft::all(wm::allgather(mine, world) == u));
}

TEST_CASE("blocks too thin for the kernel's reach, or mismatched outputs: every rank throws") {
  const wm::communicator world;
  if (world.size() == 1) return;
  const auto wide = weft::stencil([](const auto& u) { return u(-3, 0) + u(3, 0); }, weft::border::nearest);
  weft::ndarray<double, 2> thin(weft::shape{index_t(world.rank() == 1 ? 2 : 5), index_t(4)});
  try {
    (void)wm::stencil(wide, world)(thin);
    FAIL("a block of 2 rows accepted for a reach of 3");
  } catch (const weft::value_error& e) {
    CHECK(std::string(e.what()).find("rank 1 holds 2 rows") != std::string::npos);
  }
  const auto heat = weft::stencil([](const auto& u) { return u(-1, 0) + u(1, 0); });
  weft::ndarray<double, 2> in(weft::shape{4, 4}), out(weft::shape{index_t(world.rank() == 0 ? 3 : 4), index_t(4)});
  CHECK_THROWS_AS(wm::stencil(heat, world)(in, out), weft::shape_error);
  weft::ndarray<double, 2> odd(weft::shape{index_t(4), index_t(world.rank() == 0 ? 5 : 4)});
  CHECK_THROWS_AS((void)wm::stencil(heat, world)(odd), weft::shape_error);
}
