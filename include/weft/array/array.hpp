#pragma once
// Arrays and views: everything in include/weft/array.
#include "weft/array/adapt.hpp"
#include "weft/array/factories.hpp"
#include "weft/array/ndarray.hpp"
#include "weft/array/print.hpp"
#include "weft/array/slicing.hpp"
#include "weft/array/view.hpp"
