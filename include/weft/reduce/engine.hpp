#pragma once
// The reduction engine: folds an expression along some of its axes in one
// pass over memory, without building the expression. It is compiled once
// per accumulator type and rank: the expression and the operator are seen
// only through the leaves' layouts (eval/leaves.hpp) and the fold kernels
// (reduce/kernel.hpp), the result type and the finish only through a
// result_store.
//
// Plan (pure shape and stride decisions, as for the evaluator):
//   1. The loop dimensions are ordered: kept axes first (in their order, so
//      results are written in order), then reduced axes (in memory order when
//      the operator allows it, else in their logical order).
//   2. If a kept axis is the unit-stride one and no reduced axis is, that
//      axis goes last: whole rows are folded into a vector of accumulators
//      ("row-vector" plan, e.g. sum(M, axis=0) of a row-major M). Otherwise
//      each result folds a run of elements ("inner" plan, sum(M, axis=1)).
//   3. Adjacent dimensions of the same role, contiguous for every operand and
//      for the result, are merged.
//
// Reproducibility: the order in which elements are combined is fixed by the
// shapes and strides alone. In the inner plan the reduced elements of one
// result are cut into leaves of `leaf_size` elements; inside a leaf element p
// goes to accumulator lane p mod K, the K lanes are folded by halving, and
// leaves are combined in a tree that splits at the middle. The SIMD path
// keeps exactly those lanes in registers, so every policy and thread count
// gives the same bits; threads only decide which subtrees run where. K is
// fixed for floating accumulators (reduce/kernel.hpp: 256 bytes of lanes),
// so the order, and the bits, are also the same under SSE2, AVX2, AVX-512
// and scalar code (the SIMD width only decides how many batches hold the
// lanes: halving K lanes is halving whole batches, then within one). The
// row-vector plan folds leaves of rows linearly per column and combines them
// in the same kind of tree. Both are pairwise at the coarse level, so
// floating sums keep O(log n) error growth.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <span>
#include <type_traits>

#include "weft/core/policy.hpp"
#include "weft/core/shape.hpp"
#include "weft/eval/leaves.hpp"
#include "weft/eval/plan.hpp"
#include "weft/parallel/chunks.hpp"
#include "weft/parallel/fork.hpp"
#include "weft/parallel/threads.hpp"
#include "weft/reduce/axes.hpp"
#include "weft/reduce/kernel.hpp"
#include "weft/reduce/ops.hpp"
#include "weft/simd/batch.hpp"

