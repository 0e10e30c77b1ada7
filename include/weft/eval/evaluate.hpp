#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "weft/array/evaluate_fwd.hpp"
#include "weft/array/ndarray.hpp"
#include "weft/eval/plan.hpp"
#include "weft/expr/expression.hpp"
#include "weft/expr/ops/integer_math.hpp"
#include "weft/parallel/chunks.hpp"
#include "weft/simd/batch.hpp"
#include "weft/simd/streaming_store.hpp"

// The evaluator: writes an expression into a destination in one fused pass.
//   1. broadcast check (shape_error naming both shapes)
//   2. overlap check: a destination that shares memory with a source in any
//      other way than element-for-element gets a temporary
//   3. dimensions contiguous for every operand are collapsed
//   4. inner loop: SIMD when every operand's inner stride is 0 or 1 and the
//      tree has a SIMD form, tiled when operands disagree on the fast axis,
//      scalar strided otherwise
//   5. the flat iteration space is cut in chunks for oneTBB when the work is
//      worth it (parallel_cost_threshold), else one serial pass
namespace weft::detail {

// Whether a source that overlaps dst reads exactly the element being
// written at each position (a = a + 1): safe without a temporary.
template <class T, std::size_t N, class L, std::size_t M>
bool reads_same_elements(const view<T, N>& dst, const L* data, const shape<M>& leaf_shape,
                         const strides_t<M>& leaf_strides) {
  if (static_cast<const void*>(data) != static_cast<const void*>(dst.data()) || sizeof(L) != sizeof(T)) return false;
  if constexpr (N > 0) {  // (a loop to N = 0 would warn under -Wtype-limits)
    const auto st = broadcast_strides(leaf_shape, leaf_strides, dst.shape());
    for (std::size_t k = 0; k < N; ++k)
      if (dst.shape()[k] > 1 && st[k] != dst.strides()[k]) return false;
  }
  return true;
}

#if WEFT_USE_XSIMD
// One row on SIMD lanes: two batches a turn (half the loop overhead), then
// one, then a scalar tail. The cursor is copied into a local: stores through
// `out` cannot change a local whose address never escapes, so its pointers
// stay in registers (through a reference they are reloaded on every batch:
// 2.5x slower at n = 1000). Access says what the strides along the row can
// be, so that loads test no more than they must (the compiler does not
// reliably hoist those tests out of the loop itself).
template <simd::row_access Access, class T, class Cursor>
void simd_row_as(const Cursor& from, T* out, index_t len) {
  const Cursor cur = from;
  constexpr index_t W = simd::width<T>;
  index_t i = 0;
  for (; i + 2 * W <= len; i += 2 * W) {
    simd::store(out + i, cur.template load<T, Access>(i));
    simd::store(out + i + W, cur.template load<T, Access>(i + W));
  }
  for (; i + W <= len; i += W) simd::store(out + i, cur.template load<T, Access>(i));
  for (; i < len; ++i) out[i] = cur.get(i);
}

// unit_strides: no operand is broadcast along the row.
template <class T, class Cursor>
void simd_row(const Cursor& cur, T* out, index_t len, bool unit_strides) {
  if (unit_strides) simd_row_as<simd::row_access::unit>(cur, out, len);
  else simd_row_as<simd::row_access::zero_or_unit>(cur, out, len);
}
#endif

template <class T, std::size_t N, class Node>
class evaluation {
public:
  static constexpr std::size_t R = N == 0 ? 1 : N;
  using value_type = typename Node::value_type;
  using cursor_type = decltype(std::declval<const Node&>().cursor(std::declval<const shape<R>&>()));
  static constexpr std::size_t leaf_count = cursor_type::stride_arrays;

  evaluation(const view<T, N>& dst, const Node& node, const execution_policy& policy)
      : node_(node), policy_(policy) {
    // Broadcast the expression into the destination's shape (throws on mismatch).
    (void)broadcast_strides(node.shape(), strides_t<Node::rank>{}, dst.shape());
    shape<R> s;
    strides_t<R> ds{};
    for (std::size_t k = 0; k < R; ++k) s[k] = 1;
    for (std::size_t k = 0; k < N; ++k) s[k + R - N] = dst.shape()[k], ds[k + R - N] = dst.strides()[k];
    dst_data_ = dst.data();
    size_ = size_of(s);
    check_overlap(dst);
    if constexpr (N > 0)
      for (std::size_t k = 0; k < N; ++k) dst_repeats_ = dst_repeats_ || (dst.shape()[k] > 1 && dst.strides()[k] == 0);

    cursor_type full = node.cursor(s);
    std::array<const strides_t<R>*, 1 + leaf_count> arrays{&ds};
    std::size_t k = 1;
    full.visit_strides([&](const auto& st) { arrays[k++] = &st; });
    const auto c = collapse(s, arrays);
    shape_ = c.extents;
    dst_strides_ = apply_collapse(c, ds);
    cursor_ = full;
    cursor_.visit_strides([&](auto& st) { st = apply_collapse(c, st); });
    choose_inner_loop();
    choose_threads();
  }

