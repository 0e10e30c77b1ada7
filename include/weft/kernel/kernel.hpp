#pragma once
// Custom kernels: weft::vectorize (ufuncs from scalar functions),
// weft::guvectorize (generalized ufuncs over core dimensions) and
// weft::stencil (neighbourhood kernels with border modes).
#include "weft/kernel/guvectorize.hpp"
#include "weft/kernel/stencil.hpp"
#include "weft/kernel/vectorize.hpp"