namespace weft::detail {

enum class reduction_kind { inner, row_vector };

// What the engine decided, for explain().
struct reduction_summary {
  reduction_kind kind = reduction_kind::inner;
  index_t outputs = 0;         // results computed
  index_t reduced = 0;         // elements folded into each result
  index_t vector_length = 1;   // row-vector plan: accumulators per row
  index_t lanes = 1;           // inner plan: accumulator lanes per leaf
  index_t leaf_size = 0;       // elements (inner) or rows (row-vector) per leaf
  bool simd = false;
  const char* why_not_simd = nullptr;
  index_t simd_width = 1;
  bool threads = false;
  int num_threads = 1;
  const char* thread_split = "";  // over results, or inside each tree
  const char* why_one_thread = "";
  index_t column_block = 0;       // row-vector plan: columns per task
};

// The finish of most reductions: the accumulator as the result type.
template <class T>
struct keep_value {
  template <class A>
  constexpr T operator()(const A& a) const {
    return static_cast<T>(a);
  }
};

// Where results go: out[j * stride] = finish(values[j]), typed and
// finished by the reduction's caller.
template <class A>
struct result_store {
  const void* finish = nullptr;
  void (*store)(const void* finish, const A* values, index_t n, void* out, index_t stride) = nullptr;
  std::size_t out_size = 0;  // bytes of one result
  bool plain = false;        // results are the accumulators themselves (may be folded in place)
};

template <class Out, class Finish>
struct finished_store {
  template <class A>
  static void store(const void* finish, const A* values, index_t n, void* out_bytes, index_t stride) {
    const Finish& f = *static_cast<const Finish*>(finish);
    Out* out = static_cast<Out*>(out_bytes);
    if (stride == 1) {  // (a loop the compiler can put on lanes: norm's square roots)
      for (index_t j = 0; j < n; ++j) out[j] = f(values[j]);
      return;
    }
    for (index_t j = 0; j < n; ++j) out[j * stride] = f(values[j]);
  }
};

// A store through `finish`, which must outlive every use of the result.
template <class A, class Out, class Finish>
result_store<A> store_for(const Finish& finish) {
  return {&finish, &finished_store<Out, Finish>::template store<A>, sizeof(Out),
          std::is_same_v<Out, A> && std::is_same_v<Finish, keep_value<A>>};
}

// Leaves of 64 K elements, and at least 1024.
constexpr index_t reduction_leaf_size(index_t lanes) { return std::max<index_t>(64 * lanes, 1024); }

// The fold of an expression's R dimensions (the input's shape, or (1,) for a
// rank-0 input) along the `reduced` ones into `out`, with the result's
// strides in the input's dimensions (0 along reduced axes); the result is
// fresh memory, never aliased with the input. The leaves are the caller's,
// reordered and merged in place; the kernels' cursor must outlive run().
template <class A, std::size_t R>
class reduction_engine {
public:
  reduction_engine(const shape<R>& s, const std::array<bool, R>& reduced, void* out, const strides_t<R>& out_strides,
                   std::span<leaf_layout<R>> leaves, const fold_kernels<A>& kernels, const result_store<A>& store,
                   const execution_policy& policy, bool logical_order = false)
      : out_(static_cast<char*>(out)), store_(store), policy_(policy), leaves_(leaves), kernels_(kernels),
        cost_(kernels.cost), W_(kernels.simd_width), K(kernels.lanes), leaf_size(reduction_leaf_size(K)) {
    plan(s, reduced, out_strides, logical_order);
    choose_threads();
  }

  // For a whole reduction planned in logical_order (its reduced elements
  // numbered in row-major order, whatever the strides): elements [f0, f1)
  // folded as run() folds each of its leaves (f1 - f0 <= leaf_size). A tree
  // over these leaves in the same shape as tree() gives run()'s bits; this
  // is how weft::mpi sums the leaves of many processes.
  A fold_leaf(index_t f0, index_t f1) const { return leaf(std::array<index_t, R>{}, f0, f1); }

  // A shortcut for small whole reductions of rank-1 expressions read at unit
  // stride (sum(arange(1000.0))): the plan the constructor would
  // make is one leaf over the whole extent, so the leaf runs without it. The
  // same lanes, the same bits; false when the shortcut does not apply.
  template <class Out, class Finish>
  static bool try_small_whole(index_t n, std::span<const leaf_layout<1>> leaves, const fold_kernels<A>& kernels,
                              const execution_policy& policy, Out& out, const Finish& finish)
    requires(R == 1)
  {
    if (!kernels.leaf_in_registers || !policy.simd || n < kernels.lanes || n > reduction_leaf_size(kernels.lanes))
      return false;
    if (leaves.size() > direct_rows<1>::most) return false;  // more leaves take the planned loop
    for (const leaf_layout<1>& leaf : leaves)
      if (leaf.strides[0] != 1) return false;
    out = finish(kernels.leaf_in_registers(kernels.cursor, direct_rows<1>(leaves, {0}).at, n));
    return true;
  }

  const reduction_summary& summary() const { return summary_; }
  const shape<R>& loop_shape() const { return ext_; }

  void run() const {
    if (summary_.outputs == 0) return;
    if (summary_.kind == reduction_kind::inner) run_inner();
    else run_row_vector();
  }

private:
  // ---- planning -----------------------------------------------------------

