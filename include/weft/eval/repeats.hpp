#pragma once
// explain's check for work done twice: a sub-expression that appears more
// than once in an expression tree (the same operation on the same operands:
// `auto d1 = ...;` used in two places) is computed at each use, for every
// element. Found by comparing the tree's subtrees: same node type, same
// operation (by value), same scalars, same arrays (address, shape, strides).
// Only explain() runs this: nothing of it is instantiated by an assignment.
#include <cstddef>
#include <cstring>
#include <ostream>
#include <string>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "weft/core/shape.hpp"
#include "weft/core/unpack.hpp"

namespace weft::detail {

template <class N>
concept has_operands = requires(const N& n) { n.operands(); };

// The same bytes: for operations and user functions held by value (an empty
// one is equal to any other of its type). Padding can make equal values
// differ, which only hides a repeat, never invents one.
template <class T>
bool same_value_bytes(const T& a, const T& b) {
  if constexpr (std::is_empty_v<T>) return true;
  else if constexpr (std::is_trivially_copyable_v<T>) return std::memcmp(&a, &b, sizeof(T)) == 0;
  else return &a == &b;
}

// Whether two nodes of type N compute the same values.
template <class N>
bool same_subtree(const N& a, const N& b) {
  if constexpr (has_operands<N>) {
    if (!same_value_bytes(a.operation(), b.operation())) return false;
    return unpack(a.operands(), [&](const auto&... x) {
      return unpack(b.operands(), [&](const auto&... y) { return (same_subtree(x, y) && ...); });
    });
  } else if constexpr (requires { a.value(); }) {  // a scalar
    const auto va = a.value(), vb = b.value();
    return std::memcmp(&va, &vb, sizeof va) == 0;
  } else {  // an array or view
    const void* pa = nullptr;
    const void* pb = nullptr;
    bool same_layout = true;
    a.for_each_leaf([&](const auto* data, const auto& s, const auto& st) {
      pa = data;
      b.for_each_leaf([&](const auto* data_b, const auto& s_b, const auto& st_b) {
        pb = data_b;
        same_layout = s == s_b && st == st_b;
      });
    });
    return pa == pb && same_layout;
  }
}

// A subtree of the tree, in pre-order: it spans entries [index, end).
struct subtree_entry {
  const char* name;
  const std::type_info* type;
  const void* node;
  bool (*same)(const void*, const void*);
  int cost;
  std::size_t end;
};

// The operation at a subtree's root, as NumPy names it (or "a kernel").
template <class N>
const char* subtree_name() {
  using Op = std::remove_cvref_t<decltype(std::declval<const N&>().operation())>;
  if constexpr (requires { Op::name; }) return Op::name;
  else return "a weft::vectorize kernel";
}

template <class N>
void collect_subtrees(const N& n, std::vector<subtree_entry>& out) {
  if constexpr (has_operands<N>) {
    const std::size_t at = out.size();
    out.push_back({subtree_name<N>(), &typeid(N), &n,
                   [](const void* a, const void* b) { return same_subtree(*static_cast<const N*>(a), *static_cast<const N*>(b)); },
                   N::cost, 0});
    unpack(n.operands(), [&](const auto&... c) { (collect_subtrees(c, out), ...); });
    out[at].end = out.size();
  }
}

// Writes one line per sub-expression computed more than once per element
// (the largest ones: a repeated subtree's own parts are not listed again).
// Subtrees cheaper than `min_cost` adds are ignored.
template <class Node>
void describe_repeats(std::ostream& os, const Node& node, int min_cost = 4) {
  std::vector<subtree_entry> all;
  collect_subtrees(node, all);
  std::vector<bool> reported(all.size(), false), seen(all.size(), false);
  std::vector<std::size_t> covered;  // entries of reported groups
  bool any = false;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (seen[i] || all[i].cost < min_cost) continue;
    std::vector<std::size_t> group{i};
    for (std::size_t j = i + 1; j < all.size(); ++j)
      if (!seen[j] && *all[j].type == *all[i].type && all[i].same(all[i].node, all[j].node)) group.push_back(j);
    for (std::size_t g : group) seen[g] = true;
    if (group.size() < 2) continue;
    bool inside = true;  // every copy lies inside a copy of a repeat already listed
    for (std::size_t g : group) {
      bool in = false;
      for (std::size_t c : covered) in = in || (g > c && g < all[c].end);
      inside = inside && in;
    }
    if (inside) continue;
    covered.insert(covered.end(), group.begin(), group.end());
    if (!any) os << "repeated sub-expressions (each use computes it again, for every element):\n";
    any = true;
    os << "  " << all[i].name << "(...), " << all[i].cost << " adds per element: computed " << group.size()
       << " times\n";
  }
  if (any)
    os << "  to compute one once: make it a local of a weft::vectorize kernel (which may return a std::tuple of "
          "outputs), or evaluate it into an array\n";
}

} // namespace weft::detail
