#pragma once
// weft's reductions, fused with expressions:
//   axes.hpp         axis lists and keepdims
//   ops.hpp          the reduction operators (what folds how)
//   engine.hpp       the loop planner and the SIMD, threaded, reproducible engine
//   reducer.hpp      sum, prod, min, max, argmin, argmax, any, all, count_nonzero
//   statistics.hpp   mean, var, std, nansum, nanmean, nanmin, nanmax
//   linalg.hpp       dot, norm
//   cumulative.hpp   cumsum, cumprod
//   explain.hpp      explain(weft::sum, x[, axis])
#include "weft/reduce/axes.hpp"
#include "weft/reduce/cumulative.hpp"
#include "weft/reduce/engine.hpp"
#include "weft/reduce/explain.hpp"
#include "weft/reduce/linalg.hpp"
#include "weft/reduce/ops.hpp"
#include "weft/reduce/reducer.hpp"
#include "weft/reduce/statistics.hpp"