  void plan(const shape<R>& s, const std::array<bool, R>& reduced, const strides_t<R>& out_strides,
            bool logical_order) {
    const strides_t<R> ref = leaves_.empty() ? out_strides : leaves_[0].strides;
    auto mag = [&](std::size_t k) { return std::abs(ref[k]); };
    std::array<std::size_t, R> kept{}, red{};
    std::size_t nk = 0, nr = 0;
    for (std::size_t k = 0; k < R; ++k) {
      if (s[k] == 1) continue;
      if (reduced[k]) red[nr++] = k;
      else kept[nk++] = k;
    }
    if (kernels_.reorderable && R > 1)  // memory order: largest stride outermost (a stable insertion sort)
      for (std::size_t i = 1; i < nr && !logical_order; ++i)
        for (std::size_t j = i; j > 0 && mag(red[j - 1]) < mag(red[j]); --j) std::swap(red[j - 1], red[j]);
    // The row-vector plan when a kept axis has unit stride and no reduced one has.
    std::size_t vec = R;
    for (std::size_t i = 0; i < nk; ++i)
      if (mag(kept[i]) == 1) vec = i;
    bool row_vector = vec != R && !leaves_.empty();
    for (std::size_t i = 0; i < nr && row_vector; ++i)
      if (mag(red[i]) == 1) row_vector = false;
    // The loop order, outermost first, with each dimension's role.
    std::array<std::size_t, R> order{};
    std::array<int, R> role{};  // 0 kept, 1 reduced, 2 vector
    std::size_t m = 0;
    for (std::size_t i = 0; i < nk; ++i)
      if (!row_vector || i != vec) order[m] = kept[i], role[m++] = 0;
    for (std::size_t i = 0; i < nr; ++i) order[m] = red[i], role[m++] = 1;
    if (row_vector) order[m] = kept[vec], role[m++] = 2;

    // Merge neighbours of the same role that are contiguous for every array
    // (the result and each leaf).
    auto contiguous = [&](std::size_t inner, std::size_t k) {
      if (out_strides[inner] != out_strides[k] * s[k]) return false;
      for (const leaf_layout<R>& leaf : leaves_)
        if (leaf.strides[inner] != leaf.strides[k] * s[k]) return false;
      return true;
    };
    std::array<index_t, R> ext{};
    std::array<std::size_t, R> src{};
    std::array<int, R> rl{};
    std::size_t c = 0;
    for (std::size_t i = 0; i < m; ++i) {
      const std::size_t k = order[i];
      if (c > 0 && rl[c - 1] == role[i] && contiguous(src[c - 1], k)) {
        ext[c - 1] *= s[k];
        src[c - 1] = k;
        continue;
      }
      ext[c] = s[k], src[c] = k, rl[c++] = role[i];
    }
    // The inner plan needs a reduced dimension last: add one of extent 1
    // (there is room: some input axis was reduced, so at most R - 1 are kept).
    const bool dummy = !row_vector && (c == 0 || rl[c - 1] != 1);
    const std::size_t used = c + (dummy ? 1 : 0);
    const std::size_t off = R - used;
    for (std::size_t k = 0; k < R; ++k) ext_[k] = 1, role_[k] = 0;
    for (std::size_t i = 0; i < c; ++i) ext_[off + i] = ext[i], role_[off + i] = rl[i];
    if (dummy) role_[R - 1] = 1;
    auto reorder = [&](const strides_t<R>& st) {
      strides_t<R> o{};
      for (std::size_t i = 0; i < c; ++i) o[off + i] = st[src[i]];
      return o;
    };
    out_strides_ = reorder(out_strides);
    for (leaf_layout<R>& leaf : leaves_) leaf.strides = reorder(leaf.strides);

    // Where each role sits: kept [0, red_begin_), reduced [red_begin_, red_end_).
    red_begin_ = R;
    for (std::size_t k = 0; k < R; ++k)
      if (role_[k] != 0) {
        red_begin_ = k;
        break;
      }
    red_end_ = row_vector ? R - 1 : R;
    summary_.kind = row_vector ? reduction_kind::row_vector : reduction_kind::inner;
    index_t outs = 1, reds = 1;
    for (std::size_t k = 0; k < red_begin_; ++k) outs *= ext_[k];
    for (std::size_t k = red_begin_; k < red_end_; ++k) reds *= ext_[k];
    if (row_vector) outs *= ext_[R - 1];
    summary_.outputs = outs;
    summary_.reduced = reds;
    summary_.vector_length = row_vector ? ext_[R - 1] : 1;
    summary_.lanes = row_vector ? 1 : K;
    const index_t row_length = std::max<index_t>(1, summary_.vector_length);  // (0 for an empty result)
    rows_per_leaf_ = std::max<index_t>(8, (leaf_size + row_length - 1) / row_length);
    column_block_ = column_block_for(summary_.vector_length);
    summary_.column_block = row_vector ? column_block_ : 0;
    summary_.leaf_size = row_vector ? rows_per_leaf_ : leaf_size;

    // SIMD: the lanes must run the operator, and every operand must be read
    // at unit (or zero) stride along the last dimension.
    bool unit = true;
    for (const leaf_layout<R>& leaf : leaves_)
      if (leaf.strides[R - 1] != 0 && leaf.strides[R - 1] != 1) unit = false;
    if (!policy_.simd) summary_.why_not_simd = "the policy asks for scalar code";
    else if (kernels_.why_not_simd) summary_.why_not_simd = kernels_.why_not_simd;
    else if (!unit) summary_.why_not_simd = "an operand's inner stride is not 0 or 1";
    // (A leaf shorter than K lanes still runs on them: the lanes it does not
    // reach keep init(), as a ragged tail's do, so the bits are the same.)
    else if (ext_[R - 1] < W_) summary_.why_not_simd = "the inner extent is shorter than the lanes";
    summary_.simd = summary_.why_not_simd == nullptr;
    summary_.simd_width = summary_.simd ? W_ : 1;
    // Leaves read in place (no staging buffers): scalar kernels read any
    // stride, SIMD ones stride 1.
    direct_ = leaves_.size() <= direct_rows<R>::most;
    for (const leaf_layout<R>& leaf : leaves_)
      if (summary_.simd && leaf.strides[R - 1] != 1) direct_ = false;
  }

