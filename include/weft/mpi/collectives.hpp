#pragma once
// Collectives on arrays, along axis 0 (every rank holds a block of rows):
//
//   auto local  = weft::mpi::scatter(x, world);    // root's x cut by block_partition (x ignored elsewhere)
//   auto whole  = weft::mpi::gather(local, world); // the blocks stacked in rank order, at root (empty elsewhere)
//   auto all    = weft::mpi::allgather(local, world);
//   weft::mpi::broadcast(a, world);                // root's array everywhere (an ndarray is resized)
//   double s    = weft::mpi::broadcast(value, world);
//
// root is the last argument (default 0). Blocks may have any number of rows,
// 0 included; their other axes must agree, else every rank throws
// weft::shape_error naming two ranks' shapes. Any layout is taken (views
// with strides are copied to contiguous buffers first).
#include <mpi.h>

#include <cstddef>
#include <type_traits>
#include <vector>

#include "weft/array/ndarray.hpp"
#include "weft/array/view.hpp"
#include "weft/expr/leaf.hpp"
#include "weft/mpi/agree.hpp"
#include "weft/mpi/buffers.hpp"
#include "weft/mpi/communicator.hpp"
#include "weft/mpi/datatype.hpp"
#include "weft/mpi/partition.hpp"

namespace weft::mpi {

namespace detail {

template <class A>
using value_of = std::remove_const_t<typename std::remove_cvref_t<A>::value_type>;

template <class T, std::size_t N>
shape<N> with_rows(shape<N> s, index_t rows) {
  s[0] = rows;
  return s;
}

// gather and allgather: every block stacked in rank order into out (at root,
// or everywhere when root < 0).
template <class T, std::size_t N>
ndarray<T, N> stack_blocks(const view<const T, N>& mine, const communicator& comm, int root, const char* what) {
  static_assert(N >= 1, "weft::mpi: gather arrays of rank 1 or more (blocks along axis 0)");
  if (root >= 0) check_root(comm, root, what);
  const auto all = shapes_of_ranks(mine.shape(), comm);
  check_same_rows(all, what);
  const block_counts<N> blocks(all, what);
  const bool receives = root < 0 || comm.rank() == root;
  ndarray<T, N> out(with_rows<T>(all[0], receives ? blocks.total : 0), uninitialized);
  const index_t row = row_elements(all[0]);
  if (blocks.total == 0 || row == 0) return out;
  const dense_elements<T, N> send(mine);
  const row_type<T> type(row);
  if (root < 0)
    check(MPI_Allgatherv(send.data(), blocks.counts[std::size_t(comm.rank())], type.get(), out.data(),
                         blocks.counts.data(), blocks.displs.data(), type.get(), comm.get()),
          "MPI_Allgatherv");
  else
    check(MPI_Gatherv(send.data(), blocks.counts[std::size_t(comm.rank())], type.get(), out.data(),
                      blocks.counts.data(), blocks.displs.data(), type.get(), root, comm.get()),
          "MPI_Gatherv");
  return out;
}

// Root's shape on every rank.
template <std::size_t N>
shape<N> shape_from_root(const shape<N>& mine, const communicator& comm, int root) {
  std::int64_t dims[N > 0 ? N : 1] = {};
  for (std::size_t k = 0; k < N; ++k) dims[k] = mine[k];
  if constexpr (N > 0) check(MPI_Bcast(dims, int(N), MPI_INT64_T, root, comm.get()), "MPI_Bcast");
  shape<N> s;
  for (std::size_t k = 0; k < N; ++k) s[k] = dims[k];
  return s;
}

// Root's `rows` rows of `row` elements each, contiguous at `data`, into every
// rank's `data`.
template <class T>
void broadcast_rows(T* data, index_t rows, index_t row, const communicator& comm, int root) {
  if (rows == 0 || row == 0) return;
  const row_type<T> type(row);
  check(MPI_Bcast(data, count_as_int(rows, "broadcast"), type.get(), root, comm.get()), "MPI_Bcast");
}

} // namespace detail

// The blocks of every rank stacked in rank order, at root; other ranks get
// an array of 0 rows.
template <sendable_array A>
auto gather(const A& local, const communicator& comm, int root = 0) {
  using T = detail::value_of<A>;
  const view<const T, std::remove_cvref_t<A>::rank> v = local.as_view();
  return detail::stack_blocks(v, comm, root, "gather");
}

// The blocks of every rank stacked in rank order, on every rank.
template <sendable_array A>
auto allgather(const A& local, const communicator& comm) {
  using T = detail::value_of<A>;
  const view<const T, std::remove_cvref_t<A>::rank> v = local.as_view();
  return detail::stack_blocks(v, comm, -1, "allgather");
}

// Root's array cut along axis 0 by block_partition: this rank's block. The
// argument is read at root only (other ranks may pass an empty array).
template <sendable_array A>
auto scatter(const A& global, const communicator& comm, int root = 0) {
  using T = detail::value_of<A>;
  constexpr std::size_t N = std::remove_cvref_t<A>::rank;
  static_assert(N >= 1, "weft::mpi::scatter: an array of rank 1 or more (cut along axis 0)");
  detail::check_root(comm, root, "scatter");
  const view<const T, N> v = global.as_view();
  const shape<N> whole = detail::shape_from_root(v.shape(), comm, root);
  const block_partition part(whole[0], comm);
  std::vector<shape<N>> all;
  for (int r = 0; r < comm.size(); ++r) all.push_back(detail::with_rows<T>(whole, part.count(r)));
  const detail::block_counts<N> blocks(all, "scatter");
  ndarray<T, N> out(all[std::size_t(comm.rank())], uninitialized);
  const index_t row = detail::row_elements(whole);
  if (whole[0] == 0 || row == 0) return out;
  const detail::row_type<T> type(row);
  const bool at_root = comm.rank() == root;
  const detail::dense_elements<T, N> send(at_root ? v : view<const T, N>());
  detail::check(MPI_Scatterv(at_root ? send.data() : nullptr, blocks.counts.data(), blocks.displs.data(), type.get(),
                             out.data(), blocks.counts[std::size_t(comm.rank())], type.get(), root, comm.get()),
                "MPI_Scatterv");
  return out;
}

// Root's value on every rank.
template <transferable T>
T broadcast(T value, const communicator& comm, int root = 0) {
  detail::check_root(comm, root, "broadcast");
  detail::check(MPI_Bcast(&value, 1, datatype<T>(), root, comm.get()), "MPI_Bcast");
  return value;
}

// Root's array on every rank: the others' arrays take root's shape.
template <transferable T, std::size_t N>
void broadcast(ndarray<T, N>& a, const communicator& comm, int root = 0) {
  detail::check_root(comm, root, "broadcast");
  const shape<N> s = detail::shape_from_root(a.shape(), comm, root);
  if (comm.rank() != root && a.shape() != s) a = ndarray<T, N>(s, uninitialized);
  if constexpr (N == 0) detail::check(MPI_Bcast(a.data(), 1, datatype<T>(), root, comm.get()), "MPI_Bcast");
  else detail::broadcast_rows(a.data(), s[0], detail::row_elements(s), comm, root);
}

// Root's elements written into every rank's view, which must have root's
// shape (else every rank throws weft::shape_error).
template <transferable T, std::size_t N>
  requires(!std::is_const_v<T>)
void broadcast(const view<T, N>& v, const communicator& comm, int root = 0) {
  detail::check_root(comm, root, "broadcast");
  const shape<N> s = detail::shape_from_root(v.shape(), comm, root);
  agree_that(comm, v.shape() == s, failure_kind::shape,
             "weft::mpi::broadcast: this rank's view has shape " + to_string(v.shape()) + ", root's " + to_string(s));
  if (v.is_contiguous()) {
    if constexpr (N == 0) detail::check(MPI_Bcast(v.data(), 1, datatype<T>(), root, comm.get()), "MPI_Bcast");
    else detail::broadcast_rows(v.data(), s[0], detail::row_elements(s), comm, root);
    return;
  }
  ndarray<T, N> buffer(v);
  broadcast(buffer, comm, root);
  if (comm.rank() != root) v.assign(buffer.as_view());
}

} // namespace weft::mpi
