#pragma once
// The leaves of an expression as the loops see them, whatever the
// expression: where each leaf's elements are and its strides in the loop's
// dimensions. Shared by assignment (eval/traverse.hpp) and reductions
// (reduce/engine.hpp), which are compiled once per rank, not per expression.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

#include <span>

#include "weft/core/broadcast.hpp"
#include "weft/core/shape.hpp"
#include "weft/expr/leaf.hpp"
#include "weft/simd/transpose.hpp"

namespace weft::detail {

// One leaf of the expression: where its elements are and its strides (in
// elements) in the loop's R dimensions (0 along broadcast ones).
template <std::size_t R>
struct leaf_layout {
  const char* base = nullptr;
  std::size_t element_size = 0;
  strides_t<R> strides{};
};

// Fills leaf layouts from a node's for_each_leaf, broadcasting each leaf's
// strides to `to`. (A named type rather than a lambda, so that its
// instantiations are shared by every expression.)
template <std::size_t R>
struct leaf_collector {
  leaf_layout<R>* next;
  const shape<R>* to;
  template <class L, std::size_t M>
  void operator()(const L* data, const shape<M>& s, const strides_t<M>& st) {
    *next++ = {reinterpret_cast<const char*>(data), sizeof(L), broadcast_strides(s, st, *to)};
  }
};

// n values of T: on the stack up to 16, else on the heap (a loop's per-leaf
// scratch; expressions of more than 16 leaves are rare).
template <class T>
class small_buffer {
public:
  explicit small_buffer(std::size_t n) : heap_(n > inline_size ? std::make_unique<T[]>(n) : nullptr) {}
  T* data() { return heap_ ? heap_.get() : local_; }
  const T* data() const { return heap_ ? heap_.get() : local_; }

private:
  static constexpr std::size_t inline_size = 16;
  T local_[inline_size];
  std::unique_ptr<T[]> heap_;
};

template <std::size_t R>
index_t offset_of(const std::array<index_t, R>& idx, const strides_t<R>& st) {
  index_t off = 0;
  for (std::size_t k = 0; k < R; ++k) off += idx[k] * st[k];
  return off;
}

// The leaves' rows at one position, each read in place at its own inner
// stride, on the stack: for loops that visit many short runs (a reduction's
// leaves) when no leaf needs staging. Up to `most` leaves.
template <std::size_t R>
struct direct_rows {
  static constexpr std::size_t most = 8;
  std::array<const void*, most> row;
  std::array<index_t, most> inner;
  leaf_rows at;

  direct_rows(std::span<const leaf_layout<R>> leaves, const std::array<index_t, R>& idx) {
    for (std::size_t k = 0; k < leaves.size(); ++k) {
      row[k] = leaves[k].base + offset_of(idx, leaves[k].strides) * index_t(leaves[k].element_size);
      inner[k] = leaves[k].strides[R - 1];
    }
    at = {row.data(), inner.data(), nullptr};
  }
  direct_rows(const direct_rows&) = delete;
  direct_rows& operator=(const direct_rows&) = delete;
};

// Where the leaves' rows are, as the loops hand them to kernels (leaf_rows):
// for B rows at a time (the rows of a tile block, B apart along the
// next-to-last axis; usually B = 1), each leaf's row pointer, set by seek().
//
// plain(r) gives the rows as they are, with their own strides (the scalar
// kernels read any stride). unit(r) gives them as the SIMD kernels read
// them, at inner stride 1 or 0: a leaf of inner stride 1 in place, a
// broadcast leaf (stride 0) from one cache line of copies of its value (a
// kernel's loads at stride 0 then read whole batches of it), any other leaf
// from a buffer of its gathered elements (transposed in registers, four rows
// at once, when it is contiguous down the columns). Gathered leaves are
// staged in segments (stage(from, len), len <= segment) when gathers() is
// true; otherwise unit() is ready after seek(). This is what keeps one SIMD
// kernel per expression, whatever the operands' layouts: the copies are
// compiled once, per element size, here.
template <std::size_t R>
class leaf_row_buffer {
public:
  // segment: the most elements stage() takes at a time.
  explicit leaf_row_buffer(std::span<const leaf_layout<R>> leaves, index_t segment = 1024, index_t block = 1,
                           bool broadcast_lines = true)
      : leaves_(leaves), n_(leaves.size()), segment_(segment), block_(block), rows_(n_ * std::size_t(block)),
        staged_(n_ * std::size_t(block)), inner_(n_), down_(n_), unit_inner_(n_), offsets_(n_) {
    std::size_t bytes = 0;
    for (std::size_t k = 0; k < n_; ++k) {
      const index_t inner = leaves[k].strides[R - 1];
      inner_.data()[k] = inner;
      down_.data()[k] = R >= 2 ? leaves[k].strides[R >= 2 ? R - 2 : 0] : 0;
      const bool line = inner == 0 && broadcast_lines;
      unit_inner_.data()[k] = line ? 0 : 1;
      offsets_.data()[k] = bytes;
      if (line) {  // B lines of copies
        bytes += std::size_t(block) * sizeof(stage_line);
      } else if (inner != 1) {  // B rows of `segment` elements, on a cache line
        bytes += (std::size_t(block) * std::size_t(segment) * leaves[k].element_size + 63) / 64 * 64;
        gathers_ = true;
      }
    }
    if (bytes > 0) buffer_ = std::make_unique<stage_line[]>(bytes / 64);  // (zeroed)
  }
  leaf_row_buffer(const leaf_row_buffer&) = delete;
  leaf_row_buffer& operator=(const leaf_row_buffer&) = delete;

