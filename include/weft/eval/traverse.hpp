#pragma once
// The loop around an assignment's row kernels, compiled once per rank, not
// once per expression:
//   1. overlap check: a destination that shares memory with a source in any
//      other way than element-for-element needs a temporary (the caller
//      makes it: the element type is the caller's)
//   2. dimensions contiguous for every operand are collapsed
//   3. inner loop: SIMD when every operand's inner stride is 0 or 1 and the
//      expression has a SIMD form, tiled when operands disagree on the fast
//      axis, scalar strided otherwise; streaming stores for big destinations
//   4. the flat iteration space is cut in chunks for oneTBB when the work is
//      worth it (parallel_cost_threshold), else one serial pass
// The expression is seen only through its leaves' layouts (leaf_layout) and
// its kernels (row_kernels, eval/kernel.hpp).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <type_traits>

#include "weft/array/aligned_buffer.hpp"
#include "weft/array/strided_copy.hpp"
#include "weft/core/policy.hpp"
#include "weft/core/shape.hpp"
#include "weft/eval/kernel.hpp"
#include "weft/eval/leaves.hpp"
#include "weft/eval/plan.hpp"
#include "weft/parallel/chunks.hpp"
#include "weft/simd/batch.hpp"
#include "weft/simd/streaming_store.hpp"

namespace weft::detail {

// The destination in the loop's R dimensions (leading extents of 1 when the
// destination has rank 0).
template <std::size_t R>
struct destination {
  char* data = nullptr;
  std::size_t element_size = 0;
  shape<R> extents;
  strides_t<R> strides{};
};

// Whether a source that overlaps dst reads exactly the element being
// written at each position (a = a + 1): safe without a temporary.
template <std::size_t R>
bool reads_same_elements(const destination<R>& dst, const leaf_layout<R>& leaf) {
  if (leaf.base != dst.data || leaf.element_size != dst.element_size) return false;
  for (std::size_t k = 0; k < R; ++k)
    if (dst.extents[k] > 1 && leaf.strides[k] != dst.strides[k]) return false;
  return true;
}

template <std::size_t R>
address_span span_of(const destination<R>& d) {
  return span_of(d.data, d.element_size, d.extents, d.strides);
}
template <std::size_t R>
address_span span_of(const leaf_layout<R>& leaf, const shape<R>& extents) {
  return span_of(leaf.base, leaf.element_size, extents, leaf.strides);
}

// How the destination overlaps the sources: `read` when it shares memory
// with one, `needs_temporary` when one reads it in any other way than the
// element being written at each position (a[1:] = a[:-1], a = a.T; but not
// a = a + 1).
struct overlap {
  bool read = false;
  bool needs_temporary = false;
};
template <std::size_t R>
overlap overlap_of(const destination<R>& dst, std::type_identity_t<std::span<const leaf_layout<R>>> leaves) {
  overlap o;
  const address_span mine = span_of(dst);
  for (const leaf_layout<R>& leaf : leaves) {
    if (!overlaps(mine, span_of(leaf, dst.extents))) continue;
    o.read = true;
    if (!reads_same_elements(dst, leaf)) {
      o.needs_temporary = true;
      break;
    }
  }
  return o;
}

// Elements a SIMD row takes at a time when some leaf must be staged into a
// buffer (broadcast or strided along the row): 8 KiB of doubles per leaf.
inline constexpr index_t staging_segment = 1024;

// The plan of one assignment, and the loop that runs it. The leaves are the
// caller's, collapsed in place; the kernels' cursor must outlive run().
template <std::size_t R>
class traversal {
public:
  traversal(const destination<R>& dst, std::span<leaf_layout<R>> leaves, const row_kernels& kernels,
            const execution_policy& policy)
      : dst_(dst), leaves_(leaves), kernels_(kernels), policy_(policy) {
    size_ = size_of(dst.extents);
    // (With a temporary, assignment_loop plans again into it: this plan is explain's.)
    const overlap o = overlap_of(dst_, leaves_);
    dst_is_read_ = o.read;
    if (o.needs_temporary) {
      summary_.temporary = true;
      summary_.why_temporary = "the destination overlaps a source with another layout";
    }
    for (std::size_t k = 0; k < R; ++k) dst_repeats_ = dst_repeats_ || (dst.extents[k] > 1 && dst.strides[k] == 0);
    collapse_dimensions();
    choose_inner_loop();
    choose_stores();
    choose_threads();
  }

  const plan_summary& summary() const { return summary_; }
  const shape<R>& loop_shape() const { return dst_.extents; }

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
      fence();
    });
  }

