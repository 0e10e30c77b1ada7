#pragma once
// Assignment of a multi-output node (expr/multi_output.hpp) into several
// destinations in one fused pass:
//   weft::assign(std::tie(call, put), black_scholes(S, K, T));
//   auto [call, put] = weft::eval(black_scholes(S, K, T));
//   std::tie(call, put) = weft::eval(black_scholes(S, K, T));  // new arrays, moved in
// (std::tie(call, put) = black_scholes(S, K, T) cannot be one pass:
// std::tuple assigns element by element and its operator= cannot be
// overloaded; weft::assign is the spelling that writes into existing arrays.)
//
// The loop of eval/traverse.hpp runs it unchanged: output 0 is its
// destination, and outputs 1.. are extra leaves that the kernels write
// through. That needs every output to have output 0's strides, no output to
// repeat elements (a stride of 0) or to share memory with another, and no
// output after the first to overlap an operand other than element for
// element; otherwise the outputs are computed into new arrays first and
// copied over.
#include <array>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "weft/array/ndarray.hpp"
#include "weft/core/errors.hpp"
#include "weft/eval/eval.hpp"
#include "weft/eval/evaluate.hpp"
#include "weft/eval/kernel.hpp"
#include "weft/eval/traverse.hpp"
#include "weft/expr/multi_output.hpp"
#include "weft/simd/streaming_store.hpp"

namespace weft::detail {

// The row kernels of a multi-output cursor writing into T... (one type per
// output): the same two entry points as a single output's (eval/kernel.hpp),
// so the loop cannot tell them apart.
template <class Ts, class Cursor>
struct multi_row_kernel_set;

template <class... T, class Cursor>
struct multi_row_kernel_set<std::tuple<T...>, Cursor> {
  using first = std::tuple_element_t<0, std::tuple<T...>>;

  static Cursor bound(const void* cursor, const leaf_rows& at) {
    Cursor cur = *static_cast<const Cursor*>(cursor);
    std::size_t k = 0;
    cur.bind(at, k);
    return cur;
  }

  // Output J's element at position i of the row (output 0 at out + i * s).
  template <std::size_t J>
  static auto* element(const Cursor& cur, first* out, index_t s, index_t i) {
    using U = std::tuple_element_t<J, std::tuple<T...>>;
    if constexpr (J == 0) return out + i * s;
    else return reinterpret_cast<U*>(cur.rows[J - 1]) + i * cur.strides[J - 1];
  }

  template <class V, std::size_t... J>
  static void put(const Cursor& cur, const V& values, first* out, index_t s, index_t i, std::index_sequence<J...>) {
    ((*element<J>(cur, out, s, i) = safe_cast<std::tuple_element_t<J, std::tuple<T...>>>(std::get<J>(values))), ...);
  }

  static void strided(const void* cursor, const leaf_rows& at, void* out_bytes, index_t s, index_t len) {
    const Cursor cur = bound(cursor, at);
    first* out = static_cast<first*>(out_bytes);
    for (index_t i = 0; i < len; ++i) put(cur, cur.get(i), out, s, i, std::index_sequence_for<T...>{});
  }

#if WEFT_USE_XSIMD
  // Every output has output 0's (unit) stride here. Streamed outputs must
  // be aligned: the loop aligns output 0; the others stream when they
  // happen to be aligned too (arrays of one shape usually are).
  template <class B, std::size_t... J>
  static void put_lanes(const Cursor& cur, const B& batches, first* out, index_t i, std::array<bool, sizeof...(T)> stream,
                        std::index_sequence<J...>) {
    const auto one = [&]<std::size_t K>(std::integral_constant<std::size_t, K>) {
      auto* p = element<K>(cur, out, 1, i);
#if WEFT_HAS_STREAMING_STORES
      if (stream[K]) {
        simd::stream(p, std::get<K>(batches));
        return;
      }
#endif
      simd::store(p, std::get<K>(batches));
    };
    (one(std::integral_constant<std::size_t, J>{}), ...);
    (void)stream;
  }

