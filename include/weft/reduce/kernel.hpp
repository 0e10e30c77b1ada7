#pragma once
// The only part of a reduction compiled once per expression: its fold
// kernels, which read the expression's values along one row and fold them
// into accumulators. The plan, the trees of leaves, the threads and the
// pairwise combining are reduce/engine.hpp's, compiled once per accumulator
// type and rank, reaching the kernels and the operator through
// fold_kernels' function pointers.
#include <algorithm>
#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "weft/core/index.hpp"
#include "weft/expr/leaf.hpp"
#include "weft/simd/batch.hpp"

namespace weft::detail {

// Accumulator lanes of one leaf. Floating accumulators: 256 bytes of them
// (32 doubles or 64 floats: four AVX-512 batches, eight AVX2 ones, sixteen
// SSE2 ones, or scalars) whatever the build's SIMD width, so that a sum
// adds its elements in the same order, and gives the same bits, on every
// instruction set. Integers fold exactly in any order: four batches.
template <class Op>
constexpr index_t reduction_lanes() {
  using A = typename Op::acc_type;
  if constexpr (!Op::reorderable) return 1;
  else if constexpr (std::is_floating_point_v<A>) return index_t(256 / sizeof(A));
#if WEFT_USE_XSIMD
  else if constexpr (simd::lane_type<A>) return 4 * simd::width<A>;
#endif
  else return 8;
}

// Whether Op folds values of V on SIMD lanes.
template <class Op, class V>
constexpr bool folds_on_lanes() {
#if WEFT_USE_XSIMD
  return Op::template simd_for<V>;
#else
  return false;
#endif
}

// Lanes of any operator's accumulators, at most (int8 sums on AVX-512).
inline constexpr index_t max_reduction_lanes = 256;

// The kernels of an expression and the operator, as values and pointers:
// the engine reaches the operator only through them, so it is compiled
// once per accumulator type and rank, not per operator or expression.
// `cursor` is the expression's cursor; each call copies it and binds the
// copy to the rows it is given. `lanes` is reduction_lanes<Op>().
template <class A>
struct fold_kernels {
  // Elements t = 0..len-1 of the bound row go to lane (p0 + t) mod K, as
  // the element at position pos + t (SIMD lanes when `lanes`).
  using accumulate_fn = void (*)(const void* cursor, const leaf_rows& at, A* lanes, index_t p0, index_t pos,
                                 index_t len, bool simd);
  // The same lanes and fold as accumulate from lane 0 and then folding the
  // lanes, with the accumulators in registers (SIMD only).
  using leaf_fn = A (*)(const void* cursor, const leaf_rows& at, index_t len);
  // count leaves of len elements, one per result: leaf j reads each leaf
  // k's row at at.row[k] + j * step[k] bytes; folded as leaf_in_registers
  // folds one, into out[j] (SIMD only). Many short reductions (pairwise
  // distances: 4M results of 64 elements) cost one call, not 4M.
  using leaves_fn = void (*)(const void* cursor, const leaf_rows& at, const index_t* step, index_t len, index_t count,
                             A* out);
  // Rows r, r + 1, ... (count of them, at[0..count)) folded into buf[0..len),
  // column by column, in row order.
  using rows_fn = void (*)(const void* cursor, const leaf_rows* at, int count, A* buf, index_t len, index_t r,
                           bool simd);

  const void* cursor = nullptr;
  accumulate_fn accumulate = nullptr;
  leaf_fn leaf_in_registers = nullptr;  // null without SIMD
  leaves_fn leaves_in_registers = nullptr;  // null without SIMD
  rows_fn rows_into = nullptr;
  const char* why_not_simd = nullptr;  // why the SIMD forms are not there
  index_t simd_width = 1;
  index_t cost = 1;  // per element, in adds

  // The operator.
  A init{};
  A (*combine)(const A&, const A&) = nullptr;
  // buf[j] = combine(buf[j], right[j]) for j < n (on lanes when simd and
  // the operator combines there).
  void (*combine_rows)(A* buf, const A* right, index_t n, bool simd) = nullptr;
  index_t lanes = 1;         // accumulator lanes of a leaf (K)
  bool reorderable = true;   // elements may be visited in memory order
};

// Whether Op's accumulators combine on SIMD lanes of their own type (the
// row-vector plan's pairwise combine of whole rows of accumulators).
template <class Op>
constexpr bool combines_on_lanes() {
#if WEFT_USE_XSIMD
  using A = typename Op::acc_type;
  if constexpr (simd::lane_type<A>)
    return requires(simd::batch<A> b) { Op::combine_simd(b, b); };
  else return false;
#else
  return false;
#endif
}

// The operator's functions, once per operator (not per expression).
template <class Op>
struct operator_functions {
  using A = typename Op::acc_type;
  static A combine(const A& a, const A& b) { return Op::combine(a, b); }
  static void combine_rows(A* buf, const A* right, index_t n, [[maybe_unused]] bool simd) {
    index_t j = 0;
#if WEFT_USE_XSIMD
    if constexpr (combines_on_lanes<Op>()) {
      constexpr index_t WA = simd::width<A>;
      if (simd)
        for (; j + WA <= n; j += WA)
          Op::combine_simd(simd::load(buf + j), simd::load(right + j)).store_unaligned(buf + j);
    }
#endif
    for (; j < n; ++j) buf[j] = Op::combine(buf[j], right[j]);
  }
};

// Lanes: the operator and the whole expression run on SIMD lanes of V. The
// loads take one index for every leaf (the engine stages any leaf not at
// unit stride, broadcast ones included).
template <class Op, class V, class Cursor, bool Lanes>
struct fold_kernel_set {
  using A = typename Op::acc_type;
  static constexpr index_t K = reduction_lanes<Op>();
  static constexpr bool lanes = Lanes;
#if WEFT_USE_XSIMD
  // (if constexpr: no batch of V is named unless it runs on lanes; newer
  // xsimd refuses batch<bool>.)
  static constexpr index_t W = [] {
    if constexpr (lanes) return simd::width<V>;
    else return index_t(1);
  }();
#else
  static constexpr index_t W = 1;
#endif