private:
  void fence() const {
#if WEFT_HAS_STREAMING_STORES
    if (summary_.streaming) simd::stream_fence();
#endif
  }

  template <class Body>
  void dispatch(index_t n, Body&& body) const {
    if (summary_.threads) for_chunks(n, summary_.grain, body, par);
    else body(0, n);
  }

  void collapse_dimensions() {
    small_buffer<const strides_t<R>*> arrays(1 + leaves_.size());
    const strides_t<R>** all = arrays.data();
    all[0] = &dst_.strides;
    for (std::size_t k = 0; k < leaves_.size(); ++k) all[k + 1] = &leaves_[k].strides;
    const auto c = collapse(dst_.extents, std::span<const strides_t<R>* const>(all, 1 + leaves_.size()));
    dst_.extents = c.extents;
    dst_.strides = apply_collapse(c, dst_.strides);
    for (leaf_layout<R>& leaf : leaves_) leaf.strides = apply_collapse(c, leaf.strides);
  }

  void choose_inner_loop() {
    const index_t inner_dst = dst_.strides[R - 1];
    bool unit = inner_dst == 1;
    bool disagree = false;  // some operand is fast along the next-to-last axis, not the last
    for (const leaf_layout<R>& leaf : leaves_) {
      const index_t s = leaf.strides[R - 1];
      if (s != 0 && s != 1) unit = false;
      if constexpr (R >= 2)
        if (std::abs(s) > 1 && (leaf.strides[R - 2] == 1 || leaf.strides[R - 2] == -1)) disagree = true;
    }
    if constexpr (R >= 2)
      if (std::abs(inner_dst) > 1 && std::abs(dst_.strides[R - 2]) == 1) disagree = true;
    const bool tree_simd = kernels_.why_not_simd == nullptr;
    summary_.simd_width = tree_simd ? kernels_.simd_width : 1;
    if (!policy_.simd) summary_.why_not_simd = "the policy asks for scalar code";
    else if (!tree_simd) summary_.why_not_simd = kernels_.why_not_simd;
    else if (!unit) summary_.why_not_simd = "an operand's inner stride is not 0 or 1";
    else if (dst_.extents[R - 1] < summary_.simd_width)
      summary_.why_not_simd = "the inner extent is shorter than a batch";
    const bool tileable = R >= 2 && dst_.extents[R - 1] >= min_tiled_side &&
                          dst_.extents[R >= 2 ? R - 2 : 0] >= min_tiled_side;
    if (!summary_.why_not_simd) summary_.kind = inner_loop::simd;
    else if (disagree && tileable) summary_.kind = inner_loop::tiled;
    else summary_.kind = inner_loop::strided;
    // Tiles run on SIMD lanes too when only the operands' strides stood in
    // the way and the destination is contiguous along the row: an operand
    // strided along the row is staged, a tile row at a time, from the
    // tile's cache lines (leaf_row_buffer).
    const bool tiled_simd =
        tree_simd && policy_.simd && summary_.kind == inner_loop::tiled && dst_.strides[R - 1] == 1;
    if (summary_.kind != inner_loop::simd && !tiled_simd) summary_.simd_width = 1;
  }

  // Streaming stores when the destination is contiguous rows bigger than the
  // last-level cache and is not also read: its lines would be evicted before
  // anyone reads them, so reading them in first is wasted traffic.
  void choose_stores() {
    summary_.streaming = simd::has_streaming_stores && summary_.kind != inner_loop::strided &&
                         summary_.simd_width > 1 && dst_.strides[R - 1] == 1 && !dst_is_read_ &&
                         std::size_t(size_) * dst_.element_size >=
                             simd::streaming_threshold().load(std::memory_order_relaxed) &&
                         dst_.extents[R - 1] >= 2 * summary_.simd_width &&
                         reinterpret_cast<std::uintptr_t>(dst_.data) % dst_.element_size == 0;
  }

  void choose_threads() {
    summary_.cost_per_element = kernels_.cost;
    const index_t work = size_ * summary_.cost_per_element;
    const bool worth = policy_.automatic ? work >= parallel_cost_threshold : true;
    if (!policy_.threads || !worth || size_ < 2) return;  // (num_threads() takes a lock: ask only now)
    if (dst_repeats_) {  // threads would race on the shared elements; NumPy writes them in order
      summary_.why_serial = "the destination repeats elements (a stride of 0)";
      return;
    }
    summary_.num_threads = num_threads();
    summary_.threads = WEFT_USE_TBB && summary_.num_threads > 1;  // the serial backend reports a count, runs one
    if (!summary_.threads) {  // (the same words as a reduction's explain)
      summary_.why_serial = WEFT_USE_TBB ? "weft::num_threads() is 1" : "built with WEFT_USE_TBB=0";
      return;
    }
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

  char* destination_at(const std::array<index_t, R>& idx) const {
    return dst_.data + offset_of(idx, dst_.strides) * index_t(dst_.element_size);
  }

  // Row r of the last stage(): len elements on SIMD lanes into a contiguous
  // destination. A streamed row (long enough) first takes the elements up to
  // the first aligned one with ordinary stores, then streams from there.
  void lanes_row(leaf_row_buffer<R>& rows, index_t r, char* out, index_t len) const {
    const leaf_rows& at = rows.unit(r);
#if WEFT_HAS_STREAMING_STORES
    if (summary_.streaming && len >= 2 * summary_.simd_width) {
      constexpr auto align = simd::stream_alignment<double>;  // (a register's bytes, whatever the type)
      const auto misalign = reinterpret_cast<std::uintptr_t>(out) % align;
      const index_t head = misalign == 0 ? 0 : index_t((align - misalign) / dst_.element_size);
      if (head > 0) kernels_.lanes(kernels_.cursor, at, out, head, false);
      kernels_.lanes(kernels_.cursor, rows.advance(head), out + head * index_t(dst_.element_size), len - head, true);
      return;
    }
#endif
    kernels_.lanes(kernels_.cursor, at, out, len, false);
  }

  // The row at rows.seek(): on SIMD lanes (in segments, when some leaf must
  // be staged) or by the strided kernel.
  void row(leaf_row_buffer<R>& rows, char* out, index_t len, bool lanes) const {
    if (!lanes) {
      kernels_.strided(kernels_.cursor, rows.plain(), out, dst_.strides[R - 1], len);
      return;
    }
    if (!rows.gathers()) {
      lanes_row(rows, 0, out, len);
      return;
    }
    for (index_t from = 0; from < len; from += staging_segment) {
      const index_t n = std::min(staging_segment, len - from);
      rows.stage(from, n);
      lanes_row(rows, 0, out + from * index_t(dst_.element_size), n);
    }
  }

  // Visits rows of the collapsed space between flat positions b and e.
  void run_flat(index_t b, index_t e) const {
    leaf_row_buffer<R> rows(leaves_, staging_segment);
    std::array<index_t, R> idx{};
    const index_t n = dst_.extents[R - 1];
    index_t rest = b;
    for (std::size_t k = R; k-- > 0;) idx[k] = rest % dst_.extents[k], rest /= dst_.extents[k];
    const bool lanes = summary_.kind == inner_loop::simd;
    while (b < e) {
      const index_t len = std::min(n - idx[R - 1], e - b);
      rows.seek(idx);
      row(rows, destination_at(idx), len, lanes);
      b += len;
      idx[R - 1] = 0;
      for (std::size_t k = R - 1; k-- > 0;) {  // next row
        if (++idx[k] < dst_.extents[k]) break;
        idx[k] = 0;
      }
    }
  }

  void run_tiled() const
    requires(R >= 2)
  {
    const index_t rows = dst_.extents[R - 2], cols = dst_.extents[R - 1];
    const index_t ti = (rows + tile_rows - 1) / tile_rows, tj = (cols + tile_cols - 1) / tile_cols;
    const index_t tiles = size_ / (rows * cols) * ti * tj;
    dispatch(tiles, [&](index_t b, index_t e) {
      run_tiles(b, e, ti, tj);
      fence();
    });
  }

  // Whether a leaf is read down the columns, 8 bytes at a time, where four
  // rows can be staged at once through register transposes.
  bool blocks_pay() const {
    if (simd::has_transpose_4x4)
      for (const leaf_layout<R>& leaf : leaves_)
        if (leaf.element_size == 8 && leaf.strides[R - 1] > 1 && leaf.strides[R >= 2 ? R - 2 : 0] == 1) return true;
    return false;
  }

  void run_tiles(index_t b, index_t e, index_t ti, index_t tj) const
    requires(R >= 2)
  {
    const index_t rows = dst_.extents[R - 2], cols = dst_.extents[R - 1];
    const bool lanes = summary_.simd_width > 1;  // (the destination is contiguous along the row)
    constexpr index_t B = 4;
    const bool blocks = lanes && blocks_pay();
    leaf_row_buffer<R> one(leaves_, tile_cols);
    leaf_row_buffer<R> four(blocks ? leaves_ : std::span<const leaf_layout<R>>{}, tile_cols, B);
    for (index_t t = b; t < e; ++t) {
      std::array<index_t, R> idx{};
      index_t rest = t / (ti * tj);
      for (std::size_t k = R - 2; k-- > 0;) idx[k] = rest % dst_.extents[k], rest /= dst_.extents[k];
      const index_t i0 = (t / tj) % ti * tile_rows, j0 = t % tj * tile_cols;
      const index_t i1 = std::min(rows, i0 + tile_rows), len = std::min(cols, j0 + tile_cols) - j0;
      index_t i = i0;
      idx[R - 1] = j0;
      if (blocks)
        for (; i + B <= i1; i += B) {  // four rows staged at once (a.T transposed in registers)
          idx[R - 2] = i;
          four.seek(idx);
          four.stage(0, len);
          for (index_t r = 0; r < B; ++r) {
            std::array<index_t, R> at = idx;
            at[R - 2] = i + r;
            lanes_row(four, r, destination_at(at), len);
          }
        }
      for (; i < i1; ++i) {
        idx[R - 2] = i;
        one.seek(idx);
        row(one, destination_at(idx), len, lanes);
      }
    }
  }

  destination<R> dst_;
  std::span<leaf_layout<R>> leaves_;
  const row_kernels& kernels_;
  execution_policy policy_;
  plan_summary summary_;
  index_t size_ = 0;
  bool dst_repeats_ = false;  // a dimension of extent > 1 with stride 0
  bool dst_is_read_ = false;  // some source overlaps the destination
};