  void choose_threads() {
    const index_t work = summary_.outputs * std::max<index_t>(summary_.reduced, 1) * cost_;
    const bool worth = policy_.automatic ? work >= parallel_cost_threshold : work >= 2;
    if (!policy_.threads) summary_.why_one_thread = "the policy is serial";
    else if (!WEFT_USE_TBB) summary_.why_one_thread = "built with WEFT_USE_TBB=0";
    else if (!worth) summary_.why_one_thread = "work below the threshold";
    if (*summary_.why_one_thread) return;
    summary_.num_threads = num_threads();  // (takes a lock: asked only for big work)
    summary_.threads = summary_.num_threads > 1;
    if (!summary_.threads) {
      summary_.num_threads = 1;
      summary_.why_one_thread = "weft::num_threads() is 1";
      return;
    }
    const index_t t = summary_.num_threads;
    if (summary_.kind == reduction_kind::inner) {
      summary_.thread_split = summary_.outputs >= 2 * t ? "results split in chunks" : "inside each result's tree";
    } else {
      const index_t outer = summary_.outputs / summary_.vector_length;
      const index_t tasks = outer * ((summary_.vector_length + column_block_ - 1) / column_block_);
      summary_.thread_split = tasks >= 2 * t ? "column blocks split over threads" : "inside each column block's tree";
    }
  }

  // Row-vector plan: columns per task. Whole rows up to max_block columns
  // (long runs keep the prefetchers streaming), else equal blocks. The
  // arithmetic per column does not depend on it.
  static index_t column_block_for(index_t columns) {
    constexpr index_t max_block = 8192;
    const index_t blocks = std::max<index_t>(1, (columns + max_block - 1) / max_block);
    return std::max<index_t>(16, ((columns + blocks - 1) / blocks + 15) / 16 * 16);
  }

  // ---- running ------------------------------------------------------------

  // Sets the dimensions [b, e) of idx from a flat (row-major) position.
  void unravel(std::array<index_t, R>& idx, std::size_t b, std::size_t e, index_t flat) const {
    for (std::size_t k = e; k-- > b;) {
      idx[k] = flat % ext_[k];
      flat /= ext_[k];
    }
  }
  bool fork_worth(index_t elements) const { return summary_.threads && elements * cost_ >= parallel_cost_threshold / 2; }

