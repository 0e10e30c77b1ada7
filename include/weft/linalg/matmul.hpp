#pragma once
// weft::matmul(a, b [, out] [, policy]): NumPy's `a @ b`.
//   2-D @ 2-D          (m, k) @ (k, n) -> (m, n)
//   N-D stacks         the last two dimensions are matrices, the others are
//                      broadcast: (8, 1, m, k) @ (5, k, n) -> (8, 5, m, n)
//   1-D operands       a 1-D a is a row (k,) -> (1, k) and a 1-D b a column,
//                      the added dimension removed from the result;
//                      1-D @ 1-D is the scalar dot product
//   types              promote_t of the two (NumPy's rules; integers wrap in
//                      their type, bool @ bool is any(a and b))
//   errors             shape_error naming both shapes when k differs or the
//                      stacks do not broadcast
// Float and double matrix products run on a CBLAS library when weft is
// built with one (WEFT_USE_BLAS=1), on weft's blocked SIMD kernel with
// threads otherwise (gemm.hpp); matmul_backend() says which. Matrix-vector
// products (a 1-D operand) are sums along an axis, like weft::dot. Integer
// and bool products use a row-at-a-time loop on threads.
#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

#include "weft/array/strided_copy.hpp"
#include "weft/core/errors.hpp"
#include "weft/core/promotion.hpp"
#include "weft/linalg/blas.hpp"
#include "weft/linalg/gemm.hpp"
#include "weft/reduce/linalg.hpp"
#include "weft/reduce/reducer.hpp"

