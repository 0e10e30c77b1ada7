#pragma once
// weft::explain for reductions: how weft::sum(x, axis) (or any reduction
// object) would run, as text, without running it.
//   std::cout << weft::explain(weft::sum, a * b);
//   std::cout << weft::explain(weft::max, m, 0);
#include <array>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>

#include "weft/reduce/reducer.hpp"

namespace weft {
namespace detail {

template <class Kind, class Node>
concept explainable_reduction = requires { typename Kind::template op_t<Node>; };

template <class Kind, class Node>
std::string explain_reduction(const Node& node, const axis_mask<Node::rank>& mask, const execution_policy& policy) {
  using Op = typename Kind::template op_t<Node>;
  using A = typename Op::acc_type;
  auto finish = [](const A&) { return 0; };
  int sink = 0;
  const strides_t<Node::rank> none{};
  reduction_input<Op, Node> in(node, mask);
  const auto eng = in.engine(&sink, none, finish, policy);
  const auto& s = eng.summary();
  std::ostringstream os;
  os << "reduction " << Op::name << " of shape " << to_string(node.shape()) << " over axes (";
  int count = 0;
  for (std::size_t k = 0; k < Node::rank; ++k)
    if (mask.reduced[k]) os << (count++ ? ", " : "") << k;
  os << (count == 1 ? ",)\n" : ")\n");
  os << "loop shape after collapsing: " << to_string(eng.loop_shape()) << "\n";
  if (s.kind == reduction_kind::inner)
    os << "plan: inner, " << s.outputs << " result(s) of " << s.reduced << " elements; " << s.lanes
       << " accumulator lanes, leaves of " << s.leaf_size << " elements, combined pairwise\n";
  else
    os << "plan: row-vector, " << s.outputs << " results; rows of " << s.vector_length << " accumulators, "
       << s.reduced << " rows folded in leaves of " << s.leaf_size << " rows, combined pairwise\n";
  os << "inner loop: ";
  if (s.simd) os << "SIMD (" << simd::arch_name() << ", " << s.simd_width << " lanes)\n";
  else os << "scalar (no SIMD: " << s.why_not_simd << ")\n";
  if (s.threads) os << "threads: " << s.num_threads << ", " << s.thread_split << "\n";
  else os << "threads: 1 (" << s.why_one_thread << ")\n";
  if (s.kind == reduction_kind::row_vector) os << "column blocks of " << s.column_block << " columns\n";
  return os.str();
}

} // namespace detail

template <class Kind, expression E>
  requires detail::explainable_reduction<Kind, detail::node_t<E>>
std::string explain(const reducer<Kind>&, E&& e, const execution_policy& policy = auto_policy) {
  auto node = detail::to_node(std::forward<E>(e));
  return detail::explain_reduction<Kind>(node, detail::all_axes<decltype(node)::rank>(), policy);
}

template <class Kind, expression E>
  requires detail::explainable_reduction<Kind, detail::node_t<E>> && (detail::node_t<E>::rank >= 1)
std::string explain(const reducer<Kind>&, E&& e, int axis, const execution_policy& policy = auto_policy) {
  auto node = detail::to_node(std::forward<E>(e));
  constexpr std::size_t N = decltype(node)::rank;
  return detail::explain_reduction<Kind>(node, detail::make_axis_mask<N>(std::array<int, 1>{axis}), policy);
}

template <class Kind, expression E, std::size_t K>
  requires detail::explainable_reduction<Kind, detail::node_t<E>> && (detail::node_t<E>::rank >= K)
std::string explain(const reducer<Kind>&, E&& e, const int (&axes)[K], const execution_policy& policy = auto_policy) {
  auto node = detail::to_node(std::forward<E>(e));
  constexpr std::size_t N = decltype(node)::rank;
  return detail::explain_reduction<Kind>(node, detail::make_axis_mask<N>(std::to_array(axes)), policy);
}

} // namespace weft
