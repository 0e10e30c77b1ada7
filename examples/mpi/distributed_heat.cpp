// The 2-D heat equation on a field block-distributed by rows: the stencil of
// examples/heat_stencil.cpp, through weft::mpi::stencil, which exchanges one
// halo row with each neighbour per step (non-blocking, overlapped with the
// update of the rows that need none). The root then checks the gathered
// field against the same steps run in one process, bit for bit.
#include <cmath>
#include <cstdio>
#include <utility>

#include <weft/mpi.hpp>

int main(int argc, char** argv) {
  weft::mpi::environment env(argc, argv);
  const weft::mpi::communicator world;
  const weft::index_t n = argc > 1 ? std::atoll(argv[1]) : 1024;
  const int steps = argc > 2 ? std::atoi(argv[2]) : 200;
  const double r = 0.2;  // alpha * dt / dx^2, below 1/4 for stability

  const auto heat = weft::stencil(
      [r](const auto& a) { return a(0, 0) + r * (a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1) - 4.0 * a(0, 0)); },
      weft::border::reflect);

  // The initial field, a hot square, built at the root and scattered.
  weft::ndarray<double, 2> field;
  if (world.rank() == 0) {
    field = weft::zeros<double>({n, n});
    field(weft::range(3 * n / 8, 5 * n / 8), weft::range(3 * n / 8, 5 * n / 8)) = 100.0;
  }
  weft::ndarray<double, 2> u = weft::mpi::scatter(field, world), next(u.shape());
  const auto step = weft::mpi::stencil(heat, world);
  const double heat0 = weft::mpi::sum(u, world);

  world.barrier();
  const double t0 = MPI_Wtime();
  for (int t = 0; t < steps; ++t) {
    step(u, next);
    std::swap(u, next);
  }
  const double elapsed = weft::mpi::allreduce(MPI_Wtime() - t0, weft::max, world);
  const double total = weft::mpi::sum(u, world), peak = weft::mpi::max(u, world);
  if (world.rank() == 0)
    std::printf("%d ranks x %d threads, %td x %td field, %d steps: %.1f ms (%.3f ms a step); total heat %.9g "
                "(started %.9g), peak %.4f\n",
                world.size(), weft::num_threads(), n, n, steps, 1e3 * elapsed, 1e3 * elapsed / steps, total, heat0,
                peak);

  const auto gathered = weft::mpi::gather(u, world);
  int status = 0;
  if (world.rank() == 0) {
    weft::ndarray<double, 2> v = field, w(field.shape());
    const double s0 = MPI_Wtime();
    for (int t = 0; t < steps; ++t) {
      heat(v, w);
      std::swap(v, w);
    }
    const double single = MPI_Wtime() - s0;
    const bool same = weft::all(gathered == v) && std::abs(total - heat0) < 1e-9 * heat0;
    status = same ? 0 : 1;
    std::printf("  %s: the same field as one process (which took %.1f ms), bit for bit\n", same ? "ok" : "FAILED",
                1e3 * single);
  }
  return weft::mpi::broadcast(status, world);
}
