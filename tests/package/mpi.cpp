// The MPI module as a consumer uses it: a distributed sum and a gather,
// checked against one process (run on 2 ranks by package-test.sh).
#include <cstdio>

#include <weft/mpi.hpp>

int main(int argc, char** argv) {
  weft::mpi::environment env(argc, argv);
  const weft::mpi::communicator world;
  const weft::ndarray<double, 1> x = weft::linspace(0.0, 1.0, 10'001);
  const auto [local, offset] = weft::mpi::local_part(x, world);
  const double total = weft::mpi::sum(local * local, world);
  const auto back = weft::mpi::allgather(local, world);
  const bool ok = total == weft::sum(x * x) && weft::all(back == x) && offset >= 0;
  if (world.rank() == 0) std::printf("weft::mpi consumer on %d ranks: %s\n", world.size(), ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