  static void lanes(const void* cursor, const leaf_rows& at, void* out_bytes, index_t len, bool stream) {
    const Cursor cur = bound(cursor, at);
    first* out = static_cast<first*>(out_bytes);
    constexpr index_t W = simd::width<first>;
    std::array<bool, sizeof...(T)> streamed{};
    [&]<std::size_t... J>(std::index_sequence<J...>) {
      ((streamed[J] = stream && reinterpret_cast<std::uintptr_t>(element<J>(cur, out, 1, 0)) %
                                        simd::stream_alignment<first> == 0),
       ...);
    }(std::index_sequence_for<T...>{});
    index_t i = 0;
    for (; i + W <= len; i += W) put_lanes(cur, cur.template load<first>(i), out, i, streamed, std::index_sequence_for<T...>{});
    for (; i < len; ++i) put(cur, cur.get(i), out, 1, i, std::index_sequence_for<T...>{});
  }
#endif
};

// Why a multi-output node cannot run on SIMD lanes into T..., or null.
template <class Node, class... T>
constexpr const char* multi_simd_refusal() {
  using first = std::tuple_element_t<0, std::tuple<T...>>;
  if (!WEFT_USE_XSIMD) return "built with WEFT_USE_XSIMD=0";
  if (!std::is_same_v<typename Node::value_types, std::tuple<T...>>)
    return "an output's type differs from the value it receives";
  if (!(std::is_same_v<T, first> && ...)) return "the outputs have different element types";
  if (!Node::template simd_ok<first>)
    return "the kernel has no SIMD form for these types (a function of concrete scalar types, mixed types...)";
  return nullptr;
}

template <class Node, class... T, class Cursor>
row_kernels multi_row_kernels_for(const Cursor& cursor, std::tuple<T...>*) {
  using first = std::tuple_element_t<0, std::tuple<T...>>;
  constexpr const char* refusal = multi_simd_refusal<Node, T...>();
  return kernel_table<multi_row_kernel_set<std::tuple<T...>, Cursor>, first, refusal == nullptr>(cursor, Node::cost,
                                                                                                refusal);
}

template <class D>
using destination_view_t = std::remove_cvref_t<decltype(std::declval<D&>().as_view())>;

// Writable destinations: ndarrays and views of non-const elements.
template <class D>
concept writable_destination = requires(D& d) { d.as_view(); } &&
                               !std::is_const_v<typename destination_view_t<D>::value_type>;

// Several destinations (views of rank N, types T...) and a node, as the loop
// sees them; `fused` is false when the outputs must go through new arrays.
template <std::size_t N, class Node, class... T>
struct multi_assignment {
  static constexpr std::size_t R = N == 0 ? 1 : N;
  static constexpr std::size_t K = sizeof...(T);
  using cursor_type = decltype(std::declval<const Node&>().cursor());
  static constexpr std::size_t inputs = cursor_type::input_leaves;

  destination<R> dst;
  cursor_type cursor;
  std::array<leaf_layout<R>, cursor_type::leaf_count> leaves;
  row_kernels kernels;
  bool fused = true;
  const char* why_not_fused = nullptr;

  multi_assignment(const std::tuple<view<T, N>...>& outs, const Node& node)
      : cursor(node.cursor()), kernels(multi_row_kernels_for<Node>(cursor, static_cast<std::tuple<T...>*>(nullptr))) {
    const auto& first = std::get<0>(outs);
    [&]<std::size_t... J>(std::index_sequence<J...>) {
      (check_shape(J, std::get<J>(outs).shape(), first.shape(), node.shape()), ...);
    }(std::index_sequence_for<T...>{});
    for (std::size_t k = 0; k < R; ++k) dst.extents[k] = 1;
    for (std::size_t k = 0; k < N; ++k) dst.extents[k + R - N] = first.shape()[k];
    std::array<destination<R>, K> all;
    [&]<std::size_t... J>(std::index_sequence<J...>) {
      ((all[J] = as_destination(std::get<J>(outs))), ...);
    }(std::index_sequence_for<T...>{});
    dst = all[0];
    node.for_each_leaf(leaf_collector<R>{leaves.data(), &dst.extents});
    for (std::size_t j = 1; j < K; ++j) leaves[inputs + j - 1] = {all[j].data, all[j].element_size, all[j].strides};
    why_not_fused = check_fusable(all);
    fused = why_not_fused == nullptr;
  }
  multi_assignment(const multi_assignment&) = delete;
  multi_assignment& operator=(const multi_assignment&) = delete;

private:
  template <class U>
  destination<R> as_destination(const view<U, N>& v) const {
    destination<R> d;
    d.data = reinterpret_cast<char*>(v.data());
    d.element_size = sizeof(U);
    d.extents = dst.extents;
    for (std::size_t k = 0; k < N; ++k) d.strides[k + R - N] = v.shape()[k] == 1 ? 0 : v.strides()[k];
    return d;
  }

  // Every output has output 0's shape, and the node broadcasts to it.
  static void check_shape(std::size_t j, const weft::shape<N>& s, const weft::shape<N>& first,
                          const weft::shape<Node::rank>& from) {
    if (s != first)
      throw shape_error("weft::assign: output " + std::to_string(j) + " has shape " + to_string(s) +
                        " but output 0 has shape " + to_string(first) + "; every output must have the same shape");
    if (j == 0) (void)broadcast_strides(from, strides_t<Node::rank>{}, s);
  }

