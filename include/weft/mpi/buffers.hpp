#pragma once
// What weft::mpi's collectives share: every rank's shape, a row of an
// array as one MPI datatype (so that counts stay ints for large arrays),
// and an array's elements as one contiguous buffer.
#include <mpi.h>

#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "weft/array/ndarray.hpp"
#include "weft/array/strided_copy.hpp"
#include "weft/array/view.hpp"
#include "weft/core/errors.hpp"
#include "weft/mpi/communicator.hpp"
#include "weft/mpi/datatype.hpp"

namespace weft::mpi::detail {

// Every rank's shape, in rank order (MPI_Allgather).
template <std::size_t N>
std::vector<shape<N>> shapes_of_ranks(const shape<N>& mine, const communicator& comm) {
  std::vector<shape<N>> all(static_cast<std::size_t>(comm.size()));
  if constexpr (N > 0) {
    std::int64_t dims[N];
    for (std::size_t k = 0; k < N; ++k) dims[k] = mine[k];
    std::vector<std::int64_t> got(N * all.size());
    check(MPI_Allgather(dims, int(N), MPI_INT64_T, got.data(), int(N), MPI_INT64_T, comm.get()), "MPI_Allgather");
    for (std::size_t r = 0; r < all.size(); ++r)
      for (std::size_t k = 0; k < N; ++k) all[r][k] = got[r * N + k];
  }
  return all;
}

// The elements of one row (all axes but the first).
template <std::size_t N>
index_t row_elements(const shape<N>& s) {
  index_t n = 1;
  for (std::size_t k = 1; k < N; ++k) n *= s[k];
  return n;
}

// shape_error on every rank (each rank computes the same verdict from
// shapes_of_ranks) unless every block has the first one's trailing axes.
template <std::size_t N>
void check_same_rows(const std::vector<shape<N>>& all, const char* what) {
  for (std::size_t r = 1; r < all.size(); ++r)
    for (std::size_t k = 1; k < N; ++k)
      if (all[r][k] != all[0][k])
        throw shape_error(std::string("weft::mpi::") + what + ": rank 0 holds shape " + to_string(all[0]) +
                          " and rank " + std::to_string(r) + " holds " + to_string(all[r]) +
                          ": the blocks must agree on every axis but the first");
}

inline void check_root(const communicator& comm, int root, const char* what) {
  if (root < 0 || root >= comm.size())
    throw value_error(std::string("weft::mpi::") + what + ": root " + std::to_string(root) + " is not a rank of a " +
                      std::to_string(comm.size()) + "-rank communicator");
}

inline int count_as_int(index_t n, const char* what) {
  if (n > INT_MAX)
    throw value_error(std::string("weft::mpi::") + what + ": " + std::to_string(n) +
                      " rows do not fit an MPI count (at most " + std::to_string(INT_MAX) + ")");
  return static_cast<int>(n);
}

// One row of `elements` values of T as an MPI datatype (the element type
// itself for a row of one).
template <class T>
class row_type {
public:
  explicit row_type(index_t elements) {
    if (elements == 1) return;
    check(MPI_Type_contiguous(count_as_int(elements, "row_type"), datatype<T>(), &type_), "MPI_Type_contiguous");
    check(MPI_Type_commit(&type_), "MPI_Type_commit");
    owned_ = true;
  }
  ~row_type() {
    if (owned_ && !mpi_finalized()) MPI_Type_free(&type_);
  }
  row_type(const row_type&) = delete;
  row_type& operator=(const row_type&) = delete;
  MPI_Datatype get() const { return type_; }

private:
  MPI_Datatype type_ = datatype<T>();
  bool owned_ = false;
};

// A view's elements in row-major order at one pointer: the view's own
// memory when it is contiguous, else a copy.
template <class T, std::size_t N>
class dense_elements {
public:
  explicit dense_elements(const view<const T, N>& v) {
    if (v.is_contiguous() || v.size() == 0) {
      data_ = v.data();
    } else {
      copy_ = ndarray<T, N>(v.shape(), uninitialized);
      weft::detail::strided_copy(copy_.data(), copy_.strides(), v.data(), v.strides(), v.shape());
      data_ = copy_.data();
    }
  }
  const T* data() const { return data_; }

private:
  ndarray<T, N> copy_;
  const T* data_ = nullptr;
};

// Counts and displacements (in rows) of every rank's block.
template <std::size_t N>
struct block_counts {
  std::vector<int> counts, displs;
  index_t total = 0;

  explicit block_counts(const std::vector<shape<N>>& all, const char* what) {
    for (const shape<N>& s : all) {
      displs.push_back(count_as_int(total, what));
      counts.push_back(count_as_int(s[0], what));
      total += s[0];
    }
    count_as_int(total, what);
  }
};

} // namespace weft::mpi::detail
