#pragma once
#include <cstddef>

namespace weft {

// Signed, like NumPy's intp: negative strides and indices are ordinary values.
using index_t = std::ptrdiff_t;

} // namespace weft