// A shortcut for small rank-1 work (W12: `out = a + b` with n = 1000): a
// contiguous destination, operands read at unit stride, too little work for
// threads (or streaming), no overlap other than reading the element being
// written. The plan would be one SIMD row; building it costs about a fifth
// of the row itself at n = 1000, so the row runs without it. False when it
// does not apply.
[[gnu::always_inline]] inline bool try_small_row(const destination<1>& dst, std::span<const leaf_layout<1>> leaves,
                                                 const row_kernels& kernels, const execution_policy& policy) {
  const index_t n = dst.extents[0];
  if (!policy.simd || !kernels.lanes || dst.strides[0] != 1 || n < kernels.simd_width ||
      n * kernels.cost >= parallel_cost_threshold)
    return false;
  if (policy.threads && !policy.automatic) return false;  // par, par_simd: the caller asked for chunks
  if (leaves.size() > direct_rows<1>::most) return false;  // more leaves take the planned loop
  const address_span mine = span_of(dst);
  for (const leaf_layout<1>& leaf : leaves) {
    if (leaf.strides[0] != 1) return false;
    if (overlaps(mine, span_of(leaf, dst.extents)) && !reads_same_elements(dst, leaf)) return false;
  }
  kernels.lanes(kernels.cursor, direct_rows<1>(leaves, {0}).at, dst.data, n, false);
  return true;
}

