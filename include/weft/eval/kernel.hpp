#pragma once
// The only part of an assignment compiled once per expression: its row
// kernels. Each computes the elements of one row (or of a few rows, for a
// block) from the leaves' rows that the loop hands it (leaf_rows) into the
// destination. Everything around them, from planning to threads, is in
// eval/traverse.hpp, compiled once per rank and reaching the kernels through
// the function pointers of row_kernels, as NumPy's iterator reaches a
// ufunc's inner loops.
#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "weft/core/index.hpp"
#include "weft/expr/leaf.hpp"
#include "weft/expr/ops/integer_math.hpp"
#include "weft/simd/batch.hpp"
#include "weft/simd/streaming_store.hpp"

namespace weft::detail {

// An expression's kernels for one destination type, untyped so that the loop
// is not templated on either. `cursor` is the expression's cursor; each call
// copies it and binds the copy to the rows it is given.
struct row_kernels {
  using strided_fn = void (*)(const void* cursor, const leaf_rows& at, void* out, index_t out_stride, index_t len);
  using lanes_fn = void (*)(const void* cursor, const leaf_rows& at, void* out, index_t len, bool stream);

  const void* cursor = nullptr;
  // Any row: values converted to the destination's type as astype does,
  // stored out_stride elements apart.
  strided_fn strided = nullptr;
  // A contiguous destination row on SIMD lanes, every leaf contiguous (the
  // loop stages the others: leaf_row_buffer::unit); null when the
  // expression has no SIMD form for the destination's type (why_not_simd
  // says why). `stream`: non-temporal stores, for an `out` aligned to
  // simd::stream_alignment.
  lanes_fn lanes = nullptr;
  index_t simd_width = 1;  // the destination type's lanes, when `lanes` is there
  const char* why_not_simd = nullptr;
  std::size_t element_size = 0;  // the destination's
  index_t cost = 1;              // per element, in adds (decides threads)
};

// The kernels of cursor type Cursor writing into T. `Cheap`: a
// memory-bound expression (a few adds per element), whose SIMD loop takes
// two batches a step.
template <class T, class Cursor, bool Cheap>
struct row_kernel_set {
  static bool all_unit(const leaf_rows& at) {
    for (std::size_t k = 0; k < Cursor::leaf_count; ++k)
      if (at.inner[k] != 1) return false;
    return true;
  }

  static Cursor bound(const void* cursor, const leaf_rows& at) {
    Cursor cur = *static_cast<const Cursor*>(cursor);
    std::size_t k = 0;
    cur.bind(at, k);
    return cur;
  }

  // Values of another type convert like astype: safe_cast, no undefined
  // behaviour for NaN or out-of-range floats stored into integers.
  static void strided(const void* cursor, const leaf_rows& at, void* out_bytes, index_t s, index_t len) {
    const Cursor cur = bound(cursor, at);
    T* out = static_cast<T*>(out_bytes);
    if (s == 1) {
      for (index_t i = 0; i < len; ++i) out[i] = safe_cast<T>(cur.get(i));
    } else {
      for (index_t i = 0; i < len; ++i) out[i * s] = safe_cast<T>(cur.get(i));
    }
  }

#if WEFT_USE_XSIMD
  // One row on SIMD lanes, then a scalar tail. With `stream`, out is
  // aligned for streaming stores (the loop peels the head) and the batches
  // go around the caches. The cursor is a local whose address never
  // escapes, so stores through `out` cannot change it and its pointers stay
  // in registers (through a reference they are reloaded on every batch:
  // 2.5x slower at n = 1000). Compile time is per copy of the expression's
  // SIMD body, so only cheap (memory-bound) expressions get a second loop,
  // for rows where every leaf is contiguous: two batches a step and one
  // index for all leaves took W12 (n = 1000) from 1.3x to 1x of the hand
  // loop's time, and would do nothing for sin or exp.
  static void lanes(const void* cursor, const leaf_rows& at, void* out_bytes, index_t len, bool stream) {
    const Cursor cur = bound(cursor, at);
    T* out = static_cast<T*>(out_bytes);
    constexpr index_t W = simd::width<T>;
    index_t i = 0;
    if constexpr (Cheap)
      if (!stream && all_unit(at))
        for (; i + 2 * W <= len; i += 2 * W) {
          const simd::batch<T> v0 = cur.template load<T, true>(i), v1 = cur.template load<T, true>(i + W);
          simd::store(out + i, v0);
          simd::store(out + i + W, v1);
        }
    for (; i + W <= len; i += W) {
      const simd::batch<T> v = cur.template load<T>(i);
#if WEFT_HAS_STREAMING_STORES
      if (stream) {
        simd::stream(out + i, v);
        continue;
      }
#endif
      simd::store(out + i, v);
    }
    (void)stream;
    for (; i < len; ++i) out[i] = cur.get(i);
  }
#endif
};

// Why a node whose values are V cannot run on SIMD lanes into T, or null.
template <class T, class Node>
constexpr const char* simd_refusal() {
  if (!WEFT_USE_XSIMD) return "built with WEFT_USE_XSIMD=0";
  if (!std::is_same_v<typename Node::value_type, T>) return "the result type differs from the destination's";
  if (!Node::template simd_ok<T>)
    return "an operation or element type of the expression has no SIMD form (mixed types, integer division, bool...)";
  return nullptr;
}

// Per element, in adds: at most this, an expression is bound by memory.
inline constexpr int cheap_expression_cost = 4;

// The table of a kernel set (Set::strided, and Set::lanes when Lanes) whose
// destination, or first destination, is of type T.
template <class Set, class T, bool Lanes, class Cursor>
row_kernels kernel_table(const Cursor& cursor, int cost, const char* why_not_simd) {
  row_kernels k;
  k.cursor = &cursor;
  k.strided = &Set::strided;
  k.element_size = sizeof(T);
  k.cost = std::max(1, cost);
  k.why_not_simd = why_not_simd;
#if WEFT_USE_XSIMD
  if constexpr (Lanes) {
    k.lanes = &Set::lanes;
    k.simd_width = simd::width<T>;
  }
#endif
  return k;
}

// The kernels of `node` writing into T; `cursor` (node.cursor()) must
// outlive every use of the result.
template <class T, class Node, class Cursor>
row_kernels row_kernels_for(const Cursor& cursor) {
  using set = row_kernel_set<T, Cursor, (Node::cost <= cheap_expression_cost)>;
  constexpr const char* refusal = simd_refusal<T, Node>();
  return kernel_table<set, T, refusal == nullptr>(cursor, Node::cost, refusal);
}

} // namespace weft::detail