  // Whether some leaf is strided along the row (unit() then needs stage()).
  bool gathers() const { return gathers_; }

  // The leaves' rows at position idx (and the B - 1 rows after it along the
  // next-to-last axis); returns plain(0). Broadcast leaves are ready for
  // unit(), and so is every leaf unless gathers().
  const leaf_rows& seek(std::array<index_t, R> idx) {
    for (index_t r = 0; r < block_; ++r) {
      const void** rows = rows_.data() + std::size_t(r) * n_;
      const void** staged = staged_.data() + std::size_t(r) * n_;
      for (std::size_t k = 0; k < n_; ++k) {
        const char* row = leaves_[k].base + offset_of(idx, leaves_[k].strides) * index_t(leaves_[k].element_size);
        rows[k] = row;
        const index_t inner = inner_.data()[k];
        if (inner == 1) staged[k] = row;
        else if (unit_inner_.data()[k] == 0) staged[k] = copies_of(k, r, row);
      }
      if constexpr (R >= 2) ++idx[R - 2];
    }
    plain_ = {rows_.data(), inner_.data(), down_.data()};
    return plain_;
  }

  // Row r as it is: each leaf at its own strides.
  const leaf_rows& plain(index_t r = 0) {
    plain_ = {rows_.data() + std::size_t(r) * n_, inner_.data(), down_.data()};
    return plain_;
  }

  // Elements [from, from + len) of the B rows (len <= segment), for unit(r).
  void stage(index_t from, index_t len) {
    for (std::size_t k = 0; k < n_; ++k) {
      const index_t inner = inner_.data()[k];
      if (unit_inner_.data()[k] == 0) continue;  // (a line of copies since seek())
      const std::size_t size = leaves_[k].element_size;
      for (index_t r = 0; r < block_; ++r) {
        const char* row = static_cast<const char*>(rows_.data()[std::size_t(r) * n_ + k]);
        const void*& staged = staged_.data()[std::size_t(r) * n_ + k];
        if (inner == 1) {
          staged = row + from * index_t(size);
          continue;
        }
        char* buf = buffer_row(k, r);
        staged = buf;
        if (inner == 0) fill(buf, row, size, len);
        else if (!transposable(k)) gather(buf, row + from * inner * index_t(size), inner * index_t(size), size, len);
        else if (r == 0) transpose_rows(k, from, len);  // (all four rows at once)
      }
    }
  }

  // Row r of the last seek() or stage(), every leaf at inner stride 1 or 0.
  const leaf_rows& unit(index_t r = 0) {
    unit_ = {staged_.data() + std::size_t(r) * n_, unit_inner_.data(), nullptr};
    return unit_;
  }

