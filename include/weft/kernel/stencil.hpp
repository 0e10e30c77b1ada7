#pragma once
// weft::stencil: Numba's @stencil. A kernel written with offsets relative to
// the element it computes, applied at every element of a 1-D to 3-D array:
//
//   auto laplace = weft::stencil([](const auto& a) {
//     return 0.25 * (a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1));
//   });
//   weft::ndarray<double, 2> next = laplace(grid);       // or laplace(grid, out)
//
// The neighbourhood (how far the offsets reach along each axis) is found by
// calling the kernel with an accessor that records the offsets (a few times,
// with different values, so that a read behind && or ?: is seen too), or
// given explicitly, as a kernel whose reads depend on values otherwise must:
// laplace.with_neighbourhood({{-1, 1}, {-1, 1}}). Where the neighbourhood
// leaves the array, the border mode decides (stencil_border.hpp): by
// default, as in Numba, those outputs are 0 and the kernel is not applied;
// weft::stencil(fn, weft::border::wrap) or .with_border(...) for others.
//
// The interior runs on threads and, when the kernel is generic (it also
// compiles with SIMD batches, as weft:: math and arithmetic do), the array's
// last axis is contiguous and the result type is the element type, on SIMD
// lanes: consecutive elements of a row at once. Borders run element by
// element. weft::scalar_only keeps a generic kernel off SIMD lanes. The
// result dtype is what the kernel returns; lazy expressions given as input
// are evaluated once first. An output that overlaps the input is written
// through a temporary.
#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "weft/array/ndarray.hpp"
#include "weft/array/strided_copy.hpp"
#include "weft/array/view.hpp"
#include "weft/core/errors.hpp"
#include "weft/core/policy.hpp"
#include "weft/eval/plan.hpp"
#include "weft/expr/expression.hpp"
#include "weft/kernel/kernel_node.hpp"
#include "weft/kernel/readable.hpp"
#include "weft/kernel/stencil_access.hpp"
#include "weft/kernel/stencil_border.hpp"
#include "weft/kernel/vectorize.hpp"
#include "weft/parallel/chunks.hpp"
#include "weft/simd/batch.hpp"

namespace weft {

namespace detail {

template <class Fn, class T, std::size_t N>
using stencil_result_t = std::remove_cvref_t<std::invoke_result_t<const Fn&, const interior_accessor<T, N>&>>;

template <class Fn, class T, std::size_t N>
constexpr bool stencil_runs_on_lanes() {
#if WEFT_USE_XSIMD
  if constexpr (!std::is_floating_point_v<T> || !simd::lane_type<T> || !std::is_same_v<stencil_result_t<Fn, T, N>, T>)
    return false;
  else if constexpr (!std::is_invocable_v<const Fn&, const lanes_accessor<T, N>&>)
    return false;
  else
    return std::is_same_v<std::remove_cvref_t<std::invoke_result_t<const Fn&, const lanes_accessor<T, N>&>>,
                          simd::batch<T>>;
#else
  return false;
#endif
}

// One stencil application: input, output, the interior box [lo, hi).
template <class Fn, bool Lanes, class T, class R, std::size_t N>
class stencil_run {
public:
  static constexpr bool lanes = [] {
    if constexpr (!Lanes) return false;  // (never instantiate fn with batches then)
    else return stencil_runs_on_lanes<Fn, T, N>();
  }();

  stencil_run(const Fn& fn, view<const T, N> in, view<R, N> out, const stencil_extent<N>& ext, stencil_border mode)
      : fn_(fn), in_(in), out_(out), mode_(mode), ext_(ext) {
    for (std::size_t k = 0; k < N; ++k) {
      const index_t n = in.shape()[k];
      lo_[k] = std::min(n, -ext.lo[k]);
      hi_[k] = std::max(lo_[k], n - ext.hi[k]);
    }
  }