  const plan_summary& summary() const { return summary_; }
  const shape<R>& loop_shape() const { return shape_; }

  void run() const {
    if (size_ == 0) return;
    if constexpr (R >= 2) {
      if (summary_.kind == inner_loop::tiled) {
        run_tiled();
        return;
      }
    }
    dispatch(size_, [&](index_t b, index_t e) {
      run_flat(b, e);
#if WEFT_HAS_STREAMING_STORES
      if (summary_.streaming) simd::stream_fence();
#endif
    });
  }

private:
  void run_tiled() const
    requires(R >= 2)
  {
    const index_t rows = shape_[R - 2], cols = shape_[R - 1];
    const index_t ti = (rows + tile_rows - 1) / tile_rows, tj = (cols + tile_cols - 1) / tile_cols;
    const index_t tiles = size_ / (rows * cols) * ti * tj;
    dispatch(tiles, [&](index_t b, index_t e) {
      run_tiles(b, e, ti, tj);
#if WEFT_HAS_STREAMING_STORES
      if (summary_.streaming) simd::stream_fence();
#endif
    });
  }

  template <class Body>
  void dispatch(index_t n, Body&& body) const {
    if (summary_.threads) parallel_for_chunks(n, summary_.grain, body, par);
    else body(0, n);
  }

  void check_overlap(const view<T, N>& dst) {
    const address_span mine = span_of(dst.data(), dst.shape(), dst.strides());
    node_.for_each_leaf([&](const auto* data, const auto& leaf_shape, const auto& leaf_strides) {
      if (summary_.temporary || !overlaps(mine, span_of(data, leaf_shape, leaf_strides))) return;
      dst_is_read_ = true;
      // Reading exactly the element being written is safe (a = a + 1);
      // anything else that overlaps is not (a[1:] = a[:-1], a = a.T).
      if (!reads_same_elements(dst, data, leaf_shape, leaf_strides)) {
        summary_.temporary = true;
        summary_.why_temporary = "the destination overlaps a source with another layout";
      }
    });
  }

  void choose_inner_loop() {
    const index_t inner_dst = dst_strides_[R - 1];
    bool unit = inner_dst == 1;
    bool disagree = false;  // some operand is fast along the next-to-last axis, not the last
    cursor_.visit_strides([&](const auto& st) {
      const index_t s = st[R - 1];
      if (s != 0 && s != 1) unit = false;
      if (s != 1) unit_strides_ = false;
      if constexpr (R >= 2)
        if (std::abs(s) > 1 && (st[R - 2] == 1 || st[R - 2] == -1)) disagree = true;
    });
    if constexpr (R >= 2)
      if (std::abs(inner_dst) > 1 && std::abs(dst_strides_[R - 2]) == 1) disagree = true;
    constexpr bool tree_simd = std::is_same_v<value_type, T> && Node::template simd_ok<T>;
#if WEFT_USE_XSIMD
    if constexpr (tree_simd) summary_.simd_width = simd::width<T>;
#endif
    if (!policy_.simd) summary_.why_not_simd = "the policy asks for scalar code";
    else if (!tree_simd) summary_.why_not_simd = simd_refusal();
    else if (!unit) summary_.why_not_simd = "an operand's inner stride is not 0 or 1";
    else if (shape_[R - 1] < summary_.simd_width) summary_.why_not_simd = "the inner extent is shorter than a batch";
    if (!summary_.why_not_simd) summary_.kind = inner_loop::simd;
    else if (R >= 2 && disagree && shape_[R - 1] >= min_tiled_side && shape_[R - 2] >= min_tiled_side)
      summary_.kind = inner_loop::tiled;
    else summary_.kind = inner_loop::strided;
    // Tiles run on SIMD lanes too when only the operands' strides stood in
    // the way and the destination is contiguous along the row: an operand
    // strided along the row is gathered, lane by lane, from the tile's
    // cache lines.
    const bool tiled_simd = WEFT_USE_XSIMD && tree_simd && policy_.simd && summary_.kind == inner_loop::tiled &&
                            dst_strides_[R - 1] == 1;
    if (summary_.kind != inner_loop::simd && !tiled_simd) summary_.simd_width = 1;
    choose_stores();
  }

