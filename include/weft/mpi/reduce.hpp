#pragma once
// Reductions over ranks, with weft's reducers as the operators:
//
//   double total = weft::mpi::allreduce(local_value, weft::sum, world);   // every rank
//   auto maxima  = weft::mpi::allreduce(local_array, weft::max, world);   // element-wise over ranks
//   auto at_root = weft::mpi::reduce(local_value, weft::sum, world, root);
//
// Operators: weft::sum, weft::prod, weft::min, weft::max, with NumPy's
// element rules (integers wrap in their type, bool sums are "or", min and
// max propagate NaN). Values are combined in rank order (rank 0's first),
// so the same ranks give the same bits every run. reduce() returns the
// result at root; other ranks get T{} (a scalar) or an array of 0 rows.
//
// Distributed data (every rank holds a block of a global array, along axis 0
// in rank order; see partition.hpp), reduced as the global array would be:
//
//   weft::mpi::min(local_expr, world), weft::mpi::max(...)
//   weft::mpi::argmin(local_expr, world), argmax(...)   // the global flat index
//
// (weft::mpi::sum, reproducible over any rank count, is in sum.hpp.) Ranks
// may hold 0 elements; an empty global array is a value_error on every rank,
// as NumPy's is.
#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#include "weft/array/ndarray.hpp"
#include "weft/expr/ops/arithmetic.hpp"
#include "weft/reduce/reducer.hpp"
#include "weft/mpi/agree.hpp"
#include "weft/mpi/buffers.hpp"
#include "weft/mpi/collectives.hpp"
#include "weft/mpi/communicator.hpp"
#include "weft/mpi/datatype.hpp"

