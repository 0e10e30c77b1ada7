#pragma once
// The loops under a vectorized kernel's reduce and accumulate methods: a
// C-contiguous array seen as (outer, n, inner) around the chosen axis, folded
// left to right along n for every (outer, inner) position, as NumPy's
// ufunc.reduce and ufunc.accumulate do for a function weft cannot assume
// associative. Positions are independent, so they go to threads in blocks
// of columns; each line keeps NumPy's order, so every policy gives the same
// values.
#include <algorithm>
#include <cstddef>

#include "weft/core/policy.hpp"
#include "weft/core/shape.hpp"
#include "weft/eval/plan.hpp"
#include "weft/kernel/kernel_node.hpp"
#include "weft/parallel/chunks.hpp"

namespace weft::detail {

struct line_layout {
  index_t outer = 1, n = 1, inner = 1;
};

template <std::size_t N>
line_layout split_at_axis(const shape<N>& s, std::size_t axis) {
  line_layout l;
  for (std::size_t k = 0; k < axis; ++k) l.outer *= s[k];
  l.n = s[axis];
  for (std::size_t k = axis + 1; k < N; ++k) l.inner *= s[k];
  return l;
}

// Calls task(o, j0, j1) for blocks of columns [j0, j1) of every outer
// position o, on threads when the policy and the work allow.
template <class Task>
void for_column_blocks(const line_layout& l, const execution_policy& policy, Task task) {
  constexpr index_t block = 256;
  if (l.outer == 0 || l.inner == 0) return;
  const index_t blocks = (l.inner + block - 1) / block;
  const index_t work_per_task = std::max<index_t>(1, l.n * std::min(l.inner, block) * user_kernel_cost);
  const index_t grain = std::max<index_t>(1, parallel_cost_threshold / 4 / work_per_task);
  parallel_for_chunks(
      l.outer * blocks, grain,
      [&](index_t b, index_t e) {
        for (index_t t = b; t < e; ++t) {
          const index_t o = t / blocks, j0 = t % blocks * block;
          task(o, j0, std::min(l.inner, j0 + block));
        }
      },
      policy);
}

// out (outer, inner) = the left fold of x (outer, n, inner) along n, n >= 1:
// out = first(x[0]), then out = step(out, x[i]).
template <class R, class T, class First, class Step>
void reduce_lines(const T* x, R* out, const line_layout& l, First first, Step step, const execution_policy& policy) {
  for_column_blocks(l, policy, [&](index_t o, index_t j0, index_t j1) {
    const T* line = x + o * l.n * l.inner;
    R* acc = out + o * l.inner;
    for (index_t j = j0; j < j1; ++j) acc[j] = first(line[j]);
    for (index_t i = 1; i < l.n; ++i) {
      const T* row = line + i * l.inner;
      for (index_t j = j0; j < j1; ++j) acc[j] = step(acc[j], row[j]);
    }
  });
}

// out (outer, n, inner) = the running left fold of x along n.
template <class R, class T, class First, class Step>
void accumulate_lines(const T* x, R* out, const line_layout& l, First first, Step step,
                      const execution_policy& policy) {
  if (l.n == 0) return;
  for_column_blocks(l, policy, [&](index_t o, index_t j0, index_t j1) {
    const T* line = x + o * l.n * l.inner;
    R* res = out + o * l.n * l.inner;
    for (index_t j = j0; j < j1; ++j) res[j] = first(line[j]);
    for (index_t i = 1; i < l.n; ++i) {
      const R* prev = res + (i - 1) * l.inner;
      R* cur = res + i * l.inner;
      const T* row = line + i * l.inner;
      for (index_t j = j0; j < j1; ++j) cur[j] = step(prev[j], row[j]);
    }
  });
}

} // namespace weft::detail
