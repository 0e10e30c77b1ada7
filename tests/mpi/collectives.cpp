// Partitions, scatter/gather/allgather/broadcast, and errors every rank sees.
#include <doctest/doctest.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "support.hpp"

namespace wm = weft::mpi;
using weft::index_t;
using namespace weft_mpi_test;

static_assert(wm::transferable<double> && wm::transferable<bool> && wm::transferable<std::uint16_t>);
static_assert(!wm::transferable<std::string> && !wm::transferable<int*>);

TEST_CASE("block_partition cuts like NumPy's array_split") {
  for (index_t n : {0, 1, 2, 7, 10, 13, 1000003})
    for (int parts : {1, 2, 3, 4, 7}) {
      const wm::block_partition p(n, parts);
      index_t at = 0;
      for (int r = 0; r < parts; ++r) {
        CHECK(p.begin(r) == at);
        CHECK(p.count(r) == n / parts + (r < n % parts ? 1 : 0));
        for (index_t i = p.begin(r); i < p.end(r); i += 1 + p.count(r) / 5) CHECK(p.owner(i) == r);
        if (p.count(r) > 0) CHECK(p.owner(p.end(r) - 1) == r);
        at = p.end(r);
      }
      CHECK(at == n);
    }
  CHECK_THROWS_AS(wm::block_partition(5, 0), weft::value_error);
  CHECK_THROWS_AS(wm::block_partition(-1, 2), weft::value_error);
}

TEST_CASE("local_part and local_shape give this rank's rows") {
  const wm::communicator world;
  weft::ndarray<int, 2> x = weft::arange<int>(0, 7 * 3).reshape({7, 3});
  auto [local, offset] = wm::local_part(x, world);
  const wm::block_partition p(7, world);
  CHECK(offset == p.begin(world.rank()));
  CHECK(local.shape() == weft::shape{p.count(world.rank()), index_t(3)});
  CHECK(wm::local_shape(x.shape(), world) == local.shape());
  for (index_t i = 0; i < local.shape()[0]; ++i) CHECK(local(i, 1) == x(offset + i, 1));
  local(weft::all, 0) = -1;  // a view into x
  for (index_t i = 0; i < local.shape()[0]; ++i) CHECK(x(offset + i, 0) == -1);
}

TEST_CASE("scatter then gather gives root's array back, any shape and layout") {
  const wm::communicator world;
  const int root = world.size() - 1;
  for (index_t rows : {0, 1, 2, 5, 13, 101}) {
    weft::ndarray<double, 3> x = weft::arange(0.0, double(rows * 3 * 4)).reshape({rows, 3, 4});
    const auto local = wm::scatter(x, world, root);
    const wm::block_partition p(rows, world);
    REQUIRE(local.shape() == weft::shape{p.count(world.rank()), index_t(3), index_t(4)});
    for (index_t i = 0; i < local.shape()[0]; ++i) CHECK(local(i, 2, 3) == x(p.begin(world.rank()) + i, 2, 3));
    const auto back = wm::gather(local, world, root);
    if (world.rank() == root) {
      CHECK(back.shape() == x.shape());
      CHECK(weft::all(back == x));
    } else {
      CHECK(back.size() == 0);
    }
    const auto everywhere = wm::allgather(local, world);
    CHECK(everywhere.shape() == x.shape());
    CHECK(weft::all(everywhere == x));
  }
  // Strided, reversed and transposed sources.
  weft::ndarray<float, 2> m = weft::arange<float>(0, 77).reshape({7, 11});
  const auto flipped = m(weft::range(weft::none, weft::none, -1), weft::range(1, 11, 3));
  const auto part = wm::scatter(flipped, world);
  CHECK(weft::all(wm::allgather(part, world) == flipped));
  const auto cols = wm::scatter(m.T(), world);
  CHECK(weft::all(wm::allgather(cols, world) == m.T()));
  const auto back = wm::allgather(cols(weft::range(weft::none, weft::none, -1), weft::all), world);
  CHECK(back.shape() == weft::shape{11, 7});
}

TEST_CASE("gather takes blocks of any row count, 0 included") {
  const wm::communicator world;
  const int r = world.rank();
  weft::ndarray<std::int16_t, 2> mine(weft::shape{index_t(r % 3), index_t(2)});
  for (index_t i = 0; i < mine.shape()[0]; ++i) mine(i, 0) = std::int16_t(100 * r + i), mine(i, 1) = std::int16_t(-r);
  const auto all = wm::allgather(mine, world);
  index_t at = 0;
  for (int q = 0; q < world.size(); ++q)
    for (index_t i = 0; i < q % 3; ++i, ++at) {
      CHECK(all(at, 0) == 100 * q + i);
      CHECK(all(at, 1) == -q);
    }
  CHECK(all.shape()[0] == at);
}