  static Cursor bound(const void* cursor, const leaf_rows& at) {
    Cursor cur = *static_cast<const Cursor*>(cursor);
    std::size_t k = 0;
    cur.bind(at, k);
    return cur;
  }

  static void accumulate(const void* cursor, const leaf_rows& at, A* acc_lanes, index_t p0, index_t pos,
                         index_t len, [[maybe_unused]] bool simd) {
    const Cursor cur = bound(cursor, at);
    index_t t = 0;
    index_t lane = p0 % K;
#if WEFT_USE_XSIMD
    if constexpr (lanes) {
      if (simd) {
        for (; t < len && lane != 0; ++t, lane = lane + 1 == K ? 0 : lane + 1)
          acc_lanes[lane] = Op::combine(acc_lanes[lane], Op::lift(cur.get(t), pos + t));
        if (len - t >= K) {
          constexpr index_t NB = K / W;
          simd::batch<A> acc[NB];
          for (index_t j = 0; j < NB; ++j) acc[j] = simd::batch<A>::load_unaligned(acc_lanes + j * W);
          for (; t + K <= len; t += K)
            for (index_t j = 0; j < NB; ++j) acc[j] = Op::combine_simd(acc[j], cur.template load<V, true>(t + j * W));
          for (index_t j = 0; j < NB; ++j) acc[j].store_unaligned(acc_lanes + j * W);
        }
      }
    }
#endif
    for (; t < len; ++t, lane = lane + 1 == K ? 0 : lane + 1)
      acc_lanes[lane] = Op::combine(acc_lanes[lane], Op::lift(cur.get(t), pos + t));
  }

#if WEFT_USE_XSIMD
  // The halving steps wider than a batch combine whole batches, the last
  // log2(W) steps run on one stored batch. Only a ragged tail goes through
  // memory.
  static A leaf_in_registers(const void* cursor, const leaf_rows& at, index_t len)
    requires lanes
  {
    static constexpr index_t no_step[Cursor::leaf_count > 0 ? Cursor::leaf_count : 1] = {};
    A out;
    leaves_in_registers(cursor, at, no_step, len, 1, &out);
    return out;
  }

  // (Out of line: the one copy of the fold's body, for one leaf and many.)
  [[gnu::noinline]] static void leaves_in_registers(const void* cursor, const leaf_rows& at, const index_t* step,
                                                    index_t len, index_t count, A* out)
    requires lanes
  {
    constexpr std::size_t L = Cursor::leaf_count;
    std::array<const void*, (L > 0 ? L : 1)> rows{};
    for (index_t j = 0; j < count; ++j) {
      for (std::size_t k = 0; k < L; ++k) rows[k] = static_cast<const char*>(at.row[k]) + j * step[k];
      out[j] = fold(bound(cursor, leaf_rows{rows.data(), at.inner, at.down}), len);
    }
  }

  // The NB batches of K lanes are named accumulators, and every loop over
  // them or over the last batch's lanes is unrolled at compile time: as
  // runtime loops GCC kept the accumulators on the stack and folded the
  // last lanes through memory, which was half the time of a 64-element
  // fold (pairwise distances).
  static A fold(const Cursor cur, index_t len)
    requires lanes
  {
    constexpr index_t NB = K / W;
    static_assert(NB >= 1 && (NB & (NB - 1)) == 0);
    using B = simd::batch<A>;
    return [&]<std::size_t... J>(std::index_sequence<J...>) {
      B acc[NB] = {(void(J), simd::broadcast(Op::init()))...};
      index_t t = 0;
      for (; t + K <= len; t += K)
        ((acc[J] = Op::combine_simd(acc[J], cur.template load<V, true>(t + index_t(J) * W))), ...);
      // A ragged tail: the lanes it does not reach take init(), which leaves
      // an accumulator unchanged (a sum lane is never -0.0: it starts at +0.0).
      if (const index_t rem = len - t; rem > 0) {
        const auto tail = [&](index_t j, B& a) {
          if (j * W >= rem) return;
          if ((j + 1) * W <= rem) {
            a = Op::combine_simd(a, cur.template load<V, true>(t + j * W));
            return;
          }
          alignas(64) std::array<V, W> part;
          part.fill(V(Op::init()));
          for (index_t q = 0; j * W + q < rem; ++q) part[q] = cur.get(t + j * W + q);
          a = Op::combine_simd(a, simd::batch<V>::load_aligned(part.data()));
        };
        (tail(index_t(J), acc[J]), ...);
      }
      halve_batches<NB / 2>(acc);
      alignas(64) std::array<A, W> last;
      acc[0].store_aligned(last.data());
      halve_lanes<W / 2>(last);
      return last[0];
    }(std::make_index_sequence<std::size_t(NB)>{});
  }