// Copies a temporary's elements into dst (same extents; the temporary is
// contiguous), by element size.
template <class U, std::size_t R>
void copy_elements(const destination<R>& dst, const char* from) {
  strided_copy(reinterpret_cast<U*>(dst.data), dst.strides, reinterpret_cast<const U*>(from),
               row_major_strides(dst.extents), dst.extents);
}

// An assignment: the leaves into dst through the kernels, through a
// temporary when they overlap. Out of line: every expression of rank R
// shares this one copy (and with WEFT_SEPARATE_COMPILATION, every
// translation unit: see the end of this file). Build: see simd::build.
template <std::size_t R, class Build = simd::this_build>
struct assignment_loop {
  [[gnu::noinline]] static void run(const destination<R>& dst, std::span<leaf_layout<R>> leaves,
                                    const row_kernels& kernels, const execution_policy& policy);
};

// (Defined out of the class, so that an extern template declaration of the
// class keeps it out of the translation unit.)
template <std::size_t R, class Build>
void assignment_loop<R, Build>::run(const destination<R>& dst, std::span<leaf_layout<R>> leaves,
                                    const row_kernels& kernels, const execution_policy& policy) {
  if constexpr (R == 1)
    if (try_small_row(dst, leaves, kernels, policy)) return;
  if (!overlap_of(dst, leaves).needs_temporary) {
    traversal<R>(dst, leaves, kernels, policy).run();
    return;
  }
  // Into fresh memory (it overlaps nothing), then copied over.
  const index_t n = size_of(dst.extents);
  aligned_buffer<unsigned char> tmp(n * index_t(dst.element_size));
  destination<R> into{reinterpret_cast<char*>(tmp.data()), dst.element_size, dst.extents,
                      row_major_strides(dst.extents)};
  traversal<R>(into, leaves, kernels, policy).run();
  switch (dst.element_size) {
    case 1: copy_elements<std::uint8_t>(dst, into.data); break;
    case 2: copy_elements<std::uint16_t>(dst, into.data); break;
    case 4: copy_elements<std::uint32_t>(dst, into.data); break;
    default: copy_elements<std::uint64_t>(dst, into.data); break;
  }
}

#if WEFT_LOOP_INSTANCES
// The ranks compiled once, in <weft/separate_compilation.hpp>'s translation
// unit, with WEFT_SEPARATE_COMPILATION (weft/config.hpp).
WEFT_LOOP_INSTANCE struct assignment_loop<1>;
WEFT_LOOP_INSTANCE struct assignment_loop<2>;
WEFT_LOOP_INSTANCE struct assignment_loop<3>;
WEFT_LOOP_INSTANCE struct assignment_loop<4>;
#endif

} // namespace weft::detail
