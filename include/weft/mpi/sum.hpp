#pragma once
// weft::mpi::sum(local, comm): the sum of a global array whose blocks the
// ranks hold (along axis 0, in rank order), or of a fused expression of
// such blocks, on every rank:
//
//   double dot = weft::mpi::sum(a * b, world);   // a, b: this rank's blocks
//
// Reproducible: the same bits for any number of ranks and threads, and the
// same bits as weft::sum of the whole array in one process. weft::sum folds
// leaves of L consecutive elements (reduce/engine.hpp) and combines them in
// a tree that splits at the middle; here the leaves are numbered over the
// global index space and the tree is that same tree over all of them:
//   1. every rank folds the leaves that lie in its block (on its threads);
//   2. a leaf split between ranks is assembled, from the values of its
//      elements, by the rank that holds its first element, and folded there;
//   3. each rank combines the largest subtrees that lie within its leaves;
//   4. those few partial sums are exchanged, and every rank combines them
//      in the tree's order: the same bits on every rank, never the order in
//      which messages arrive.
// Integer sums wrap in 64 bits, exact in any order: a plain allreduce.
//
// The one caveat is step 2: there the elements of a lazy expression are
// computed by its scalar code, where step 1 runs its SIMD lanes. The two
// agree bit for bit for exact operations (+ - * /, sqrt, fma, comparisons,
// casts, min/max...); transcendental functions (exp, sin...) may differ in
// the last bits between lanes and scalar code (README, "Special functions"),
// and so may such a sum between rank counts. Evaluate the expression into
// an array first when those bits matter.
#include <mpi.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <type_traits>
#include <utility>
#include <vector>

#include "weft/core/policy.hpp"
#include "weft/eval/leaves.hpp"
#include "weft/expr/expression.hpp"
#include "weft/parallel/chunks.hpp"
#include "weft/reduce/axes.hpp"
#include "weft/reduce/engine.hpp"
#include "weft/reduce/ops.hpp"
#include "weft/reduce/reducer.hpp"
#include "weft/mpi/agree.hpp"
#include "weft/mpi/communicator.hpp"
#include "weft/mpi/datatype.hpp"
#include "weft/mpi/reduce.hpp"

namespace weft::mpi {
namespace detail {

// Flat elements [begin, begin + count) of a node, row-major, by its scalar code.
template <class V, class Node>
void flat_values(const Node& node, index_t begin, index_t count, V* out) {
  constexpr std::size_t N = Node::rank;
  const auto cursor = node.cursor();
  using Cursor = std::remove_const_t<decltype(cursor)>;
  constexpr std::size_t L = Cursor::leaf_count;
  std::array<weft::detail::leaf_layout<N>, L> leaves;
  node.for_each_leaf(weft::detail::leaf_collector<N>{leaves.data(), &node.shape()});
  std::array<const void*, (L > 0 ? L : 1)> rows{};
  std::array<index_t, (L > 0 ? L : 1)> inner{};
  const index_t row = node.shape()[N - 1];
  for (index_t done = 0; done < count;) {
    std::array<index_t, N> idx{};
    index_t flat = begin + done;
    for (std::size_t k = N; k-- > 0;) {
      idx[k] = flat % node.shape()[k];
      flat /= node.shape()[k];
    }
    const index_t len = std::min(row - idx[N - 1], count - done);
    for (std::size_t k = 0; k < L; ++k) {
      rows[k] = leaves[k].base + weft::detail::offset_of(idx, leaves[k].strides) * index_t(leaves[k].element_size);
      inner[k] = leaves[k].strides[N - 1];
    }
    Cursor cur = cursor;
    std::size_t next = 0;
    cur.bind(weft::detail::leaf_rows{rows.data(), inner.data(), nullptr}, next);
    for (index_t i = 0; i < len; ++i) out[done + i] = static_cast<V>(cur.get(i));
    done += len;
  }
}

// A whole sum's engine over a node, with its leaves numbered in row-major order.
template <class Op, class Node>
class leaf_folder {
public:
  using A = typename Op::acc_type;
  static constexpr std::size_t N = Node::rank;
  using engine_type = weft::detail::reduction_engine<A, N>;
  static constexpr index_t leaf_size = weft::detail::reduction_leaf_size(weft::detail::reduction_lanes<Op>());

  leaf_folder(const Node& node, const execution_policy& policy)
      : in_(node, weft::detail::all_axes<N>()),
        engine_(in_.extents, in_.reduced, &unused_, strides_t<N>{}, in_.leaves, in_.kernels,
                weft::detail::store_for<A, A>(keep_), policy, true) {}