TEST_CASE("blocks that disagree on their other axes: shape_error on every rank") {
  const wm::communicator world;
  weft::ndarray<double, 2> mine(weft::shape{index_t(2), index_t(world.rank() == world.size() - 1 ? 4 : 3)});
  if (world.size() == 1) return;
  try {
    (void)wm::gather(mine, world);
    FAIL("gather accepted blocks of different widths");
  } catch (const weft::shape_error& e) {
    const std::string what = e.what();
    CHECK(what.find("rank 0 holds shape (2, 3)") != std::string::npos);
    CHECK(what.find("holds (2, 4)") != std::string::npos);
  }
  CHECK_THROWS_AS((void)wm::allgather(mine, world), weft::shape_error);
  CHECK_THROWS_AS((void)wm::gather(mine, world, world.size()), weft::value_error);
}

TEST_CASE("broadcast: scalars, arrays (resized) and views (checked)") {
  const wm::communicator world;
  const int root = world.size() / 2;
  CHECK(wm::broadcast(world.rank() == root ? 2.5 : -1.0, world, root) == 2.5);
  CHECK(wm::broadcast(world.rank() == root, world, root));
  weft::ndarray<std::uint64_t, 2> a;
  if (world.rank() == root) a = weft::full({3, 5}, std::uint64_t(1) << 63);
  wm::broadcast(a, world, root);
  CHECK(a.shape() == weft::shape{3, 5});
  CHECK(weft::all(a == (std::uint64_t(1) << 63)));
  // Into a strided view of the right shape.
  weft::ndarray<int, 2> big = weft::zeros<int>({6, 8});
  auto window = big(weft::range(1, 6, 2), weft::range(weft::none, weft::none, -2));
  weft::ndarray<int, 2> src = weft::arange<int>(0, 12).reshape({3, 4});
  if (world.rank() == root) window = src;
  wm::broadcast(window, world, root);
  CHECK(weft::all(window == src));
  CHECK(weft::sum(big) == weft::sum(src));
  // A view of another shape on one rank: every rank throws.
  if (world.size() > 1) {
    weft::ndarray<int, 1> v(weft::shape{world.rank() == 0 ? 4 : 5});
    CHECK_THROWS_AS(wm::broadcast(v.as_view(), world, world.size() - 1), weft::shape_error);
  }
}

TEST_CASE("together: an exception on one rank reaches every rank") {
  const wm::communicator world;
  const int bad = world.size() - 1;
  try {
    wm::together(world, [&] {
      if (world.rank() == bad) throw weft::value_error("bad input on this rank");
    });
    FAIL("no rank threw");
  } catch (const weft::value_error& e) {
    CHECK(std::string(e.what()) == "rank " + std::to_string(bad) + ": bad input on this rank");
  }
  // The lowest failing rank's failure, with its type.
  try {
    wm::together(world, [&] {
      if (world.rank() >= bad) throw weft::shape_error("first");
      if (world.rank() > 0) throw std::runtime_error("second");
    });
    FAIL("no rank threw");
  } catch (const weft::error& e) {
    const bool shape = dynamic_cast<const weft::shape_error*>(&e) != nullptr;
    if (world.size() <= 2) {
      CHECK(shape);
      CHECK(std::string(e.what()) == "rank " + std::to_string(bad) + ": first");
    } else {
      CHECK(!shape);
      CHECK(std::string(e.what()) == "rank 1: second");
    }
  }
  CHECK(wm::together(world, [&] { return world.rank() * 2; }) == world.rank() * 2);
}

TEST_CASE("communicators: split and the node's ranks") {
  const wm::communicator world;
  const wm::communicator halves = world.split(world.rank() % 2);
  CHECK(halves.size() == (world.size() + 1 - world.rank() % 2) / 2);
  CHECK(halves.rank() == world.rank() / 2);
  CHECK(wm::allreduce(1, weft::sum, halves) == halves.size());
  const wm::communicator none = world.split(world.rank() == 0 ? wm::undefined : 1);
  CHECK(none.is_null() == (world.rank() == 0));
  CHECK(world.node_local().size() >= 1);
  CHECK(wm::cores_for_rank(world) >= 1);
  world.barrier();
}
