// The MPI suite's main: every rank runs every test case (each is
// collective: the ranks reach the same MPI calls in the same order), under
// mpirun -np 1 to 4. Rank 0 reports in full, the others only their failures.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <weft/mpi.hpp>

int main(int argc, char** argv) {
  weft::mpi::environment env(argc, argv);
  const weft::mpi::communicator world;
  doctest::Context context(argc, argv);
  if (world.rank() != 0) context.setOption("minimal", true);
  const int failed = context.run() != 0 ? 1 : 0;
  // Every rank's verdict: a failure on any rank fails the run on rank 0 too.
  int any = 0;
  MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, world.get());
  if (world.rank() == 0 && any && !failed) std::fprintf(stderr, "weft: a test failed on another rank\n");
  return any;
}
