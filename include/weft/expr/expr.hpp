#pragma once
// Lazy expressions: everything in include/weft/expr.
#include "weft/expr/expression.hpp"
#include "weft/expr/functions.hpp"
#include "weft/expr/multi_output.hpp"
#include "weft/expr/operators.hpp"