namespace weft::mpi {
namespace detail {

template <class R>
struct rank_operator {
  static constexpr bool defined = false;
};
template <>
struct rank_operator<std::remove_cv_t<decltype(weft::sum)>> : ops::add {
  static constexpr bool defined = true;
};
template <>
struct rank_operator<std::remove_cv_t<decltype(weft::prod)>> : ops::multiply {
  static constexpr bool defined = true;
};
template <>
struct rank_operator<std::remove_cv_t<decltype(weft::min)>> : ops::minimum {
  static constexpr bool defined = true;
};
template <>
struct rank_operator<std::remove_cv_t<decltype(weft::max)>> : ops::maximum {
  static constexpr bool defined = true;
};

// inout[i] = in[i] op inout[i]: MPI hands the lower ranks' values as `in`.
template <class Op, class T>
void combine_elements(void* in, void* inout, int* len, MPI_Datatype*) {
  const T* a = static_cast<const T*>(in);
  T* b = static_cast<T*>(inout);
  for (int i = 0; i < *len; ++i) b[i] = static_cast<T>(Op{}(a[i], b[i]));
}

// An MPI_Op for Op on T, freed with the object. Not commutative: MPI then
// keeps rank order.
template <class Op, class T>
class user_op {
public:
  user_op() { check(MPI_Op_create(&combine_elements<Op, T>, 0, &op_), "MPI_Op_create"); }
  ~user_op() {
    if (!mpi_finalized()) MPI_Op_free(&op_);
  }
  user_op(const user_op&) = delete;
  user_op& operator=(const user_op&) = delete;
  MPI_Op get() const { return op_; }

private:
  MPI_Op op_ = MPI_OP_NULL;
};

// n values combined over ranks into out (at root, or everywhere when root < 0),
// in pieces whose counts fit an int.
template <class Op, class T>
void reduce_values(const T* in, T* out, index_t n, const communicator& comm, int root) {
  const user_op<Op, T> op;
  constexpr index_t piece = index_t(1) << 30;
  const bool receives = root < 0 || comm.rank() == root;
  for (index_t at = 0; at < n || (n == 0 && at == 0); at += piece) {
    const int len = static_cast<int>(std::min(piece, n - at));
    if (len == 0) break;
    if (root < 0)
      check(MPI_Allreduce(in + at, out + at, len, datatype<T>(), op.get(), comm.get()), "MPI_Allreduce");
    else
      check(MPI_Reduce(in + at, receives ? out + at : nullptr, len, datatype<T>(), op.get(), root, comm.get()),
            "MPI_Reduce");
  }
}

template <class R, class A>
auto reduce_over_ranks(const A& x, const communicator& comm, int root, const char* what) {
  using Op = rank_operator<std::remove_cvref_t<R>>;
  if (root >= 0) check_root(comm, root, what);
  if constexpr (std::is_arithmetic_v<A>) {
    A out{};
    reduce_values<Op>(&x, &out, 1, comm, root);
    return out;
  } else {
    using T = value_of<A>;
    constexpr std::size_t N = std::remove_cvref_t<A>::rank;
    const view<const T, N> v = x.as_view();
    const auto all = shapes_of_ranks(v.shape(), comm);
    for (std::size_t r = 1; r < all.size(); ++r)
      if (all[r] != all[0])
        throw shape_error(std::string("weft::mpi::") + what + ": rank 0 holds shape " + to_string(all[0]) +
                          " and rank " + std::to_string(r) + " holds " + to_string(all[r]) +
                          ": an element-wise reduction over ranks needs the same shape on every rank");
    const dense_elements<T, N> in(v);
    const bool receives = root < 0 || comm.rank() == root;
    shape<N> s = v.shape();
    if (!receives) {
      if constexpr (N > 0) s[0] = 0;
    }
    ndarray<T, N> out(s, uninitialized);
    reduce_values<Op>(in.data(), receives ? out.data() : nullptr, v.size(), comm, root);
    return out;
  }
}

} // namespace detail

// weft::sum, weft::prod, weft::min or weft::max.
template <class R>
concept rank_reducer = detail::rank_operator<std::remove_cvref_t<R>>::defined;

// A scalar or an array whose elements MPI can carry.
template <class A>
concept reducible_value = transferable<std::remove_cvref_t<A>> || sendable_array<A>;

template <reducible_value A, rank_reducer R>
auto allreduce(const A& x, const R&, const communicator& comm) {
  return detail::reduce_over_ranks<R>(x, comm, -1, "allreduce");
}

template <reducible_value A, rank_reducer R>
auto reduce(const A& x, const R&, const communicator& comm, int root = 0) {
  detail::check_root(comm, root, "reduce");
  return detail::reduce_over_ranks<R>(x, comm, root, "reduce");
}

namespace detail {

// One rank's candidate for a distributed min/max/argmin/argmax.
template <class T>
struct candidate {
  std::int64_t present = 0;  // this rank holds elements
  std::int64_t index = 0;    // global flat index (arg reductions)
  T value{};
};

template <class T>
std::vector<candidate<T>> candidates_of_ranks(const candidate<T>& mine, const communicator& comm) {
  std::vector<candidate<T>> all(static_cast<std::size_t>(comm.size()));
  check(MPI_Allgather(&mine, int(sizeof mine), MPI_BYTE, all.data(), int(sizeof mine), MPI_BYTE, comm.get()),
        "MPI_Allgather");
  return all;
}

// Where this rank's flat elements start in the global flat order.
inline index_t flat_offset(index_t mine, const communicator& comm) {
  std::int64_t n = mine, before = 0;
  check(MPI_Exscan(&n, &before, 1, MPI_INT64_T, MPI_SUM, comm.get()), "MPI_Exscan");
  return comm.rank() == 0 ? 0 : before;
}

[[noreturn]] inline void throw_empty(const char* name, bool arg) {
  if (arg) throw value_error(std::string("weft::mpi: attempt to get ") + name + " of an empty sequence");
  throw value_error(std::string("weft::mpi: zero-size array to reduction operation ") + name +
                    " which has no identity");
}

template <bool Max, class E>
auto extremum(const E& local, const communicator& comm) {
  const auto node = weft::detail::to_node(local);
  using T = std::remove_const_t<typename decltype(node)::value_type>;
  candidate<T> mine;
  if (size_of(node.shape()) > 0) {
    mine.present = 1;
    mine.value = Max ? static_cast<T>(weft::max(node)) : static_cast<T>(weft::min(node));
  }
  const auto all = candidates_of_ranks(mine, comm);
  bool any = false;
  T best{};
  for (const candidate<T>& c : all) {
    if (!c.present) continue;
    best = !any ? c.value : Max ? ops::maximum{}(best, c.value) : ops::minimum{}(best, c.value);
    any = true;
  }
  if (!any) throw_empty(Max ? "maximum" : "minimum", false);
  return best;
}

// NumPy's argmax: the first NaN, else the first position of the largest.
template <bool Max, class T>
bool better(const candidate<T>& a, const candidate<T>& b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a.value) || std::isnan(b.value)) return std::isnan(a.value) && (!std::isnan(b.value) || a.index < b.index);
  }
  if (a.value != b.value) return Max ? a.value > b.value : a.value < b.value;
  return a.index < b.index;
}

template <bool Max, class E>
index_t arg_extremum(const E& local, const communicator& comm) {
  const auto node = weft::detail::to_node(local);
  using T = std::remove_const_t<typename decltype(node)::value_type>;
  const index_t n = size_of(node.shape());
  const index_t offset = flat_offset(n, comm);
  candidate<T> mine;
  if (n > 0) {
    mine.present = 1;
    mine.index = offset + (Max ? weft::argmax(node) : weft::argmin(node));
    mine.value = Max ? static_cast<T>(weft::max(node)) : static_cast<T>(weft::min(node));
  }
  const auto all = candidates_of_ranks(mine, comm);
  const candidate<T>* best = nullptr;
  for (const candidate<T>& c : all)
    if (c.present && (best == nullptr || better<Max>(c, *best))) best = &c;
  if (best == nullptr) throw_empty(Max ? "argmax" : "argmin", true);
  return best->index;
}

} // namespace detail

template <expression E>
auto min(const E& local, const communicator& comm) {
  return detail::extremum<false>(local, comm);
}
template <expression E>
auto max(const E& local, const communicator& comm) {
  return detail::extremum<true>(local, comm);
}
// The index of the global array's (flattened, row-major) smallest element.
template <expression E>
index_t argmin(const E& local, const communicator& comm) {
  return detail::arg_extremum<false>(local, comm);
}
template <expression E>
index_t argmax(const E& local, const communicator& comm) {
  return detail::arg_extremum<true>(local, comm);
}

} // namespace weft::mpi
