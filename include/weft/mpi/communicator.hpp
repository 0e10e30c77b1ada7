#pragma once
// A thin communicator handle over the MPI C API, and how weft reports a
// failed MPI call.
//
//   weft::mpi::communicator world;            // MPI_COMM_WORLD
//   world.rank(), world.size(), world.barrier();
//   auto rows = world.split(world.rank() / 2); // sub-communicators (MPI_Comm_split)
//   MPI_Comm raw = world.get();               // for MPI calls of your own
//
// A communicator made by split() frees its MPI_Comm when the last copy of the
// handle goes (unless MPI is finalized by then); world and handles wrapping
// your own MPI_Comm never free anything.
#include <mpi.h>

#include <memory>
#include <string>

#include "weft/core/errors.hpp"

namespace weft::mpi {

// An MPI call returned an error (with MPI_ERRORS_RETURN set; under MPI's
// default handler an error aborts the job before weft sees it).
class mpi_error : public weft::error {
public:
  using weft::error::error;
};

// color for split() that leaves the calling rank out (it gets a null handle).
inline constexpr int undefined = MPI_UNDEFINED;

namespace detail {

inline void check(int rc, const char* call) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, text, &len);
  throw mpi_error(std::string("weft::mpi: ") + call + " failed: " + std::string(text, static_cast<std::size_t>(len)));
}

inline bool mpi_finalized() {
  int done = 0;
  MPI_Finalized(&done);
  return done != 0;
}

} // namespace detail

class communicator {
public:
  // MPI_COMM_WORLD.
  communicator() = default;
  // Wraps a communicator of yours (never freed by weft).
  explicit communicator(MPI_Comm comm) : comm_(comm) {}

  static communicator world() { return communicator(); }

  MPI_Comm get() const { return comm_; }
  bool is_null() const { return comm_ == MPI_COMM_NULL; }

  int rank() const {
    int r = 0;
    detail::check(MPI_Comm_rank(comm_, &r), "MPI_Comm_rank");
    return r;
  }
  int size() const {
    int s = 0;
    detail::check(MPI_Comm_size(comm_, &s), "MPI_Comm_size");
    return s;
  }
  void barrier() const { detail::check(MPI_Barrier(comm_), "MPI_Barrier"); }

  // MPI_Comm_split: the ranks with the same color form a new communicator,
  // ordered by key (default: their rank here). Collective over this one.
  communicator split(int color, int key) const {
    MPI_Comm out = MPI_COMM_NULL;
    detail::check(MPI_Comm_split(comm_, color, key, &out), "MPI_Comm_split");
    return owning(out);
  }
  communicator split(int color) const { return split(color, rank()); }

  // The ranks that share this one's node (MPI_Comm_split_type, shared memory).
  communicator node_local() const {
    MPI_Comm out = MPI_COMM_NULL;
    detail::check(MPI_Comm_split_type(comm_, MPI_COMM_TYPE_SHARED, rank(), MPI_INFO_NULL, &out),
                  "MPI_Comm_split_type");
    return owning(out);
  }

private:
  static communicator owning(MPI_Comm c) {
    communicator result(c);
    if (c != MPI_COMM_NULL)
      result.owner_ = std::shared_ptr<MPI_Comm>(new MPI_Comm(c), [](MPI_Comm* p) {
        if (!detail::mpi_finalized()) MPI_Comm_free(p);
        delete p;
      });
    return result;
  }

  MPI_Comm comm_ = MPI_COMM_WORLD;
  std::shared_ptr<MPI_Comm> owner_;  // set for communicators weft created
};

} // namespace weft::mpi