  // Inner plan: result o folds the elements of dimensions [red_begin_, R).
  void run_inner() const {
    const index_t outs = summary_.outputs;
    if (short_results()) {
      run_short();
      return;
    }
    auto one = [&](index_t o, bool parallel) {
      std::array<index_t, R> idx{};
      unravel(idx, 0, red_begin_, o);
      const A value = fold(idx, parallel);
      store_.store(store_.finish, &value, 1, out_at(idx), 0);
    };
    if (!summary_.threads) {
      for (index_t o = 0; o < outs; ++o) one(o, false);
    } else if (outs >= 2 * summary_.num_threads) {
      const index_t grain =
          std::max<index_t>(1, parallel_cost_threshold / 4 / (std::max<index_t>(summary_.reduced, 1) * cost_));
      for_chunks(outs, grain, [&](index_t b, index_t e) {
        for (index_t o = b; o < e; ++o) one(o, false);
      }, par);
    } else {
      run_in_parallel_region([&] {
        for (index_t o = 0; o < outs; ++o) one(o, true);
      });
    }
  }

  // Many short results: each one leaf of one row, read in place, on SIMD
  // lanes, and enough of them for every thread (pairwise distances:
  // sum(square(x[:, newaxis] - x[newaxis]), 2)).
  bool short_results() const {
    if constexpr (R < 2) return false;
    else
      return summary_.simd && direct_ && kernels_.leaves_in_registers && red_begin_ == R - 1 &&
             summary_.reduced > 0 && summary_.reduced <= leaf_size &&
             (!summary_.threads || summary_.outputs >= 2 * summary_.num_threads);
  }

  // The same leaves as leaf() folds, one call for a run of results along the
  // innermost kept axis (the leaves' rows step by their strides along it).
  void run_short() const {
    if constexpr (R >= 2) {
      const index_t len = summary_.reduced, run = ext_[R - 2];
      std::array<index_t, direct_rows<R>::most> step{};
      for (std::size_t k = 0; k < leaves_.size(); ++k)
        step[k] = leaves_[k].strides[R - 2] * index_t(leaves_[k].element_size);
      auto results = [&](index_t b, index_t e) {
        constexpr index_t batch = 64;
        std::array<A, batch> values;
        std::array<index_t, R> idx{};
        for (index_t o = b; o < e;) {
          unravel(idx, 0, R - 1, o);
          const index_t count = std::min({run - idx[R - 2], e - o, batch});
          void* out = out_at(idx);
          const index_t os = out_strides_[R - 2];
          const bool in_place = store_.plain && os == 1;  // the results straight into out
          kernels_.leaves_in_registers(kernels_.cursor, direct_rows<R>(leaves_, idx).at, step.data(), len, count,
                                       in_place ? static_cast<A*>(out) : values.data());
          if (!in_place) store_.store(store_.finish, values.data(), count, out, os);
          o += count;
        }
      };
      if (!summary_.threads) {
        results(0, summary_.outputs);
      } else {
        const index_t grain = std::max<index_t>(1, parallel_cost_threshold / 4 / (len * cost_));
        for_chunks(summary_.outputs, grain, results, par);
      }
    }
  }

  A fold(const std::array<index_t, R>& idx, bool parallel) const {
    const index_t total = summary_.reduced;
    if (total == 0) return kernels_.init;
    const index_t leaves = (total + leaf_size - 1) / leaf_size;
    return tree(idx, 0, leaves, parallel);
  }

  A tree(const std::array<index_t, R>& idx, index_t l0, index_t l1, bool parallel) const {
    if (l1 - l0 == 1) return leaf(idx, l0 * leaf_size, std::min(summary_.reduced, (l0 + 1) * leaf_size));
    const index_t mid = l0 + (l1 - l0) / 2;
    if (parallel && fork_worth((l1 - l0) * leaf_size)) {
      A left = kernels_.init, right = kernels_.init;
      fork_both_ref([&] { left = tree(idx, l0, mid, true); }, [&] { right = tree(idx, mid, l1, true); });
      return kernels_.combine(left, right);
    }
    const A left = tree(idx, l0, mid, parallel);
    return kernels_.combine(left, tree(idx, mid, l1, parallel));
  }

  // The rows at idx as the kernels read them: on SIMD lanes every leaf
  // contiguous (staged into buffers when not, broadcast leaves too: the fold
  // kernels' loads take one index for all leaves), else as they are.
  const leaf_rows& rows_at(leaf_row_buffer<R>& rows, const std::array<index_t, R>& idx, index_t len) const {
    rows.seek(idx);
    if (!summary_.simd) return rows.plain();
    if (rows.gathers()) rows.stage(0, len);
    return rows.unit();
  }

