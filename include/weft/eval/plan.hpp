#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdlib>
#include <string>

#include "weft/array/strided_copy.hpp"
#include "weft/core/policy.hpp"
#include "weft/core/shape.hpp"
#include "weft/parallel/threads.hpp"
#include "weft/simd/batch.hpp"

// Loop planning: how one evaluation will run. Pure decisions on shapes and
// strides, shared by the evaluator and explain().
namespace weft::detail {

// Elements times the per-element cost (in adds) above which an evaluation
// is split over threads: about 30 µs of serial work on this class of machine,
// well above what waking oneTBB's workers costs.
inline constexpr index_t parallel_cost_threshold = index_t(1) << 16;
// Tiles used when operands disagree on the fast axis (a.T + b), rows along
// the next-to-last axis by columns along the last. A row of a tile touches
// one cache line of each operand that is fast along the rows, and those
// lines are reused by the next rows: tile_cols lines must stay in L1.
// Operands fast along the columns read runs of tile_cols elements, the
// others runs of tile_rows: long runs keep the prefetchers and the TLB busy
// on few pages.
inline constexpr index_t tile_rows = 256;
inline constexpr index_t tile_cols = 256;
// Below this extent on either axis the plain strided loop is as good.
inline constexpr index_t min_tiled_side = 32;

enum class inner_loop { simd, strided, tiled };

inline const char* to_string(inner_loop k) {
  switch (k) {
    case inner_loop::simd: return "SIMD";
    case inner_loop::strided: return "scalar strided";
    case inner_loop::tiled: return "tiled";
  }
  return "?";
}

// Collapses dimensions that are contiguous for every operand: `arrays`
// holds the strides of the destination and of every leaf, in the output's
// dimensions. Dimensions of extent 1 are dropped; the result is right
// aligned in R dimensions (leading extents 1).
template <std::size_t R>
struct collapsed_layout {
  shape<R> extents;
  std::array<std::size_t, R> source{};  // which original dimension's strides each dimension keeps
  int dims = 0;                         // dimensions left with extent > 1
};

template <std::size_t R, class Strides>
collapsed_layout<R> collapse(const shape<R>& s, const Strides& arrays) {
  // Dimensions that matter (extent != 1), outermost first.
  std::array<std::size_t, R> keep{};
  std::size_t n = 0;
  for (std::size_t k = 0; k < R; ++k)
    if (s[k] != 1) keep[n++] = k;
  std::array<index_t, R> ext{};
  std::array<std::size_t, R> src{};
  std::size_t m = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t k = keep[i];
    if (m > 0) {
      const std::size_t inner = src[m - 1];  // the previous kept dim is outer of k
      bool mergeable = true;
      // Merging the group ending at `inner` with k: inner's stride must be k's stride times k's extent.
      for (const auto* st : arrays)
        if ((*st)[inner] != (*st)[k] * s[k]) mergeable = false;
      if (mergeable) {
        ext[m - 1] *= s[k];
        src[m - 1] = k;
        continue;
      }
    }
    ext[m] = s[k];
    src[m] = k;
    ++m;
  }
  collapsed_layout<R> out;
  for (auto& e : out.extents) e = 1;
  for (std::size_t k = 0; k < R; ++k) out.source[k] = src[m > 0 ? 0 : 0];
  const std::size_t offset = R - m;
  for (std::size_t i = 0; i < m; ++i) {
    out.extents[offset + i] = ext[i];
    out.source[offset + i] = src[i];
  }
  out.dims = static_cast<int>(m);
  return out;
}

template <std::size_t R>
strides_t<R> apply_collapse(const collapsed_layout<R>& c, const strides_t<R>& st) {
  strides_t<R> out{};
  const std::size_t offset = R - static_cast<std::size_t>(c.dims);
  for (std::size_t k = offset; k < R; ++k) out[k] = st[c.source[k]];
  return out;
}

// What the evaluator decided, as explain() prints it.
// No strings here: the evaluator fills this on every assignment, and a
// 1000-element a + b must not pay for text it never prints.
struct plan_summary {
  inner_loop kind = inner_loop::strided;
  const char* why_not_simd = nullptr;  // null when the inner loop is SIMD
  index_t simd_width = 1;
  bool streaming = false;  // non-temporal stores (a destination bigger than the last-level cache)
  bool threads = false;
  const char* why_serial = nullptr;  // set when the work would be worth threads but cannot have them
  index_t grain = 0;
  int num_threads = 1;
  bool temporary = false;
  const char* why_temporary = "";
  index_t cost_per_element = 1;
};

} // namespace weft::detail
