#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>

#include "weft/core/errors.hpp"
#include "weft/core/shape.hpp"

// Layout arithmetic behind transpose, reshape and diagonal: pure functions of
// shapes and strides, no data.
namespace weft::detail {

// Resolves one -1 in a requested shape, checks the element count.
template <std::size_t N, std::size_t M>
shape<M> resolve_reshape(const shape<N>& from, const shape<M>& requested) {
  shape<M> out = requested;
  int unknown = -1;
  index_t known = 1;
  for (std::size_t k = 0; k < M; ++k) {
    if (out[k] == -1) {
      if (unknown >= 0) throw value_error("can only specify one unknown dimension (-1) in reshape");
      unknown = static_cast<int>(k);
    } else if (out[k] < 0) {
      throw value_error("negative dimension in reshape target " + to_string(requested));
    } else {
      known *= out[k];
    }
  }
  const index_t total = size_of(from);
  auto fail = [&] {
    return shape_error("cannot reshape array of shape " + to_string(from) + " into shape " + to_string(requested));
  };
  if (unknown >= 0) {
    if (known == 0 || total % known != 0) throw fail();
    out[static_cast<std::size_t>(unknown)] = total / known;
  }
  if (checked_size(out) != total) throw fail();
  return out;
}

// Strides for viewing (from, from_strides) as `to` without copying, or none
// when the layout does not allow it (NumPy's attempt_nocopy_reshape).
template <std::size_t N, std::size_t M>
std::optional<strides_t<M>> reshape_strides(const shape<N>& from, const strides_t<N>& from_strides,
                                            const shape<M>& to) {
  if (size_of(from) == 0) return row_major_strides(to);
  // Dimensions of extent 1 carry no layout information: drop them.
  std::array<index_t, N + 1> od{}, os{};
  std::size_t on = 0;
  for (std::size_t k = 0; k < N; ++k)
    if (from[k] != 1) od[on] = from[k], os[on] = from_strides[k], ++on;
  strides_t<M> ns{};
  std::size_t oi = 0, oj = 1, ni = 0, nj = 1;
  while (ni < M && oi < on) {
    index_t np = to[ni], op = od[oi];
    while (np != op) {
      if (np < op) np *= to[nj++];
      else op *= od[oj++];
    }
    // The old dimensions oi..oj-1 must be one contiguous run.
    for (std::size_t ok = oi; ok + 1 < oj; ++ok)
      if (os[ok] != od[ok + 1] * os[ok + 1]) return std::nullopt;
    ns[nj - 1] = os[oj - 1];
    for (std::size_t nk = nj - 1; nk > ni; --nk) ns[nk - 1] = ns[nk] * to[nk];
    ni = nj++;
    oi = oj++;
  }
  const index_t last = ni > 0 ? ns[ni - 1] : 1;
  for (std::size_t nk = ni; nk < M; ++nk) ns[nk] = last;
  return ns;
}

// Checks that `axes` is a permutation of 0..N-1.
template <std::size_t N>
void check_permutation(const std::array<std::size_t, N>& axes) {
  std::array<bool, N> seen{};
  for (std::size_t a : axes) {
    if (a >= N || seen[a]) throw value_error("axes " + format_tuple(axes) + " are not a permutation of the " +
                                             std::to_string(N) + " axes of the array");
    seen[a] = true;
  }
}

struct diagonal_layout {
  index_t offset, length, stride;
};

// NumPy's diagonal(k) of a 2-D layout: k > 0 above the main diagonal.
inline diagonal_layout diagonal_of(const shape<2>& s, const strides_t<2>& st, index_t k) {
  index_t row = k >= 0 ? 0 : -k, col = k >= 0 ? k : 0;
  index_t length = std::min(s[0] - row, s[1] - col);
  if (length <= 0) return {0, 0, st[0] + st[1]};
  return {row * st[0] + col * st[1], length, st[0] + st[1]};
}

} // namespace weft::detail
