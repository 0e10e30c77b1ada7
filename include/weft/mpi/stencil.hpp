#pragma once
// A weft::stencil over an array distributed by rows (axis 0, blocks in rank
// order, as block_partition cuts them):
//
//   const auto step = weft::mpi::stencil(weft::stencil(kernel, weft::border::reflect), world);
//   step(u_local, next_local);            // or: auto next_local = step(u_local);
//
// Each call exchanges halos with the neighbouring ranks (the rows the
// kernel reaches across a block edge), non-blocking, and updates the rows
// that need no halo while the messages travel; then the rows at the block
// edges. At the global edges the stencil's border mode applies as it does
// in one process (wrap exchanges with the rank at the other end). The
// result is the single-process stencil's, bit for bit, whenever the
// kernel's SIMD and scalar forms agree (arithmetic does, compiled without
// floating-point contraction: -ffp-contract=off).
//
// Every rank must hold at least as many rows as the kernel reaches along
// axis 0 (one for a 3x3 kernel), and every block must have the same other
// axes; otherwise every rank throws (value_error, shape_error).
#include <mpi.h>

#include <algorithm>
#include <array>
#include <string>
#include <type_traits>
#include <utility>

#include "weft/array/ndarray.hpp"
#include "weft/array/strided_copy.hpp"
#include "weft/array/view.hpp"
#include "weft/core/policy.hpp"
#include "weft/kernel/stencil.hpp"
#include "weft/kernel/stencil_border.hpp"
#include "weft/mpi/agree.hpp"
#include "weft/mpi/buffers.hpp"
#include "weft/mpi/communicator.hpp"
#include "weft/mpi/datatype.hpp"
#include "weft/mpi/partition.hpp"

namespace weft::mpi {
namespace detail {

// Copies rows of src into rows [at, at + rows) of dst.
template <class D, class S, std::size_t N>
void copy_rows(const view<D, N>& dst, index_t at, const view<S, N>& src) {
  const view<D, N> part = rows_of(dst, at, at + src.shape()[0]);
  weft::detail::strided_copy(part.data(), part.strides(), src.data(), src.strides(), src.shape());
}

} // namespace detail

template <class Fn, bool Lanes>
class distributed_stencil {
public:
  distributed_stencil(stencil_kernel<Fn, Lanes> kernel, communicator comm)
      : kernel_(std::move(kernel)), comm_(std::move(comm)) {}

  // A new array: the stencil applied to this rank's block.
  template <sendable_array In>
  auto operator()(const In& local, const execution_policy& policy = auto_policy) const {
    const auto v = local.as_view();
    using T = std::remove_const_t<typename decltype(v)::value_type>;
    constexpr std::size_t N = decltype(v)::rank;
    using R = weft::detail::stencil_result_t<Fn, T, N>;
    ndarray<R, N> out(v.shape(), uninitialized);
    (*this)(local, out, policy);
    return out;
  }

  // Writes into out, this rank's block of the result (the shape of local).
  template <sendable_array In, class Out>
    requires(!std::is_same_v<std::remove_cvref_t<Out>, execution_policy> && requires(Out& o) { o.as_view(); })
  void operator()(const In& local, Out&& out, const execution_policy& policy = auto_policy) const {
    const view<const std::remove_const_t<typename std::remove_cvref_t<In>::value_type>, std::remove_cvref_t<In>::rank>
        v = local.as_view();
    const auto o = out.as_view();
    run(v, o, policy);
  }

