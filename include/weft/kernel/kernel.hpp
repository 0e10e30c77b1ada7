#pragma once
// Custom kernels: weft::vectorize (ufuncs from scalar functions).
#include "weft/kernel/vectorize.hpp"
