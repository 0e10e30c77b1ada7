#pragma once
// Block partitions over the ranks, as NumPy's array_split cuts: n elements
// in p blocks, the first n % p blocks one element longer, any n (0 too).
//
//   weft::mpi::block_partition part(1000, world);   // or (n, parts)
//   part.begin(r), part.end(r), part.count(r), part.owner(i)
//   auto [local, offset] = weft::mpi::local_part(x, world);   // this rank's rows of x
//   weft::shape<2> mine = weft::mpi::local_shape(weft::shape{n, m}, world);
//
// Arrays are split along axis 0; the other axes stay whole.
#include <algorithm>
#include <cstddef>
#include <string>

#include "weft/array/view.hpp"
#include "weft/core/errors.hpp"
#include "weft/core/shape.hpp"
#include "weft/mpi/communicator.hpp"

namespace weft::mpi {

class block_partition {
public:
  block_partition(index_t n, int parts) : n_(n), parts_(parts) {
    if (n < 0) throw value_error("weft::mpi::block_partition: negative size " + std::to_string(n));
    if (parts < 1) throw value_error("weft::mpi::block_partition: " + std::to_string(parts) + " parts");
    q_ = n / parts;
    r_ = n % parts;
  }
  block_partition(index_t n, const communicator& comm) : block_partition(n, comm.size()) {}

  index_t total() const { return n_; }
  int parts() const { return parts_; }
  index_t begin(int p) const { return index_t(p) * q_ + std::min<index_t>(p, r_); }
  index_t end(int p) const { return begin(p + 1); }
  index_t count(int p) const { return q_ + (p < r_ ? 1 : 0); }
  // The block that holds element i (0 <= i < total()).
  int owner(index_t i) const {
    const index_t long_part = (q_ + 1) * r_;
    if (i < long_part) return static_cast<int>(i / (q_ + 1));
    return static_cast<int>(r_ + (i - long_part) / q_);
  }

private:
  index_t n_, q_ = 0, r_ = 0;
  int parts_;
};

// A rank's part of a global array: its rows, and where they start.
template <class T, std::size_t N>
struct block_view {
  view<T, N> local;
  index_t offset;  // the global index of local's first row along axis 0
};

namespace detail {

// Rows [b, e) of v along axis 0.
template <class T, std::size_t N>
view<T, N> rows_of(const view<T, N>& v, index_t b, index_t e) {
  shape<N> s = v.shape();
  s[0] = e - b;
  return view<T, N>(v.data() + b * v.strides()[0], s, v.strides());
}

} // namespace detail

// This rank's rows of an array that every rank holds whole (a view into it).
template <class A>
  requires requires(A& a) { a.as_view(); }
auto local_part(A& global, const communicator& comm) {
  const auto v = global.as_view();
  using V = decltype(v);
  static_assert(V::rank >= 1, "weft::mpi::local_part: an array of rank 1 or more (split along axis 0)");
  const block_partition part(v.shape()[0], comm);
  const int r = comm.rank();
  return block_view<typename V::element_type, V::rank>{detail::rows_of(v, part.begin(r), part.end(r)),
                                                       part.begin(r)};
}

// The shape of this rank's block of an array of the global shape.
template <std::size_t N>
shape<N> local_shape(const shape<N>& global, const communicator& comm) {
  static_assert(N >= 1, "weft::mpi::local_shape: a shape of rank 1 or more (split along axis 0)");
  shape<N> s = global;
  s[0] = block_partition(global[0], comm).count(comm.rank());
  return s;
}

} // namespace weft::mpi