  // Streaming stores when the destination is contiguous rows bigger than the
  // last-level cache and is not also read: its lines would be evicted before
  // anyone reads them, so reading them in first is wasted traffic.
  void choose_stores() {
    if constexpr (simd::has_streaming_stores && std::is_same_v<value_type, T> && Node::template simd_ok<T>) {
      summary_.streaming = summary_.kind != inner_loop::strided && summary_.simd_width > 1 &&
                           dst_strides_[R - 1] == 1 && !dst_is_read_ &&
                           std::size_t(size_) * sizeof(T) >= simd::streaming_threshold().load(std::memory_order_relaxed) &&
                           shape_[R - 1] >= 2 * summary_.simd_width &&
                           reinterpret_cast<std::uintptr_t>(dst_data_) % sizeof(T) == 0;
    }
  }

  static const char* simd_refusal() {
    if (!WEFT_USE_XSIMD) return "built with WEFT_USE_XSIMD=0";
    if (!std::is_same_v<value_type, T>) return "the result type differs from the destination's";
    return "an operation or element type of the expression has no SIMD form (mixed types, integer division, bool...)";
  }

  void choose_threads() {
    summary_.cost_per_element = std::max<index_t>(1, Node::cost);
    const index_t work = size_ * summary_.cost_per_element;
    const bool worth = policy_.automatic ? work >= parallel_cost_threshold : true;
    if (!policy_.threads || !worth || size_ < 2) return;  // (num_threads() takes a lock: ask only now)
    if (dst_repeats_) {  // threads would race on the shared elements; NumPy writes them in order
      summary_.why_serial = "the destination repeats elements (a stride of 0)";
      return;
    }
    summary_.num_threads = num_threads();
    summary_.threads = WEFT_USE_TBB && summary_.num_threads > 1;  // the serial backend reports a count, runs one
    if (!summary_.threads) return;
    if (policy_.grain > 0) {
      summary_.grain = policy_.grain;
      return;
    }
    // Chunks of at least a quarter of the threshold's work, at most enough
    // for 8 chunks a thread; in tiles for the tiled loop.
    const index_t unit = summary_.kind == inner_loop::tiled ? tile_rows * tile_cols : 1;
    const index_t items = size_ / unit;
    const index_t min_items = std::max<index_t>(1, parallel_cost_threshold / 4 / summary_.cost_per_element / unit);
    summary_.grain = std::max(min_items, items / (8 * summary_.num_threads));
  }

  // Visits rows of the collapsed space between flat positions b and e.
  void run_flat(index_t b, index_t e) const {
    cursor_type cur = cursor_;
    std::array<index_t, R> idx{};
    const index_t n = shape_[R - 1];
    index_t rest = b;
    for (std::size_t k = R; k-- > 0;) idx[k] = rest % shape_[k], rest /= shape_[k];
    while (b < e) {
      const index_t len = std::min(n - idx[R - 1], e - b);
      cur.seek(idx);
      T* out = dst_data_ + offset(idx, dst_strides_);
      inner(cur, out, len);
      b += len;
      idx[R - 1] = 0;
      for (std::size_t k = R - 1; k-- > 0;) {  // next row
        if (++idx[k] < shape_[k]) break;
        idx[k] = 0;
      }
    }
  }

  void run_tiles(index_t b, index_t e, index_t ti, index_t tj) const
    requires(R >= 2)
  {
    cursor_type cur = cursor_;
    const index_t rows = shape_[R - 2], cols = shape_[R - 1];
    for (index_t t = b; t < e; ++t) {
      std::array<index_t, R> idx{};
      index_t rest = t / (ti * tj);
      for (std::size_t k = R - 2; k-- > 0;) idx[k] = rest % shape_[k], rest /= shape_[k];
      const index_t i0 = (t / tj) % ti * tile_rows, j0 = t % tj * tile_cols;
      const index_t i1 = std::min(rows, i0 + tile_rows), len = std::min(cols, j0 + tile_cols) - j0;
      index_t i = i0;
#if WEFT_USE_XSIMD
      if constexpr (block_tiles) {
        if (summary_.simd_width > 1) i = run_blocks(cur, idx, i0, i1, j0, len);
      }
#endif
      for (; i < i1; ++i) {
        idx[R - 2] = i;
        idx[R - 1] = j0;
        cur.seek(idx);
        tile_row(cur, dst_data_ + offset(idx, dst_strides_), len);
      }
    }
  }

#if WEFT_USE_XSIMD
  static constexpr bool block_tiles =
      std::is_same_v<value_type, T> && Node::template simd_ok<T> && simd::has_block_transpose<T>;