  void interior(const execution_policy& policy) const {
    index_t rows = 1;
    for (std::size_t k = 0; k + 1 < N; ++k) rows *= hi_[k] - lo_[k];
    const index_t inner = hi_[N - 1] - lo_[N - 1];
    const index_t total = rows * inner;
    if (total == 0) return;
    const bool simd_row = lanes && policy.simd && in_.strides()[N - 1] == 1 && out_.strides()[N - 1] == 1;
    const index_t grain = std::max<index_t>(64, parallel_cost_threshold / 4 / user_kernel_cost);
    parallel_for_chunks(
        total, grain,
        [&](index_t b, index_t e) {
          while (b < e) {
            const index_t r = b / inner, j0 = b % inner, len = std::min(inner - j0, e - b);
            std::array<index_t, N> at{};
            index_t rest = r;
            for (std::size_t k = N - 1; k-- > 0;) {
              const index_t extent = hi_[k] - lo_[k];
              at[k] = lo_[k] + rest % extent;
              rest /= extent;
            }
            at[N - 1] = lo_[N - 1] + j0;
            if (simd_row) row_on_lanes(at, len);
            else row_scalar(at, len);
            b += len;
          }
        },
        policy);
  }

  // Every element outside the interior box, one at a time.
  void border() const {
    const index_t n_last = in_.shape()[N - 1];
    index_t rows = 1;
    for (std::size_t k = 0; k + 1 < N; ++k) rows *= in_.shape()[k];
    if (n_last == 0) return;
    std::array<index_t, N> at{};
    for (index_t r = 0; r < rows; ++r) {
      index_t rest = r;
      bool inside = true;
      for (std::size_t k = N - 1; k-- > 0;) {
        at[k] = rest % in_.shape()[k];
        rest /= in_.shape()[k];
        inside = inside && at[k] >= lo_[k] && at[k] < hi_[k];
      }
      if (inside) {
        for (index_t j = 0; j < lo_[N - 1]; ++j) border_element(at, j);
        for (index_t j = hi_[N - 1]; j < n_last; ++j) border_element(at, j);
      } else {
        for (index_t j = 0; j < n_last; ++j) border_element(at, j);
      }
    }
  }

private:
  template <class V>
  static index_t offset(const V& v, const std::array<index_t, N>& at) {
    index_t off = 0;
    for (std::size_t k = 0; k < N; ++k) off += at[k] * v.strides()[k];
    return off;
  }

  void row_scalar(const std::array<index_t, N>& at, index_t len) const {
    const T* src = in_.data() + offset(in_, at);
    R* dst = out_.data() + offset(out_, at);
    const index_t is = in_.strides()[N - 1], os = out_.strides()[N - 1];
    for (index_t i = 0; i < len; ++i)
      dst[i * os] = static_cast<R>(fn_(interior_accessor<T, N>{src + i * is, &in_.strides(), &ext_}));
  }

  void row_on_lanes(const std::array<index_t, N>& at, index_t len) const {
#if WEFT_USE_XSIMD
    if constexpr (lanes) {
      const T* src = in_.data() + offset(in_, at);
      R* dst = out_.data() + offset(out_, at);
      constexpr index_t W = simd::width<T>;
      index_t i = 0;
      for (; i + W <= len; i += W) simd::store(dst + i, fn_(lanes_accessor<T, N>{src + i, &in_.strides(), &ext_}));
      for (; i < len; ++i) dst[i] = static_cast<R>(fn_(interior_accessor<T, N>{src + i, &in_.strides(), &ext_}));
      return;
    }
#endif
    row_scalar(at, len);
  }

  void border_element(std::array<index_t, N>& at, index_t j) const {
    at[N - 1] = j;
    R& dst = out_.data()[offset(out_, at)];
    if (mode_.kind == border_kind::constant) dst = static_cast<R>(mode_.value);
    else dst = static_cast<R>(fn_(border_accessor<T, N>{in_.data(), &in_.shape(), &in_.strides(), at, mode_, &ext_}));
  }

  const Fn& fn_;
  view<const T, N> in_;
  view<R, N> out_;
  stencil_border mode_;
  stencil_extent<N> ext_;
  std::array<index_t, N> lo_{}, hi_{};
};

} // namespace detail

// The stencil object weft::stencil returns (see the top of this file).
template <class Fn, bool Lanes>
class stencil_kernel {
public:
  stencil_kernel(Fn fn, stencil_border mode) : fn_(std::move(fn)), mode_(mode) {}

  stencil_kernel with_border(stencil_border mode) const {
    stencil_kernel k = *this;
    k.mode_ = mode;
    return k;
  }
  // Numba's neighborhood: {lowest, highest} offset per axis, e.g.
  // {{-1, 1}, {-2, 0}}; reads outside it are not allowed.
  template <std::size_t N>
  stencil_kernel with_neighbourhood(const index_t (&bounds)[N][2]) const {
    static_assert(N >= 1 && N <= 3, "weft::stencil: arrays of 1 to 3 dimensions");
    stencil_kernel k = *this;
    k.rank_ = N;
    for (std::size_t d = 0; d < N; ++d) {
      if (bounds[d][0] > 0 || bounds[d][1] < 0 || bounds[d][0] > bounds[d][1])
        throw value_error("stencil neighbourhood: axis " + std::to_string(d) + " must have lowest <= 0 <= highest");
      k.given_[d] = {bounds[d][0], bounds[d][1]};
    }
    return k;
  }