  // Folds reduced elements [f0, f1) of one result into K lanes, then the lanes.
  A leaf(std::array<index_t, R> idx, index_t f0, index_t f1) const {
    const index_t len_row = ext_[R - 1];
    const bool one_row = red_begin_ == R - 1;  // (saves two divisions per leaf)
    index_t row = one_row ? 0 : f0 / len_row, i = one_row ? f0 : f0 % len_row;
    if (summary_.simd && (one_row || row == (f1 - 1) / len_row)) {  // the common case: one run of a row
      unravel(idx, red_begin_, R - 1, row);
      idx[R - 1] = i;
      if (direct_) return kernels_.leaf_in_registers(kernels_.cursor, direct_rows<R>(leaves_, idx).at, f1 - f0);
    }
    return staged_leaf(idx, f0, f1, row, i);
  }

  // leaf() through staging buffers, or over several rows (out of line: the
  // buffers' setup would otherwise weigh on every leaf).
  [[gnu::noinline]] A staged_leaf(std::array<index_t, R> idx, index_t f0, index_t f1, index_t row, index_t i) const {
    const index_t len_row = ext_[R - 1];
    leaf_row_buffer<R> rows(leaves_, leaf_size, 1, false);
    if (summary_.simd && (red_begin_ == R - 1 || row == (f1 - 1) / len_row))
      return kernels_.leaf_in_registers(kernels_.cursor, rows_at(rows, idx, f1 - f0), f1 - f0);
    alignas(64) std::array<A, max_reduction_lanes> lanes;
    std::fill_n(lanes.begin(), K, kernels_.init);
    for (index_t f = f0; f < f1; ++row, i = 0) {
      const index_t len = std::min(len_row - i, f1 - f);
      unravel(idx, red_begin_, R - 1, row);
      idx[R - 1] = i;
      kernels_.accumulate(kernels_.cursor, rows_at(rows, idx, len), lanes.data(), f - f0, f, len, summary_.simd);
      f += len;
    }
    return fold_lanes(lanes);
  }

  // The K lanes folded by halving: lane j takes lane j + h for h = K/2, ..., 1.
  A fold_lanes(std::array<A, max_reduction_lanes>& lanes) const {
    for (index_t h = K / 2; h >= 1; h /= 2)
      for (index_t j = 0; j < h; ++j) lanes[j] = kernels_.combine(lanes[j], lanes[j + h]);
    return lanes[0];
  }

  // Row-vector plan: the results of one outer position are the columns
  // [0, J) of dimension R - 1; rows are the positions of [red_begin_, R - 1).
  void run_row_vector() const {
    const index_t J = ext_[R - 1];
    const index_t outer = summary_.outputs / J;
    const index_t cb = column_block_;
    const index_t blocks = (J + cb - 1) / cb;
    auto task = [&](index_t k, bool parallel) {
      const index_t o = k / blocks, j0 = k % blocks * cb, j1 = std::min(J, j0 + cb);
      std::array<index_t, R> idx{};
      unravel(idx, 0, red_begin_, o);
      auto buf = std::make_unique<A[]>(static_cast<std::size_t>(j1 - j0));
      const index_t rows = summary_.reduced;
      if (rows == 0) std::fill(buf.get(), buf.get() + (j1 - j0), kernels_.init);
      else row_tree(idx, 0, (rows + rows_per_leaf_ - 1) / rows_per_leaf_, j0, j1, buf.get(), parallel);
      idx[R - 1] = j0;
      store_.store(store_.finish, buf.get(), j1 - j0, out_at(idx), out_strides_[R - 1]);
    };
    const index_t tasks = outer * blocks;
    if (!summary_.threads) {
      for (index_t k = 0; k < tasks; ++k) task(k, false);
    } else if (tasks >= 2 * summary_.num_threads) {
      for_chunks(tasks, 1, [&](index_t b, index_t e) {
        for (index_t k = b; k < e; ++k) task(k, false);
      }, par);
    } else {
      run_in_parallel_region([&] {
        for (index_t k = 0; k < tasks; ++k) task(k, true);
      });
    }
  }