  // Rows i0.. of one tile, W at a time, in W x W blocks: operands contiguous
  // down the columns are read column-wise and transposed in registers (W7:
  // about 1.5x the contiguous a + b instead of 2x with gathered lanes).
  // Leftover columns go lane by lane; returns the first row not done.
  index_t run_blocks(cursor_type& cur, std::array<index_t, R>& idx, index_t i0, index_t i1, index_t j0,
                     index_t len) const
    requires(R >= 2 && block_tiles)
  {
    constexpr index_t W = simd::width<T>;
    const index_t down = dst_strides_[R - 2];
    index_t i = i0;
    for (; i + W <= i1; i += W) {
      idx[R - 2] = i;
      idx[R - 1] = j0;
      cur.seek(idx);
      T* out = dst_data_ + offset(idx, dst_strides_);
      bool stream = false;
#if WEFT_HAS_STREAMING_STORES
      stream = summary_.streaming && reinterpret_cast<std::uintptr_t>(out) % simd::stream_alignment<T> == 0 &&
               (down * index_t(sizeof(T))) % index_t(simd::stream_alignment<T>) == 0;
#endif
      index_t j = 0;
      for (; j + W <= len; j += W) {
        const auto block = cur.template load_block<T, std::size_t(W)>(j);
        for (index_t r = 0; r < W; ++r) {
#if WEFT_HAS_STREAMING_STORES
          if (stream) {
            simd::stream(out + r * down + j, block[std::size_t(r)]);
            continue;
          }
#endif
          simd::store(out + r * down + j, block[std::size_t(r)]);
        }
      }
      for (index_t r = 0; j < len && r < W; ++r) {  // the columns left over
        idx[R - 2] = i + r;
        idx[R - 1] = j0 + j;
        cur.seek(idx);
        strided_row(cur, out + r * down + j, len - j);
      }
    }
    return i;
  }
#endif

  void tile_row(const cursor_type& cur, T* out, index_t len) const {
#if WEFT_USE_XSIMD
    if constexpr (std::is_same_v<value_type, T> && Node::template simd_ok<T>) {
      if (summary_.simd_width > 1) {
        lanes_row<simd::row_access::any>(cur, out, len);
        return;
      }
    }
#endif
    strided_row(cur, out, len);
  }

  void inner(const cursor_type& cur, T* out, index_t len) const {
#if WEFT_USE_XSIMD
    if constexpr (std::is_same_v<value_type, T> && Node::template simd_ok<T>) {
      if (summary_.kind == inner_loop::simd) {
        if (unit_strides_) lanes_row<simd::row_access::unit>(cur, out, len);
        else lanes_row<simd::row_access::zero_or_unit>(cur, out, len);
        return;
      }
    }
#endif
    strided_row(cur, out, len);
  }

#if WEFT_USE_XSIMD
  // A row on SIMD lanes, streamed when the plan says so.
  template <simd::row_access Access>
  void lanes_row(const cursor_type& cur, T* out, index_t len) const {
#if WEFT_HAS_STREAMING_STORES
    if (summary_.streaming && len >= 2 * simd::width<T>) {
      streamed_row<Access>(cur, out, len);
      return;
    }
#endif
    simd_row_as<Access>(cur, out, len);
  }
#endif

#if WEFT_HAS_STREAMING_STORES
  // One ordinary unaligned batch at the start, then aligned streamed batches
  // from the first aligned element (the overlap is computed twice, the same
  // way), then one ordinary batch ending at the row's end.
  template <simd::row_access Access>
  void streamed_row(const cursor_type& cur, T* out, index_t len) const {
    constexpr index_t W = simd::width<T>;
    constexpr auto align = simd::stream_alignment<T>;
    simd::store(out, cur.template load<T, Access>(0));
    const auto misalign = reinterpret_cast<std::uintptr_t>(out) % align;
    index_t i = misalign == 0 ? 0 : index_t((align - misalign) / sizeof(T));
    for (; i + W <= len; i += W) simd::stream(out + i, cur.template load<T, Access>(i));
    if (i < len) simd::store(out + len - W, cur.template load<T, Access>(len - W));
  }
#endif