  // acc[j] = acc[j] op acc[j + H] for j < H, then H / 2, ..., 1.
  template <index_t H, class B>
  static void halve_batches(B* acc) {
    if constexpr (H >= 1) {
      [&]<std::size_t... J>(std::index_sequence<J...>) {
        ((acc[J] = Op::combine_simd(acc[J], acc[J + H])), ...);
      }(std::make_index_sequence<std::size_t(H)>{});
      halve_batches<H / 2>(acc);
    }
  }
  template <index_t H, std::size_t N>
  static void halve_lanes(std::array<A, N>& last) {
    if constexpr (H >= 1) {
      [&]<std::size_t... J>(std::index_sequence<J...>) {
        ((last[J] = Op::combine(last[J], last[J + H])), ...);
      }(std::make_index_sequence<std::size_t(H)>{});
      halve_lanes<H / 2>(last);
    }
  }
#endif

  // Four rows go through each pass (four streams in flight, a quarter of
  // the accumulator loads and stores); the order of the operations per
  // column is the same as one row at a time.
  static void rows_into(const void* cursor, const leaf_rows* at, int count, A* buf, index_t len, index_t r,
                        [[maybe_unused]] bool simd) {
    if (count == 4) {
      const Cursor c0 = bound(cursor, at[0]), c1 = bound(cursor, at[1]), c2 = bound(cursor, at[2]),
                   c3 = bound(cursor, at[3]);
      index_t j = 0;
#if WEFT_USE_XSIMD
      if constexpr (lanes)
        if (simd)
          for (; j + W <= len; j += W) {
            auto acc = Op::combine_simd(simd::load(buf + j), c0.template load<V, true>(j));
            acc = Op::combine_simd(acc, c1.template load<V, true>(j));
            acc = Op::combine_simd(acc, c2.template load<V, true>(j));
            Op::combine_simd(acc, c3.template load<V, true>(j)).store_unaligned(buf + j);
          }
#endif
      for (; j < len; ++j) {
        A acc = Op::combine(buf[j], Op::lift(c0.get(j), r));
        acc = Op::combine(acc, Op::lift(c1.get(j), r + 1));
        acc = Op::combine(acc, Op::lift(c2.get(j), r + 2));
        buf[j] = Op::combine(acc, Op::lift(c3.get(j), r + 3));
      }
      return;
    }
    for (int q = 0; q < count; ++q, ++r) {
      const Cursor cur = bound(cursor, at[q]);
      index_t j = 0;
#if WEFT_USE_XSIMD
      if constexpr (lanes)
        if (simd)
          for (; j + W <= len; j += W)
            Op::combine_simd(simd::load(buf + j), cur.template load<V, true>(j)).store_unaligned(buf + j);
#endif
      for (; j < len; ++j) buf[j] = Op::combine(buf[j], Op::lift(cur.get(j), r));
    }
  }
};

// The kernels of `node` for Op; `cursor` (node.cursor()) must outlive every
// use of the result.
template <class Op, class Node, class Cursor>
fold_kernels<typename Op::acc_type> fold_kernels_for(const Cursor& cursor) {
  using V = typename Node::value_type;
  constexpr bool lanes = folds_on_lanes<Op, V>() && Node::template simd_ok<V>;
  using set = fold_kernel_set<Op, V, Cursor, lanes>;
  static_assert(reduction_lanes<Op>() <= max_reduction_lanes);
  fold_kernels<typename Op::acc_type> k;
  k.cursor = &cursor;
  k.accumulate = &set::accumulate;
  k.rows_into = &set::rows_into;
  k.cost = std::max(1, Node::cost);
  k.init = Op::init();
  k.combine = &operator_functions<Op>::combine;
  k.combine_rows = &operator_functions<Op>::combine_rows;
  k.lanes = reduction_lanes<Op>();
  k.reorderable = Op::reorderable;
  if constexpr (!WEFT_USE_XSIMD) {
    k.why_not_simd = "built with WEFT_USE_XSIMD=0";
  } else if constexpr (!lanes) {
    k.why_not_simd =
        "the operator or the expression has no SIMD form for this type (or it accumulates in a wider type)";
  } else {
#if WEFT_USE_XSIMD
    k.leaf_in_registers = &set::leaf_in_registers;
    k.leaves_in_registers = &set::leaves_in_registers;
    k.simd_width = set::W;
#endif
  }
  return k;
}

} // namespace weft::detail