  A fold(index_t f0, index_t f1) const { return engine_.fold_leaf(f0, f1); }

private:
  A unused_{};
  weft::detail::keep_value<A> keep_;
  weft::detail::reduction_input<Op, Node> in_;
  engine_type engine_;
};

// A subtree of the global tree that one rank combined: leaves [l0, l1).
template <class A>
struct partial_sum {
  std::int64_t l0, l1;
  A value;
};

// The tree of reduce/engine.hpp (split at the middle) over leaves [l0, l1),
// reading leaf values from `at(l)`.
template <class Op, class F>
typename Op::acc_type combine_tree(index_t l0, index_t l1, const F& at) {
  if (l1 - l0 == 1) return at(l0);
  const index_t mid = l0 + (l1 - l0) / 2;
  const auto left = combine_tree<Op>(l0, mid, at);
  return Op::combine(left, combine_tree<Op>(mid, l1, at));
}

// The largest subtrees of [l0, l1) that lie inside [o0, o1), combined from
// vals (leaf o0 at vals[0]), appended to out.
template <class Op>
void own_subtrees(index_t l0, index_t l1, index_t o0, index_t o1, const std::vector<typename Op::acc_type>& vals,
                  std::vector<partial_sum<typename Op::acc_type>>& out) {
  if (l1 <= o0 || l0 >= o1) return;
  if (o0 <= l0 && l1 <= o1) {
    out.push_back({l0, l1, combine_tree<Op>(l0, l1, [&](index_t l) { return vals[std::size_t(l - o0)]; })});
    return;
  }
  const index_t mid = l0 + (l1 - l0) / 2;
  own_subtrees<Op>(l0, mid, o0, o1, vals, out);
  own_subtrees<Op>(mid, l1, o0, o1, vals, out);
}

template <class Op>
typename Op::acc_type global_tree(index_t l0, index_t l1,
                                  const std::map<std::pair<index_t, index_t>, typename Op::acc_type>& parts) {
  if (const auto it = parts.find({l0, l1}); it != parts.end()) return it->second;
  const index_t mid = l0 + (l1 - l0) / 2;
  const auto left = global_tree<Op>(l0, mid, parts);
  return Op::combine(left, global_tree<Op>(mid, l1, parts));
}

template <class Node>
auto reproducible_sum(const Node& node, const communicator& comm, const execution_policy& policy) {
  using V = std::remove_const_t<typename Node::value_type>;
  using Op = weft::detail::sum_reduction<weft::detail::sum_acc_t<V>>;
  using A = typename Op::acc_type;
  const leaf_folder<Op, Node> folder(node, policy);
  const index_t L = folder.leaf_size;
  const int me = comm.rank(), ranks = comm.size();

  // Every rank's size (and leaf size: the ranks must fold alike; floating
  // sums do on every instruction set, see reduce/kernel.hpp).
  std::int64_t mine[2] = {size_of(node.shape()), L};
  std::vector<std::int64_t> all(2 * std::size_t(ranks));
  check(MPI_Allgather(mine, 2, MPI_INT64_T, all.data(), 2, MPI_INT64_T, comm.get()), "MPI_Allgather");
  std::vector<index_t> begin(std::size_t(ranks) + 1, 0);
  for (int r = 0; r < ranks; ++r) {
    if (all[2 * std::size_t(r) + 1] != L)
      throw value_error("weft::mpi::sum: rank " + std::to_string(r) + " folds leaves of " +
                        std::to_string(all[2 * std::size_t(r) + 1]) + " elements and rank " + std::to_string(me) +
                        " of " + std::to_string(L) + ": build every rank with the same weft");
    begin[std::size_t(r) + 1] = begin[std::size_t(r)] + all[2 * std::size_t(r)];
  }
  const index_t total = begin.back();
  if (total == 0) return A(0);
  const index_t leaves = (total + L - 1) / L;
  const index_t g0 = begin[std::size_t(me)], g1 = begin[std::size_t(me) + 1];
  auto leaf_begin = [&](index_t k) { return k * L; };
  auto leaf_end = [&](index_t k) { return std::min(total, (k + 1) * L); };
  auto owner = [&](index_t pos) {  // the rank holding global element pos
    return int(std::upper_bound(begin.begin(), begin.end(), pos) - begin.begin()) - 1;
  };

  // The leaves this rank folds: those that start in its block.
  index_t o0 = 0, o1 = 0;
  if (g1 > g0) {
    o0 = (g0 + L - 1) / L;
    o1 = (g1 - 1) / L + 1;
    if (o0 > o1) o0 = o1;
  }
  std::vector<A> vals(std::size_t(o1 - o0), A(0));
  const int tag = 7411;
  // Parts of leaves that start in another block: sent to that block's rank.
  std::vector<V> send_part;
  MPI_Request send_request = MPI_REQUEST_NULL;
  if (g1 > g0 && g0 % L != 0) {
    const index_t k = g0 / L;
    const index_t n = std::min(leaf_end(k), g1) - g0;
    send_part.resize(std::size_t(n));
    flat_values(node, 0, n, send_part.data());
    check(MPI_Isend(send_part.data(), int(n), datatype<V>(), owner(leaf_begin(k)), tag, comm.get(), &send_request),
          "MPI_Isend");
  }
  // A leaf that starts here and ends in later blocks: assembled from their
  // parts, which travel while the leaves inside the block are folded.
  const bool assembles = o1 > o0 && leaf_end(o1 - 1) > g1;
  std::vector<V> assembled;
  std::vector<MPI_Request> receives;
  if (assembles) {
    const index_t a = leaf_begin(o1 - 1), b = leaf_end(o1 - 1);
    assembled.resize(std::size_t(b - a));
    flat_values(node, a - g0, g1 - a, assembled.data());
    for (int r = me + 1; r < ranks && begin[std::size_t(r)] < b; ++r) {
      const index_t from = begin[std::size_t(r)], to = std::min(b, begin[std::size_t(r) + 1]);
      if (to <= from) continue;
      receives.emplace_back();
      check(MPI_Irecv(assembled.data() + (from - a), int(to - from), datatype<V>(), r, tag, comm.get(),
                      &receives.back()),
            "MPI_Irecv");
    }
  }
  parallel_for_chunks(
      o1 - o0 - (assembles ? 1 : 0), 1,
      [&](index_t b0, index_t e0) {
        for (index_t k = b0; k < e0; ++k)
          vals[std::size_t(k)] = folder.fold(leaf_begin(o0 + k) - g0, leaf_end(o0 + k) - g0);
      },
      policy);
  if (assembles) {
    check(MPI_Waitall(int(receives.size()), receives.data(), MPI_STATUSES_IGNORE), "MPI_Waitall");
    const auto values = weft::detail::to_node(view<const V, 1>(assembled.data(), shape<1>{index_t(assembled.size())}));
    const leaf_folder<Op, decltype(values)> assembled_folder(values, seq);
    vals.back() = assembled_folder.fold(0, index_t(assembled.size()));
  }
  check(MPI_Wait(&send_request, MPI_STATUS_IGNORE), "MPI_Wait");

  // This rank's largest subtrees, everyone's gathered, the tree combined.
  std::vector<partial_sum<A>> parts;
  if (o1 > o0) own_subtrees<Op>(0, leaves, o0, o1, vals, parts);
  const int count = int(parts.size() * sizeof(partial_sum<A>));
  std::vector<int> counts(static_cast<std::size_t>(ranks)), displs(static_cast<std::size_t>(ranks));
  check(MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, comm.get()), "MPI_Allgather");
  int bytes = 0;
  for (int r = 0; r < ranks; ++r) displs[std::size_t(r)] = bytes, bytes += counts[std::size_t(r)];
  std::vector<partial_sum<A>> everyone(std::size_t(bytes) / sizeof(partial_sum<A>));
  check(MPI_Allgatherv(parts.data(), count, MPI_BYTE, everyone.data(), counts.data(), displs.data(), MPI_BYTE,
                       comm.get()),
        "MPI_Allgatherv");
  std::map<std::pair<index_t, index_t>, A> by_range;
  for (const partial_sum<A>& p : everyone) by_range[{p.l0, p.l1}] = p.value;
  return global_tree<Op>(0, leaves, by_range);
}

} // namespace detail

// The sum of the global array (see the top of this file), on every rank.
template <expression E>
auto sum(const E& local, const communicator& comm, const execution_policy& policy = auto_policy) {
  const auto node = weft::detail::to_node(local);
  using Node = decltype(node);
  using V = std::remove_const_t<typename Node::value_type>;
  static_assert(Node::rank >= 1, "weft::mpi::sum: blocks of rank 1 or more (the global array is split along axis 0)");
  static_assert(transferable<V>, "weft::mpi::sum: an element type MPI can carry");
  if constexpr (std::is_floating_point_v<V>) {
    return detail::reproducible_sum(node, comm, policy);
  } else {
    using A = weft::detail::sum_acc_t<V>;
    const A local_sum = weft::sum(node, policy);
    return allreduce(local_sum, weft::sum, comm);
  }
}

} // namespace weft::mpi