  void row_tree(const std::array<index_t, R>& idx, index_t l0, index_t l1, index_t j0, index_t j1, A* buf,
                bool parallel) const {
    if (l1 - l0 == 1) {
      row_leaf(idx, l0 * rows_per_leaf_, std::min(summary_.reduced, (l0 + 1) * rows_per_leaf_), j0, j1, buf);
      return;
    }
    const index_t mid = l0 + (l1 - l0) / 2;
    auto right = std::make_unique<A[]>(static_cast<std::size_t>(j1 - j0));
    if (parallel && fork_worth((l1 - l0) * rows_per_leaf_ * (j1 - j0))) {
      fork_both_ref([&] { row_tree(idx, l0, mid, j0, j1, buf, true); },
                [&] { row_tree(idx, mid, l1, j0, j1, right.get(), true); });
    } else {
      row_tree(idx, l0, mid, j0, j1, buf, parallel);
      row_tree(idx, mid, l1, j0, j1, right.get(), parallel);
    }
    kernels_.combine_rows(buf, right.get(), j1 - j0, summary_.simd);
  }

  // Rows [r0, r1) of one column block folded into buf, four rows at a time
  // (the kernel keeps the order of the operations per column).
  void row_leaf(std::array<index_t, R> idx, index_t r0, index_t r1, index_t j0, index_t j1, A* buf) const {
    const index_t len = j1 - j0;
    std::fill(buf, buf + len, kernels_.init);
    leaf_row_buffer<R> b0(leaves_, len, 1, false), b1(leaves_, len, 1, false), b2(leaves_, len, 1, false),
        b3(leaves_, len, 1, false);
    leaf_row_buffer<R>* buffers[4] = {&b0, &b1, &b2, &b3};
    leaf_rows at[4];
    for (index_t r = r0; r < r1;) {
      const int count = r1 - r >= 4 ? 4 : 1;
      for (int q = 0; q < count; ++q) {
        unravel(idx, red_begin_, R - 1, r + q);
        idx[R - 1] = j0;
        at[q] = rows_at(*buffers[q], idx, len);
      }
      kernels_.rows_into(kernels_.cursor, at, count, buf, len, r, summary_.simd);
      r += count;
    }
  }

  void* out_at(const std::array<index_t, R>& idx) const {
    return out_ + offset_of(idx, out_strides_) * index_t(store_.out_size);
  }

  char* out_;
  result_store<A> store_;
  execution_policy policy_;
  std::span<leaf_layout<R>> leaves_;
  const fold_kernels<A>& kernels_;
  index_t cost_;
  index_t W_;  // the kernels' SIMD width

public:
  const index_t K;          // accumulator lanes of a leaf
  const index_t leaf_size;  // elements of a leaf (inner plan)

private:
  reduction_summary summary_;
  shape<R> ext_;
  std::array<int, R> role_{};
  strides_t<R> out_strides_{};
  std::size_t red_begin_ = 0, red_end_ = 0;
  index_t rows_per_leaf_ = 8;
  bool direct_ = false;  // the kernels read the leaves in place (direct_rows)
  index_t column_block_ = 0;
};

// Plans and runs one reduction. Out of line: every reduction of accumulator
// type A and rank R shares this one copy (and with
// WEFT_SEPARATE_COMPILATION, every translation unit: see the end of this
// file). Build: see simd::build.
template <class A, std::size_t R, class Build = simd::this_build>
struct reduction_loop {
  [[gnu::noinline]] static void run(const shape<R>& s, const std::array<bool, R>& reduced, void* out,
                                    const strides_t<R>& out_strides, std::span<leaf_layout<R>> leaves,
                                    const fold_kernels<A>& kernels, const result_store<A>& store,
                                    const execution_policy& policy);
};

// (Out of the class, like assignment_loop's.)
template <class A, std::size_t R, class Build>
void reduction_loop<A, R, Build>::run(const shape<R>& s, const std::array<bool, R>& reduced, void* out,
                                      const strides_t<R>& out_strides, std::span<leaf_layout<R>> leaves,
                                      const fold_kernels<A>& kernels, const result_store<A>& store,
                                      const execution_policy& policy) {
  reduction_engine<A, R>(s, reduced, out, out_strides, leaves, kernels, store, policy).run();
}

// What a reduction of `node` along `mask` hands the engine: the input's
// extents, the reduced axes, the leaves and the node's kernels for Op
// (which point at `cursor`: never copied).
template <class Op, class Node>
struct reduction_input {
  static constexpr std::size_t N = Node::rank;
  static constexpr std::size_t R = N == 0 ? 1 : N;
  using A = typename Op::acc_type;
  using cursor_type = decltype(std::declval<const Node&>().cursor());

