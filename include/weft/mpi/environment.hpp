#pragma once
// The MPI environment for a weft program, as an RAII object in main():
//
//   int main(int argc, char** argv) {
//     weft::mpi::environment env(argc, argv);   // MPI_Init_thread ... MPI_Finalize
//     weft::mpi::communicator world;
//     ...
//   }
//
// It asks for MPI_THREAD_FUNNELED: weft's threads compute, only the thread
// that called weft::mpi talks to MPI. If the program initialized MPI itself,
// the environment takes it as it is and leaves finalizing to the program.
//
// Threads per rank: unless WEFT_NUM_THREADS is set (then it is the count of
// every rank), the environment sets weft::set_num_threads(cores_for_rank()):
// a rank bound to some cores (mpirun's default binding) gets those; ranks
// left unbound on a node share its cores, so that 4 ranks on 8 cores run 2
// threads each rather than 8 (32 threads on 8 cores).
#include <mpi.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "weft/mpi/communicator.hpp"
#include "weft/parallel/threads.hpp"

namespace weft::mpi {

// The CPUs this process may run on (its affinity mask).
inline int cores_of_process() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return 1;
  return std::max(1, CPU_COUNT(&set));
}

// The threads this rank should run (see the top of this file). Collective
// over comm: every rank calls it.
inline int cores_for_rank(const communicator& comm = communicator()) {
  const int mine = cores_of_process();
  const communicator node = comm.node_local();
  const int ranks_here = node.size(), me = node.rank();
  const long online = sysconf(_SC_NPROCESSORS_ONLN);
  if (ranks_here <= 1 || online <= 0 || mine < online) return mine;  // alone, or bound to its own cores
  // Unbound ranks share the node's cores; the first ones get the remainder.
  return std::max(1, mine / ranks_here + (me < mine % ranks_here ? 1 : 0));
}

class environment {
public:
  environment() : environment(nullptr, nullptr) {}
  environment(int& argc, char**& argv) : environment(&argc, &argv) {}
  environment(const environment&) = delete;
  environment& operator=(const environment&) = delete;

  ~environment() {
    if (owns_ && !detail::mpi_finalized()) MPI_Finalize();
  }

  // MPI's thread support level (MPI_THREAD_FUNNELED or higher when weft
  // initialized MPI).
  int thread_level() const { return level_; }

private:
  environment(int* argc, char*** argv) {
    int done = 0;
    MPI_Initialized(&done);
    if (done) {
      MPI_Query_thread(&level_);
    } else {
      detail::check(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &level_), "MPI_Init_thread");
      owns_ = true;
      if (level_ < MPI_THREAD_FUNNELED) {
        MPI_Finalize();
        owns_ = false;
        throw mpi_error("weft::mpi: this MPI library offers only MPI_THREAD_SINGLE; weft's threads need "
                        "MPI_THREAD_FUNNELED (MPI called from the main thread only)");
      }
    }
    const char* env = std::getenv("WEFT_NUM_THREADS");
    if (env == nullptr || *env == '\0') set_num_threads(std::min(cores_for_rank(), max_num_threads));
  }

  bool owns_ = false;
  int level_ = MPI_THREAD_SINGLE;
};

} // namespace weft::mpi