  const stencil_kernel<Fn, Lanes>& kernel() const { return kernel_; }
  const communicator& comm() const { return comm_; }

private:
  template <class T, class O, std::size_t N>
  void run(const view<const T, N>& v, const view<O, N>& o, const execution_policy& policy) const {
    static_assert(N >= 1 && N <= 3, "weft::mpi::stencil: arrays of 1 to 3 dimensions");
    using R = weft::detail::stencil_result_t<Fn, T, N>;
    const int ranks = comm_.size(), me = comm_.rank();
    const auto all = detail::shapes_of_ranks(v.shape(), comm_);
    detail::check_same_rows(all, "stencil");
    agree_that(comm_, o.shape() == v.shape(), failure_kind::shape,
               "weft::mpi::stencil: output of shape " + to_string(o.shape()) + " for input of shape " +
                   to_string(v.shape()));
    if (weft::detail::overlaps(weft::detail::span_of(o.data(), o.shape(), o.strides()),
                               weft::detail::span_of(v.data(), v.shape(), v.strides()))) {
      ndarray<R, N> aside(v.shape(), uninitialized);
      run(v, aside.as_view(), policy);
      weft::detail::strided_copy(o.data(), o.strides(), aside.data(), aside.strides(), o.shape());
      return;
    }
    const auto reach = kernel_.template neighbourhood<T, N>();
    const index_t up_rows = -reach[0][0], down_rows = reach[0][1];  // halo rows above and below
    const index_t reach_rows = std::max(up_rows, down_rows);
    if (ranks == 1 || reach_rows == 0) {  // no row needs another rank's
      kernel_(v, o, policy);
      return;
    }
    index_t total = 0;
    for (int r = 0; r < ranks; ++r) {
      if (all[std::size_t(r)][0] < reach_rows)
        throw value_error("weft::mpi::stencil: rank " + std::to_string(r) + " holds " +
                          std::to_string(all[std::size_t(r)][0]) + " rows, fewer than the " +
                          std::to_string(reach_rows) +
                          " the kernel reaches along axis 0: use fewer ranks or more rows");
      total += all[std::size_t(r)][0];
    }
    const stencil_border mode = kernel_.border_mode();
    const bool wrap = mode.kind == border_kind::wrap;
    const int up = me > 0 ? me - 1 : wrap ? ranks - 1 : -1;
    const int down = me + 1 < ranks ? me + 1 : wrap ? 0 : -1;
    const index_t n = v.shape()[0];
    shape<N> halo_shape = v.shape();
    halo_shape[0] = up_rows;
    ndarray<T, N> top(halo_shape, uninitialized);
    halo_shape[0] = down_rows;
    ndarray<T, N> bottom(halo_shape, uninitialized);

    // Messages: tag 1 fills the receiver's top halo, tag 2 its bottom one.
    const index_t row = detail::row_elements(v.shape());
    const detail::row_type<T> type(row);
    const detail::dense_elements<T, N> first_rows(detail::rows_of(v, 0, down_rows));
    const detail::dense_elements<T, N> last_rows(detail::rows_of(v, n - up_rows, n));
    std::array<MPI_Request, 4> requests{MPI_REQUEST_NULL, MPI_REQUEST_NULL, MPI_REQUEST_NULL, MPI_REQUEST_NULL};
    if (row > 0) {
      if (up >= 0 && up_rows > 0)
        detail::check(MPI_Irecv(top.data(), int(up_rows), type.get(), up, 1, comm_.get(), &requests[0]), "MPI_Irecv");
      if (down >= 0 && down_rows > 0)
        detail::check(MPI_Irecv(bottom.data(), int(down_rows), type.get(), down, 2, comm_.get(), &requests[1]),
                      "MPI_Irecv");
      if (up >= 0 && down_rows > 0)
        detail::check(MPI_Isend(first_rows.data(), int(down_rows), type.get(), up, 2, comm_.get(), &requests[2]),
                      "MPI_Isend");
      if (down >= 0 && up_rows > 0)
        detail::check(MPI_Isend(last_rows.data(), int(up_rows), type.get(), down, 1, comm_.get(), &requests[3]),
                      "MPI_Isend");
    }
    // Halos at the global edges, as the border mode reads outside the array.
    const index_t first_global = block_start(all, me);
    if (up < 0) fill_edge_halo(top.as_view(), v, -up_rows, first_global, total, mode);
    if (down < 0) fill_edge_halo(bottom.as_view(), v, first_global + n, first_global, total, mode);

    // The rows that need no halo, while the halos travel (the rows at the
    // block's edges come out wrong here and are redone below).
    const bool split = n >= up_rows + down_rows;
    if (split) kernel_(v, o, policy);
    detail::check(MPI_Waitall(4, requests.data(), MPI_STATUSES_IGNORE), "MPI_Waitall");

    if (split) {
      // Top rows: the halo, then the first up_rows + down_rows rows.
      edge_rows(std::as_const(top).as_view(), detail::rows_of(v, 0, up_rows + down_rows), view<const T, N>(), up_rows,
                detail::rows_of(o, 0, up_rows), policy);
      edge_rows(view<const T, N>(), detail::rows_of(v, n - up_rows - down_rows, n), std::as_const(bottom).as_view(), up_rows,
                detail::rows_of(o, n - down_rows, n), policy);
    } else {
      edge_rows(std::as_const(top).as_view(), v, std::as_const(bottom).as_view(), up_rows, o, policy);
    }
    if (mode.kind == border_kind::constant) {  // the kernel is not applied where it reaches outside
      if (me == 0) fill_rows(detail::rows_of(o, 0, std::min(up_rows, n)), static_cast<O>(mode.value));
      if (me == ranks - 1) fill_rows(detail::rows_of(o, std::max<index_t>(0, n - down_rows), n), static_cast<O>(mode.value));
    }
  }

