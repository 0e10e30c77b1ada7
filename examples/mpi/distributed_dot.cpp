// A distributed dot product and norm: each rank holds a block of two
// vectors of 20 million doubles, and weft::mpi::sum fuses a * b on the
// rank's threads and SIMD lanes, then combines the ranks' partial sums in a
// fixed tree over the global index space. The bits printed are the same
// for 1, 2, 3, 4... ranks and any thread count, and equal weft::sum's on
// one process (the last line checks that on a smaller vector).
#include <cmath>
#include <cstdio>
#include <cstring>

#include <weft/mpi.hpp>

namespace {
unsigned long long bits(double x) {
  unsigned long long b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}
} // namespace

int main(int argc, char** argv) {
  weft::mpi::environment env(argc, argv);
  const weft::mpi::communicator world;
  const weft::index_t n = argc > 1 ? std::atoll(argv[1]) : 20'000'000;

  // This rank's blocks: a_i = sin(i), b_i = 1 / (1 + i), i over its range.
  const weft::mpi::block_partition part(n, world);
  const auto i = weft::arange<double>(part.begin(world.rank()), part.end(world.rank()));
  const weft::ndarray<double, 1> a = weft::sin(i), b = 1.0 / (1.0 + i);

  world.barrier();
  double best = 1e30, dot = 0, norm = 0;
  for (int repeat = 0; repeat < 5; ++repeat) {
    const double t0 = MPI_Wtime();
    dot = weft::mpi::sum(a * b, world);
    norm = std::sqrt(weft::mpi::sum(weft::square(a), world));
    best = std::min(best, weft::mpi::allreduce(MPI_Wtime() - t0, weft::max, world));
  }
  if (world.rank() == 0) {
    std::printf("%d ranks x %d threads, n = %td: dot %.17g (bits %016llx), norm %.17g (bits %016llx)\n", world.size(),
                weft::num_threads(), n, dot, bits(dot), norm, bits(norm));
    std::printf("  both sums: %.2f ms (best of 5, slowest rank)\n", 1e3 * best);
  }
  // Against one process, on a vector small enough to gather.
  const weft::index_t m = 100'003;
  const weft::mpi::block_partition small(m, world);
  const auto j = weft::arange<double>(small.begin(world.rank()), small.end(world.rank()));
  const double distributed = weft::mpi::sum(weft::sin(j) * (1.0 / (1.0 + j)), world);
  const auto all = weft::arange<double>(0, m);
  const weft::ndarray<double, 1> sa = weft::sin(all), sb = 1.0 / (1.0 + all);
  const double one_process = weft::sum(sa * sb);
  const bool same = bits(distributed) == bits(one_process);
  if (world.rank() == 0)
    std::printf("  %s: n = %td, distributed %.17g, one process %.17g\n", same ? "ok" : "FAILED", m, distributed,
                one_process);
  return same ? 0 : 1;
}
