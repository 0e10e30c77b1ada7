#pragma once
#include <type_traits>

namespace weft {

// What an ndarray or view may hold: the arithmetic types, bool included.
template <class T>
concept element = std::is_arithmetic_v<std::remove_const_t<T>>;

} // namespace weft