  shape<R> extents;
  std::array<bool, R> reduced{};
  cursor_type cursor;
  std::array<leaf_layout<R>, cursor_type::leaf_count> leaves;
  fold_kernels<A> kernels;

  reduction_input(const Node& node, const axis_mask<N>& mask)
      : cursor(node.cursor()), kernels(fold_kernels_for<Op, Node>(cursor)) {
    if constexpr (N == 0) {
      extents[0] = 1;
      reduced[0] = true;
    } else {
      for (std::size_t k = 0; k < N; ++k) extents[k] = node.shape()[k], reduced[k] = mask.reduced[k];
    }
    node.for_each_leaf(leaf_collector<R>{leaves.data(), &extents});
  }
  reduction_input(const reduction_input&) = delete;
  reduction_input& operator=(const reduction_input&) = delete;

  // The engine writing finish(value) into out (strides in the input's N
  // dimensions); finish must outlive the engine.
  template <class Out, class Finish>
  reduction_engine<A, R> engine(Out* out, const strides_t<N>& out_strides, const Finish& finish,
                                const execution_policy& policy) {
    return {extents, reduced, out, in_loop(out_strides), leaves, kernels, store_for<A, Out>(finish), policy};
  }

  // Runs the reduction into out, as engine(...).run() would.
  template <class Out, class Finish>
  void run(Out* out, const strides_t<N>& out_strides, const Finish& finish, const execution_policy& policy) {
    reduction_loop<A, R>::run(extents, reduced, out, in_loop(out_strides), leaves, kernels,
                              store_for<A, Out>(finish), policy);
  }

private:
  // The result's strides in the loop's R dimensions (a rank-0 input has one).
  static strides_t<R> in_loop(const strides_t<N>& out_strides) {
    strides_t<R> st{};
    for (std::size_t k = 0; k < N; ++k) st[k] = out_strides[k];
    return st;
  }
};

#if WEFT_LOOP_INSTANCES
// The accumulators and ranks compiled once, in
// <weft/separate_compilation.hpp>'s translation unit, with
// WEFT_SEPARATE_COMPILATION (weft/config.hpp): those of sum, prod, min and
// max of float64, float32 and the 64-bit integers, and of any, all and
// count_nonzero, on ranks 1 to 3.
WEFT_LOOP_INSTANCE struct reduction_loop<double, 1>;
WEFT_LOOP_INSTANCE struct reduction_loop<double, 2>;
WEFT_LOOP_INSTANCE struct reduction_loop<double, 3>;
WEFT_LOOP_INSTANCE struct reduction_loop<float, 1>;
WEFT_LOOP_INSTANCE struct reduction_loop<float, 2>;
WEFT_LOOP_INSTANCE struct reduction_loop<float, 3>;
WEFT_LOOP_INSTANCE struct reduction_loop<std::int64_t, 1>;
WEFT_LOOP_INSTANCE struct reduction_loop<std::int64_t, 2>;
WEFT_LOOP_INSTANCE struct reduction_loop<std::int64_t, 3>;
WEFT_LOOP_INSTANCE struct reduction_loop<std::uint64_t, 1>;
WEFT_LOOP_INSTANCE struct reduction_loop<std::uint64_t, 2>;
WEFT_LOOP_INSTANCE struct reduction_loop<std::uint64_t, 3>;
WEFT_LOOP_INSTANCE struct reduction_loop<bool, 1>;
WEFT_LOOP_INSTANCE struct reduction_loop<bool, 2>;
WEFT_LOOP_INSTANCE struct reduction_loop<bool, 3>;
#endif

} // namespace weft::detail