  const char* check_fusable(const std::array<destination<R>, K>& all) const {
    for (std::size_t j = 0; j < K; ++j)
      for (std::size_t k = 0; k < R; ++k)
        if (dst.extents[k] > 1 && all[j].strides[k] == 0) return "an output repeats elements (a stride of 0)";
    for (std::size_t j = 1; j < K; ++j)
      if (all[j].strides != all[0].strides) return "the outputs have different layouts";
    if (size_of(dst.extents) == 0) return nullptr;
    for (std::size_t j = 0; j < K; ++j)
      for (std::size_t i = j + 1; i < K; ++i)
        if (overlaps(span_of(all[j]), span_of(all[i]))) return "two outputs share memory";
    for (std::size_t j = 1; j < K; ++j)
      for (std::size_t l = 0; l < inputs; ++l)
        if (overlaps(span_of(all[j]), span_of(leaves[l], dst.extents)) && !reads_same_elements(all[j], leaves[l]))
          return "an output overlaps an operand with another layout";
    return nullptr;
  }
};

// Runs node into the views outs (through new arrays when they cannot take
// it directly).
template <std::size_t N, class Node, class... T>
void evaluate_outputs(const std::tuple<view<T, N>...>& outs, const Node& node, const execution_policy& policy) {
  multi_assignment<N, Node, T...> a(outs, node);
  if (a.fused) {
    assignment_loop<multi_assignment<N, Node, T...>::R>::run(a.dst, a.leaves, a.kernels, policy);
    return;
  }
  const weft::shape<N>& s = std::get<0>(outs).shape();
  std::tuple<ndarray<T, N>...> fresh(ndarray<T, N>(s, uninitialized)...);
  unpack(fresh, [&](auto&... f) { evaluate_outputs(std::tuple<view<T, N>...>(f.as_view()...), node, policy); });
  [&]<std::size_t... J>(std::index_sequence<J...>) {
    (std::get<J>(outs).assign(std::get<J>(fresh).as_view()), ...);
  }(std::index_sequence_for<T...>{});
}

} // namespace weft::detail

namespace weft {

// dsts = node, every output in one pass: weft::assign(std::tie(call, put),
// black_scholes(S, K, T)). The destinations (ndarrays or views, any layout,
// any types the values convert to as astype does) must have one shape, which
// the node broadcasts to, as for a single weft::assign.
template <detail::writable_destination... D, detail::multi_output_expression E>
  requires(sizeof...(D) == std::remove_cvref_t<E>::output_count)
void assign(std::tuple<D...> dsts, const E& node, const execution_policy& policy = auto_policy) {
  detail::evaluate_outputs(detail::unpack(dsts, [](auto&... d) { return std::tuple(d.as_view()...); }), node, policy);
}

// The outputs as new arrays, computed in one pass: auto [call, put] =
// weft::eval(black_scholes(S, K, T)).
template <detail::multi_output_expression E>
auto eval(const E& node, const execution_policy& policy = auto_policy) {
  using Node = std::remove_cvref_t<E>;
  constexpr std::size_t N = Node::rank;
  return detail::unpack(typename Node::value_types{}, [&](auto... r) {
    std::tuple<ndarray<decltype(r), N>...> out(ndarray<decltype(r), N>(node.shape(), uninitialized)...);
    detail::unpack(out, [&](auto&... o) { detail::evaluate_outputs(std::tuple(o.as_view()...), node, policy); });
    return out;
  });
}

namespace detail {
template <std::size_t N, class Node, class... T>
std::string explain_outputs(const std::tuple<view<T, N>...>& outs, const Node& node, const execution_policy& policy) {
  multi_assignment<N, Node, T...> a(outs, node);
  std::ostringstream os;
  os << sizeof...(T) << " outputs of shape " << to_string(std::get<0>(outs).shape()) << ", "
     << (a.fused ? std::string("written together in one pass")
                 : std::string("computed into new arrays, then copied: ") + a.why_not_fused)
     << "\n";
  describe_plan(os, node.shape(), std::get<0>(outs).shape(),
                traversal<multi_assignment<N, Node, T...>::R>(a.dst, a.leaves, a.kernels, policy), policy);
  describe_repeats(os, node);
  return os.str();
}
} // namespace detail

// How weft::assign(dsts, node) would run, as text: how the outputs are
// written, then the loop as for one output.
template <detail::writable_destination... D, detail::multi_output_expression E>
  requires(sizeof...(D) == std::remove_cvref_t<E>::output_count)
std::string explain(std::tuple<D...> dsts, const E& node, const execution_policy& policy = auto_policy) {
  return detail::explain_outputs(detail::unpack(dsts, [](auto&... d) { return std::tuple(d.as_view()...); }), node,
                                 policy);
}

// How weft::eval(node) would run.
template <detail::multi_output_expression E>
std::string explain(const E& node, const execution_policy& policy = auto_policy) {
  using Node = std::remove_cvref_t<E>;
  return detail::unpack(typename Node::value_types{}, [&](auto... r) {
    std::tuple<ndarray<decltype(r), Node::rank>...> out(ndarray<decltype(r), Node::rank>(node.shape(), uninitialized)...);
    return detail::unpack(out, [&](auto&... o) { return detail::explain_outputs(std::tuple(o.as_view()...), node, policy); });
  });
}

} // namespace weft