  // Values of another type convert like astype: safe_cast, no undefined
  // behaviour for NaN or out-of-range floats stored into integers.
  void strided_row(const cursor_type& cur, T* out, index_t len) const {
    const index_t s = dst_strides_[R - 1];
    if (s == 1) {
      for (index_t i = 0; i < len; ++i) out[i] = safe_cast<T>(cur.get(i));
    } else {
      for (index_t i = 0; i < len; ++i) out[i * s] = safe_cast<T>(cur.get(i));
    }
  }

  static index_t offset(const std::array<index_t, R>& idx, const strides_t<R>& st) {
    index_t off = 0;
    for (std::size_t k = 0; k < R; ++k) off += idx[k] * st[k];
    return off;
  }

  const Node& node_;
  execution_policy policy_;
  plan_summary summary_;
  shape<R> shape_;
  strides_t<R> dst_strides_{};
  cursor_type cursor_;
  T* dst_data_ = nullptr;
  index_t size_ = 0;
  bool dst_repeats_ = false;  // a dimension of extent > 1 with stride 0
  bool dst_is_read_ = false;  // some source overlaps the destination
  bool unit_strides_ = true;  // every leaf's inner stride is 1 (none broadcast along the row)
};

// A shortcut for small rank-1 work (W12: `out = a + b` with n = 1000): a
// contiguous destination, operands read at unit or zero stride, too little
// work for threads (or streaming), no overlap other than reading the element
// being written. The plan would be one SIMD row; building it costs about a
// fifth of the row itself at n = 1000, so the row runs without it.
// False when it does not apply.
template <class T, std::size_t N, class Node>
bool try_small_row(const view<T, N>& dst, const Node& node, const execution_policy& policy) {
#if WEFT_USE_XSIMD
  if constexpr (N == 1 && Node::rank == 1 && std::is_same_v<typename Node::value_type, T> &&
                Node::template simd_ok<T>) {
    const index_t n = dst.shape()[0];
    const index_t cost = std::max<index_t>(1, Node::cost);
    if (!policy.simd || dst.strides()[0] != 1 || n < simd::width<T> || n * cost >= parallel_cost_threshold) return false;
    if (policy.threads && !policy.automatic) return false;  // par, par_simd: the caller asked for chunks
    if (node.shape()[0] != n && node.shape()[0] != 1) return false;  // (the evaluator's shape_error)
    bool safe = true;
    const address_span mine = span_of(dst.data(), dst.shape(), dst.strides());
    node.for_each_leaf([&](const auto* data, const auto& leaf_shape, const auto& leaf_strides) {
      if (safe && overlaps(mine, span_of(data, leaf_shape, leaf_strides)))
        safe = reads_same_elements(dst, data, leaf_shape, leaf_strides);
    });
    if (!safe) return false;
    auto cur = node.cursor(dst.shape());
    bool unit = true, unit_strides = true;
    cur.visit_strides([&](const auto& st) {
      unit = unit && (st[0] == 0 || st[0] == 1);
      unit_strides = unit_strides && st[0] == 1;
    });
    if (!unit) return false;
    cur.seek(std::array<index_t, 1>{0});
    simd_row(cur, dst.data(), n, unit_strides);
    return true;
  }
#endif
  (void)dst, (void)node, (void)policy;
  return false;
}

// Runs `node` into dst, through a temporary when they overlap.
template <class T, std::size_t N, class Node>
void evaluate_node(const view<T, N>& dst, const Node& node, const execution_policy& policy) {
  if (try_small_row(dst, node, policy)) return;
  evaluation<T, N, Node> ev(dst, node, policy);
  if (!ev.summary().temporary) {
    ev.run();
    return;
  }
  ndarray<T, N> tmp(dst.shape(), uninitialized);
  evaluation<T, N, Node>(tmp.as_view(), node, policy).run();
  // tmp is fresh memory: a plain copy (view::assign would check overlap again,
  // and its overlap branch does not compile for bool, std::vector<bool> having no data()).
  strided_copy(dst.data(), dst.strides(), tmp.data(), tmp.strides(), dst.shape());
}

template <class T, std::size_t N, class E>
void evaluate_into(const view<T, N>& dst, const E& expr, const execution_policy& policy) {
  static_assert(lazy_expression<E>, "weft: evaluate_into takes expression nodes");
  evaluate_node(dst, expr, policy);
}

} // namespace weft::detail
