#pragma once
// Custom kernels: weft::vectorize (ufuncs from scalar functions) and
// weft::guvectorize (generalized ufuncs over core dimensions).
#include "weft/kernel/guvectorize.hpp"
#include "weft/kernel/vectorize.hpp"