  // A new array with the kernel applied at every element.
  template <expression E>
  auto operator()(E&& a, const execution_policy& policy = auto_policy) const {
    const auto in = detail::read_operand(std::forward<E>(a), policy);
    const auto v = in.get();
    using V = decltype(v);
    using T = typename V::value_type;
    using R = detail::stencil_result_t<Fn, T, V::rank>;
    ndarray<R, V::rank> out(v.shape(), uninitialized);
    run(v, out.as_view(), policy);
    return out;
  }

  // Writes into out (same shape as a).
  template <expression E, class Out>
    requires(!std::is_same_v<std::remove_cvref_t<Out>, execution_policy> && requires(Out& o) { o.as_view(); })
  void operator()(E&& a, Out&& out, const execution_policy& policy = auto_policy) const {
    const auto in = detail::read_operand(std::forward<E>(a), policy);
    const auto v = in.get();
    const auto o = out.as_view();
    if (o.shape() != v.shape())
      throw shape_error("stencil: output of shape " + to_string(o.shape()) + " for input of shape " +
                        to_string(v.shape()));
    using R = std::remove_const_t<typename decltype(o)::value_type>;
    if (detail::overlaps(detail::span_of(o.data(), o.shape(), o.strides()),
                         detail::span_of(v.data(), v.shape(), v.strides()))) {
      ndarray<R, decltype(o)::rank> tmp(o.shape(), uninitialized);
      run(v, tmp.as_view(), policy);
      detail::strided_copy(o.data(), o.strides(), tmp.data(), tmp.strides(), o.shape());
      return;
    }
    run(v, o, policy);
  }

  const Fn& function() const { return fn_; }
  stencil_border border_mode() const { return mode_; }
  // How far the kernel reads along each axis of an array of T and rank N:
  // {lowest, highest} offset per axis, recorded or as given.
  template <class T, std::size_t N>
  std::array<std::array<index_t, 2>, N> neighbourhood() const {
    const detail::stencil_extent<N> e = extent<T, N>();
    std::array<std::array<index_t, 2>, N> out{};
    for (std::size_t k = 0; k < N; ++k) out[k] = {e.lo[k], e.hi[k]};
    return out;
  }

private:
  template <class T, class R, std::size_t N>
  void run(view<const T, N> in, view<R, N> out, const execution_policy& policy) const {
    static_assert(N >= 1 && N <= 3, "weft::stencil: arrays of 1 to 3 dimensions");
    static_assert(std::is_arithmetic_v<detail::stencil_result_t<Fn, T, N>>,
                  "weft::stencil: the kernel must return an arithmetic value");
    const detail::stencil_run<Fn, Lanes, T, R, N> r(fn_, in, out, extent<T, N>(), mode_);
    r.interior(policy);
    r.border();
  }

  template <class T, std::size_t N>
  detail::stencil_extent<N> extent() const {
    detail::stencil_extent<N> e;
    if (rank_ == 0) {
      for (int pattern = 0; pattern < detail::recording_patterns; ++pattern)
        (void)fn_(detail::recording_accessor<T, N>{&e, pattern});
      return e;
    }
    if (rank_ != N)
      throw value_error("stencil: the neighbourhood has " + std::to_string(rank_) + " axes, the array " +
                        std::to_string(N));
    for (std::size_t k = 0; k < N; ++k) e.lo[k] = given_[k][0], e.hi[k] = given_[k][1];
    return e;
  }

  Fn fn_;
  stencil_border mode_;
  std::size_t rank_ = 0;  // axes of an explicit neighbourhood, 0 when recorded
  std::array<std::array<index_t, 2>, 3> given_{};
};

template <class Fn>
auto stencil(Fn fn, stencil_border mode = border::constant) {
  return stencil_kernel<Fn, true>(std::move(fn), mode);
}
template <class Fn>
auto stencil(Fn fn, scalar_only_t, stencil_border mode = border::constant) {
  return stencil_kernel<Fn, false>(std::move(fn), mode);
}

} // namespace weft