  template <std::size_t N>
  static index_t block_start(const std::vector<shape<N>>& all, int rank) {
    index_t at = 0;
    for (int r = 0; r < rank; ++r) at += all[std::size_t(r)][0];
    return at;
  }

  // Global rows [from, from + halo rows) outside the array, read as the
  // border mode reads them (only rows this rank holds are needed: each
  // block has at least as many rows as the kernel reaches).
  template <class T, std::size_t N>
  static void fill_edge_halo(const view<T, N>& halo, const view<const T, N>& v, index_t from, index_t first_global,
                             index_t total, stencil_border mode) {
    for (index_t i = 0; i < halo.shape()[0]; ++i) {
      const view<T, N> dst = detail::rows_of(halo, i, i + 1);
      if (mode.kind == border_kind::padded || mode.kind == border_kind::constant) {
        fill_rows(dst, static_cast<T>(mode.value));
        continue;
      }
      const index_t source = weft::detail::border_index(from + i, total, mode.kind) - first_global;
      const view<const T, N> src = detail::rows_of(v, source, source + 1);
      weft::detail::strided_copy(dst.data(), dst.strides(), src.data(), src.strides(), src.shape());
    }
  }

  template <class T, std::size_t N>
  static void fill_rows(const view<T, N>& rows, T value) {
    weft::detail::strided_fill(rows.data(), rows.strides(), rows.shape(), value);
  }

  // The stencil over [above; middle; below] (any may be empty), rows
  // [skip, skip + out rows) of the result written to out.
  template <class T, class O, std::size_t N>
  void edge_rows(const view<const T, N>& above, const view<const T, N>& middle, const view<const T, N>& below,
                 index_t skip, const view<O, N>& out, const execution_policy& policy) const {
    shape<N> s = middle.shape();
    s[0] = above.shape()[0] + middle.shape()[0] + below.shape()[0];
    ndarray<T, N> joined(s, uninitialized);
    index_t at = 0;
    for (const view<const T, N>* part : {&above, &middle, &below}) {
      if (part->shape()[0] == 0) continue;
      detail::copy_rows(joined.as_view(), at, *part);
      at += part->shape()[0];
    }
    const auto result = kernel_(joined, policy);
    const auto rows = detail::rows_of(result.as_view(), skip, skip + out.shape()[0]);
    weft::detail::strided_copy(out.data(), out.strides(), rows.data(), rows.strides(), out.shape());
  }

  stencil_kernel<Fn, Lanes> kernel_;
  communicator comm_;
};

// The distributed form of a weft::stencil, over comm's ranks.
template <class Fn, bool Lanes>
distributed_stencil<Fn, Lanes> stencil(stencil_kernel<Fn, Lanes> kernel, const communicator& comm) {
  return {std::move(kernel), comm};
}

} // namespace weft::mpi
