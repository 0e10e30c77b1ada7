#pragma once
// weft's parallel layer: the only place that includes oneTBB.
//
//   threads.hpp          num_threads, set_num_threads, thread_id
//   chunks.hpp           parallel_for_chunks(n, grain, body(begin, end))
//   prange.hpp           prange(n, f), prange(range, f)
//   box_range.hpp        box_range<N>: N-D index boxes that oneTBB can split
//   parallel_for.hpp     parallel_for(shape<N>, f) over N-D index spaces
//   parallel_reduce.hpp  parallel_reduce(n or range, init, body, combine)
//   cost_model.hpp       how auto_policy decides serial or threads
//   fork.hpp             fork_both(f, g) for fixed-shape recursive trees
#include "weft/parallel/box_range.hpp"
#include "weft/parallel/chunks.hpp"
#include "weft/parallel/cost_model.hpp"
#include "weft/parallel/fork.hpp"
#include "weft/parallel/parallel_for.hpp"
#include "weft/parallel/parallel_reduce.hpp"
#include "weft/parallel/prange.hpp"
#include "weft/parallel/threads.hpp"