namespace weft {

// What runs weft::matmul's float and double matrix products.
inline std::string matmul_backend() {
  if constexpr (detail::blas::available) {
    std::string name = "CBLAS (cblas_dgemm and cblas_sgemm";
#ifdef OPENBLAS_VERSION
    std::string version = OPENBLAS_VERSION;  // " OpenBLAS 0.3.21 "
    version.erase(0, version.find_first_not_of(' '));
    version.erase(version.find_last_not_of(' ') + 1);
    name += ", " + version;
#endif
    name += ")";
#if WEFT_USE_BLAS
    if (detail::blas::detuned())
      return "weft's blocked kernel on " + detail::simd::arch_name() + " lanes: the " + name + " runs generic " +
             detail::blas::core_name() +
             " kernels on this CPU, which has AVX2 (an OpenBLAS older than the CPU); OPENBLAS_CORETYPE=Haswell or "
             "SkylakeX makes it choose again";
#endif
    return name;
  } else {
    return "weft's blocked kernel on " + detail::simd::arch_name() + " lanes (no BLAS: WEFT_USE_BLAS=0)";
  }
}

namespace detail {

template <std::size_t NA, std::size_t NB>
inline constexpr std::size_t matmul_rank = (NA == 1 && NB == 1) ? 0 : (NA == 1 || NB == 1) ? std::max(NA, NB) - 1
                                                                                            : std::max(NA, NB);

// An operand as a rank-R stack of matrices: the last two dimensions the
// matrix (a 1-D operand becomes a row or a column), the others right-aligned
// and padded with extent 1.
template <std::size_t R>
struct stack_layout {
  std::array<index_t, R> extent{};
  std::array<index_t, R> stride{};
};

template <std::size_t R, std::size_t N>
stack_layout<R> as_stack(const shape<N>& s, const strides_t<N>& st, bool is_left) {
  stack_layout<R> out;
  out.extent.fill(1);
  if constexpr (N == 1) {
    const std::size_t vector_at = is_left ? R - 1 : R - 2;  // (1, k) or (k, 1)
    out.extent[vector_at] = s[0];
    out.stride[vector_at] = st[0];
  } else {
    for (std::size_t d = 0; d < N; ++d) {
      out.extent[R - N + d] = s[d];
      out.stride[R - N + d] = st[d];
    }
  }
  return out;
}

template <std::size_t NA, std::size_t NB>
[[noreturn]] void throw_matmul_shapes(const shape<NA>& a, const shape<NB>& b, const std::string& why) {
  throw shape_error("matmul: shapes " + to_string(a) + " and " + to_string(b) + " " + why);
}

// The result's shape, after NumPy's checks.
template <std::size_t NA, std::size_t NB>
shape<matmul_rank<NA, NB>> matmul_shape(const shape<NA>& a, const shape<NB>& b) {
  const index_t ka = a[NA - 1], kb = b[NB == 1 ? 0 : NB - 2];
  if (ka != kb)
    throw_matmul_shapes(a, b, "not aligned: " + std::to_string(ka) + " (dim " + std::to_string(NA - 1) +
                                  ") != " + std::to_string(kb) + " (dim " + std::to_string(NB == 1 ? 0 : NB - 2) + ")");
  constexpr std::size_t R = std::max({NA, NB, std::size_t{2}});
  constexpr std::size_t M = matmul_rank<NA, NB>;
  shape<M> out{};
  // Batch dimensions, right-aligned.
  constexpr std::size_t BA = NA > 2 ? NA - 2 : 0, BB = NB > 2 ? NB - 2 : 0, batch = R - 2;
  for (std::size_t d = 0; d < batch; ++d) {
    const index_t ea = d + BA >= batch ? a[d + BA - batch] : 1;
    const index_t eb = d + BB >= batch ? b[d + BB - batch] : 1;
    if (ea != eb && ea != 1 && eb != 1)
      throw_matmul_shapes(a, b, "do not broadcast: their stacks differ at batch dimension " + std::to_string(d) +
                                    " (" + std::to_string(ea) + " and " + std::to_string(eb) + ")");
    out[d] = ea == 1 ? eb : ea;
  }
  if constexpr (NA >= 2 && NB >= 2) {
    out[M - 2] = a[NA - 2];
    out[M - 1] = b[NB - 1];
  } else if constexpr (NA >= 2) {
    out[M - 1] = a[NA - 2];
  } else if constexpr (NB >= 2) {
    out[M - 1] = b[NB - 1];
  }
  return out;
}

// One thread, SIMD lanes if the policy allows them.
inline execution_policy seq_with_simd(const execution_policy& policy) { return policy.simd ? weft::simd : weft::seq; }

// C = A B for every matrix of the (broadcast) stacks; c's layout has rank R
// too (extent 1 where the result has no dimension).
template <class P, std::size_t R, class TA, class TB>
void stacked_product(const TA* a, const stack_layout<R>& la, const TB* b, const stack_layout<R>& lb, P* c,
                     const stack_layout<R>& lc, const execution_policy& policy) {
  const index_t m = lc.extent[R - 2], n = lc.extent[R - 1], k = la.extent[R - 1];
  index_t batches = 1;
  for (std::size_t d = 0; d + 2 < R; ++d) batches *= lc.extent[d];
  if (batches == 0 || m == 0 || n == 0) return;

  constexpr bool use_blas = blas::available && (std::is_same_v<P, float> || std::is_same_v<P, double>);
  auto one = [&](index_t t, const execution_policy& inner) {
    index_t oa = 0, ob = 0, oc = 0;
    for (std::size_t d = R - 2; d-- > 0;) {
      const index_t i = t % lc.extent[d];
      t /= lc.extent[d];
      if (la.extent[d] != 1) oa += i * la.stride[d];
      if (lb.extent[d] != 1) ob += i * lb.stride[d];
      oc += i * lc.stride[d];
    }
    const gemm::matrix_ref<const TA> ma{a + oa, m, k, la.stride[R - 2], la.stride[R - 1]};
    const gemm::matrix_ref<const TB> mb{b + ob, k, n, lb.stride[R - 2], lb.stride[R - 1]};
    const gemm::matrix_ref<P> mc{c + oc, m, n, lc.stride[R - 2], lc.stride[R - 1]};
    if constexpr (use_blas) {
      if (k > 0) {
        blas::product(ma, mb, mc, inner);
        return;
      }
    }
    gemm::own_product(ma, mb, mc, inner);
  };
  // Small matrices in a big stack: the stack on threads, each product on
  // one (BLAS keeps its own threads, so its calls stay in order).
  if (!use_blas && batches > 1 && !gemm::worth_threads(m, n, k, policy)) {
    const bool threads = gemm::worth_threads(batches * m, n, k, policy);
    prange(batches, [&](index_t t) { one(t, seq_with_simd(policy)); }, threads ? par : seq);
    return;
  }
  for (index_t t = 0; t < batches; ++t) one(t, policy);
}

template <class A, class B>
using matmul_type = promote_t<element_of<A>, element_of<B>>;

// A result of rank M as the rank-R stack layout the kernels write.
template <std::size_t R, std::size_t NA, std::size_t NB, std::size_t M>
stack_layout<R> result_stack(const shape<M>& s, const strides_t<M>& st) {
  stack_layout<R> out;
  out.extent.fill(1);
  constexpr std::size_t batch = R - 2;
  for (std::size_t d = 0; d < batch; ++d) {
    out.extent[d] = s[d];
    out.stride[d] = st[d];
  }
  if constexpr (NA >= 2) {
    out.extent[R - 2] = s[batch];
    out.stride[R - 2] = st[batch];
  }
  if constexpr (NB >= 2) {
    out.extent[R - 1] = s[M - 1];
    out.stride[R - 1] = st[M - 1];
  }
  return out;
}

// Writes a @ b into out (already checked: the result's shape, no stride 0
// where the extent is above 1, no memory shared with a or b).
template <class A, class B, class T, std::size_t M>
void matmul_into(const A& a, const B& b, const view<T, M>& out, const execution_policy& policy) {
  using P = matmul_type<A, B>;
  constexpr std::size_t NA = A::rank, NB = B::rank, R = std::max({NA, NB, std::size_t{2}});
  const auto la = as_stack<R>(a.shape(), a.strides(), true);
  const auto lb = as_stack<R>(b.shape(), b.strides(), false);
  if constexpr (std::is_same_v<T, P>) {
    stacked_product<P, R>(a.data(), la, b.data(), lb, out.data(), result_stack<R, NA, NB>(out.shape(), out.strides()),
                          policy);
  } else {
    ndarray<P, M> result(out.shape(), uninitialized);
    stacked_product<P, R>(a.data(), la, b.data(), lb, result.data(),
                          result_stack<R, NA, NB>(result.shape(), result.strides()), policy);
    out.assign(result.as_view());
  }
}

// Matrix-vector products of floats: sums along an axis, as weft::dot's.
template <class P, class A, class B>
auto matrix_vector(const A& a, const B& b, const execution_policy& policy) {
  using Op = sum_reduction<P>;
  constexpr std::size_t NA = A::rank, NB = B::rank;
  if constexpr (NB == 1) {  // (..., m, k) @ (k,): along the last axis of a * b
    auto product = to_node(a * b);
    return reduce_along<NA - 1, Op, P>(product, make_axis_mask<NA>(std::array<int, 1>{int(NA) - 1}), keep_value<P>{},
                                       policy);
  } else {  // (k,) @ (..., k, n): along axis -2 of b * a[:, newaxis]
    auto product = to_node(b * a(all, newaxis));
    return reduce_along<NB - 1, Op, P>(product, make_axis_mask<NB>(std::array<int, 1>{int(NB) - 2}), keep_value<P>{},
                                       policy);
  }
}

template <class A, class B>
inline constexpr bool vector_by_reduction =
    (A::rank == 1) != (B::rank == 1) && std::is_floating_point_v<matmul_type<A, B>>;

template <class V>
using view_of = std::remove_cvref_t<decltype(std::declval<const V&>().as_view())>;

} // namespace detail

// a @ b. Any expressions (lazy ones are evaluated once first).
template <expression A, expression B>
  requires(detail::node_t<A>::rank >= 1 && detail::node_t<B>::rank >= 1)
auto matmul(A&& a, B&& b, const execution_policy& policy = auto_policy) {
  using P = detail::matmul_type<A, B>;
  constexpr std::size_t NA = detail::node_t<A>::rank, NB = detail::node_t<B>::rank;
  constexpr std::size_t M = detail::matmul_rank<NA, NB>;
  const auto result_shape = detail::matmul_shape(a.shape(), b.shape());
  if constexpr (M == 0) {
    (void)result_shape;
    return weft::dot(std::forward<A>(a), std::forward<B>(b), policy);
  } else {
    const auto sa = detail::sliceable(std::forward<A>(a));
    const auto sb = detail::sliceable(std::forward<B>(b));
    using VA = detail::view_of<decltype(sa)>;
    using VB = detail::view_of<decltype(sb)>;
    if constexpr (detail::vector_by_reduction<VA, VB>) {
      return detail::matrix_vector<P>(sa.as_view(), sb.as_view(), policy);
    } else {
      ndarray<P, M> out(result_shape, uninitialized);
      detail::matmul_into(sa.as_view(), sb.as_view(), out.as_view(), policy);
      return out;
    }
  }
}

// a @ b into an existing array or view of the result's shape (NumPy's out=),
// of any element type the result casts to under NumPy's same_kind rule.
// Returns a view of out. An out that shares memory with a or b is computed
// aside first.
template <expression A, expression B, writable_array O>
  requires(detail::node_t<A>::rank >= 1 && detail::node_t<B>::rank >= 1)
auto matmul(A&& a, B&& b, O&& out, const execution_policy& policy = auto_policy) {
  using P = detail::matmul_type<A, B>;
  constexpr std::size_t NA = detail::node_t<A>::rank, NB = detail::node_t<B>::rank;
  constexpr std::size_t M = detail::matmul_rank<NA, NB>;
  const auto o = out.as_view();
  using T = typename decltype(o)::value_type;
  static_assert(M > 0, "weft::matmul: 1-D @ 1-D is a scalar; it has no out=");
  static_assert(decltype(o)::rank == M, "weft::matmul: out must have the rank of the result");
  static_assert(detail::same_kind_castable<T, P>,
                "weft::matmul: out's element type cannot hold the result (NumPy's same_kind rule, e.g. float into int)");
  const auto result_shape = detail::matmul_shape(a.shape(), b.shape());
  if (o.shape() != result_shape)
    throw shape_error("matmul: out has shape " + to_string(o.shape()) + " but shapes " + to_string(a.shape()) +
                      " and " + to_string(b.shape()) + " give shape " + to_string(result_shape));
  for (std::size_t d = 0; d < M; ++d)
    if (o.shape()[d] > 1 && o.strides()[d] == 0)
      throw value_error("matmul: out has stride 0 along axis " + std::to_string(d) +
                        " (a broadcast view): its results would overwrite each other");
  const auto sa = detail::sliceable(std::forward<A>(a));
  const auto sb = detail::sliceable(std::forward<B>(b));
  const auto va = sa.as_view();
  const auto vb = sb.as_view();
  if constexpr (detail::vector_by_reduction<decltype(va), decltype(vb)>) {
    o.assign(detail::matrix_vector<P>(va, vb, policy).as_view());
  } else {
    const auto mine = detail::span_of(o.data(), o.shape(), o.strides());
    const bool shared = detail::overlaps(mine, detail::span_of(va.data(), va.shape(), va.strides())) ||
                        detail::overlaps(mine, detail::span_of(vb.data(), vb.shape(), vb.strides()));
    if (shared) {
      ndarray<P, M> aside(result_shape, uninitialized);
      detail::matmul_into(va, vb, aside.as_view(), policy);
      o.assign(aside.as_view());
    } else {
      detail::matmul_into(va, vb, o, policy);
    }
  }
  return o;
}

} // namespace weft
