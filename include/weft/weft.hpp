#pragma once
// The umbrella header: all of weft but the optional MPI module.
#include "weft/config.hpp"
#include "weft/core/broadcast.hpp"
#include "weft/core/errors.hpp"
#include "weft/core/policy.hpp"
#include "weft/core/promotion.hpp"
#include "weft/core/range.hpp"
#include "weft/core/shape.hpp"
#include "weft/array/array.hpp"
#include "weft/parallel/parallel.hpp"
#include "weft/expr/expr.hpp"
#include "weft/eval/eval.hpp"
#include "weft/reduce/reduce.hpp"