  // Moves the rows of the last unit() n elements along.
  const leaf_rows& advance(index_t n) {
    const void** rows = const_cast<const void**>(unit_.row);
    for (std::size_t k = 0; k < n_; ++k)
      rows[k] = static_cast<const char*>(rows[k]) + n * unit_inner_.data()[k] * index_t(leaves_[k].element_size);
    return unit_;
  }

private:
  struct alignas(64) stage_line {
    unsigned char bytes[64];
  };

  // Row r of leaf k's buffer.
  char* buffer_row(std::size_t k, index_t r) const {
    return reinterpret_cast<char*>(buffer_.get()) + offsets_.data()[k] +
           std::size_t(r) * std::size_t(segment_) * leaves_[k].element_size;
  }

  // Four rows of a leaf of 8-byte elements contiguous down the columns
  // (a.T in a.T + b), read four columns at a time and transposed in
  // registers.
  bool transposable(std::size_t k) const {
    return simd::has_transpose_4x4 && block_ == 4 && leaves_[k].element_size == 8 && down_.data()[k] == 1 &&
           inner_.data()[k] != 0;
  }

  void transpose_rows(std::size_t k, index_t from, index_t len) {
    const index_t step = inner_.data()[k] * 8;
    const char* col = static_cast<const char*>(rows_.data()[k]) + from * step;  // rows r = 0..3 at col + 8 r
    char* const out[4] = {buffer_row(k, 0), buffer_row(k, 1), buffer_row(k, 2), buffer_row(k, 3)};
    for (index_t j = simd::transpose_4_rows(col, step, out, len); j < len; ++j)
      for (index_t r = 0; r < 4; ++r) std::memcpy(out[r] + 8 * j, col + j * step + 8 * r, 8);
  }

  // Leaf k's line of copies of the value at `value`, for row r: filled
  // only when the value changes (whole rows of W9's col[:, newaxis] share
  // one). The buffer starts zeroed, which is a line of copies of zero.
  const char* copies_of(std::size_t k, index_t r, const char* value) {
    char* line = reinterpret_cast<char*>(buffer_.get()) + offsets_.data()[k] + std::size_t(r) * sizeof(stage_line);
    const std::size_t size = leaves_[k].element_size;
    if (!same_bytes(line, value, size)) fill(line, value, size, index_t(sizeof(stage_line) / size));
    return line;
  }
  static bool same_bytes(const char* a, const char* b, std::size_t size) {
    for (std::size_t t = 0; t < size; ++t)
      if (a[t] != b[t]) return false;
    return true;
  }

  // Copies of elements as bytes of a given size: compiled per size, not per type.
  template <class U>
  static void fill_as(char* buf, const char* value, index_t len) {
    U v;
    std::memcpy(&v, value, sizeof(U));
    U* out = reinterpret_cast<U*>(buf);
    for (index_t t = 0; t < len; ++t) out[t] = v;
  }
  template <class U>
  static void gather_as(char* buf, const char* from, index_t step, index_t len) {
    U* out = reinterpret_cast<U*>(buf);
    for (index_t t = 0; t < len; ++t) std::memcpy(out + t, from + t * step, sizeof(U));
  }
  static void fill(char* buf, const char* value, std::size_t size, index_t len) {
    switch (size) {
      case 1: fill_as<std::uint8_t>(buf, value, len); break;
      case 2: fill_as<std::uint16_t>(buf, value, len); break;
      case 4: fill_as<std::uint32_t>(buf, value, len); break;
      default: fill_as<std::uint64_t>(buf, value, len); break;
    }
  }
  static void gather(char* buf, const char* from, index_t step, std::size_t size, index_t len) {
    switch (size) {
      case 1: gather_as<std::uint8_t>(buf, from, step, len); break;
      case 2: gather_as<std::uint16_t>(buf, from, step, len); break;
      case 4: gather_as<std::uint32_t>(buf, from, step, len); break;
      default: gather_as<std::uint64_t>(buf, from, step, len); break;
    }
  }

  std::span<const leaf_layout<R>> leaves_;
  std::size_t n_;
  index_t segment_, block_;
  small_buffer<const void*> rows_, staged_;
  small_buffer<index_t> inner_, down_, unit_inner_;
  small_buffer<std::size_t> offsets_;
  std::unique_ptr<stage_line[]> buffer_;
  bool gathers_ = false;
  leaf_rows plain_{}, unit_{};
};

} // namespace weft::detail
