#pragma once
// weft's element types as MPI datatypes. weft::mpi::transferable<T> is the
// concept every weft::mpi function asks of an element type: bool, the
// integer types and the floating ones (a type with no MPI datatype is a
// compile error naming it); sendable_array<A>, of an array or view.
#include <mpi.h>

#include <type_traits>

#include "weft/expr/leaf.hpp"

namespace weft::mpi {

template <class T>
concept transferable = std::is_arithmetic_v<T> && !std::is_same_v<std::remove_cv_t<T>, wchar_t>;

// An ndarray or a view whose elements MPI can carry.
template <class A>
concept sendable_array = weft::detail::is_array_or_view<std::remove_cvref_t<A>>::value &&
                         transferable<std::remove_const_t<typename std::remove_cvref_t<A>::value_type>>;

template <transferable T>
MPI_Datatype datatype() {
  using U = std::remove_cv_t<T>;
  if constexpr (std::is_same_v<U, bool>) return MPI_C_BOOL;
  else if constexpr (std::is_same_v<U, float>) return MPI_FLOAT;
  else if constexpr (std::is_same_v<U, double>) return MPI_DOUBLE;
  else if constexpr (std::is_same_v<U, long double>) return MPI_LONG_DOUBLE;
  else if constexpr (std::is_signed_v<U>) {
    // By size, so that long and long long (both 64 bits here) map alike.
    if constexpr (sizeof(U) == 1) return MPI_INT8_T;
    else if constexpr (sizeof(U) == 2) return MPI_INT16_T;
    else if constexpr (sizeof(U) == 4) return MPI_INT32_T;
    else {
      static_assert(sizeof(U) == 8, "weft::mpi: no MPI datatype for a signed integer of this size");
      return MPI_INT64_T;
    }
  } else {
    if constexpr (sizeof(U) == 1) return MPI_UINT8_T;
    else if constexpr (sizeof(U) == 2) return MPI_UINT16_T;
    else if constexpr (sizeof(U) == 4) return MPI_UINT32_T;
    else {
      static_assert(sizeof(U) == 8, "weft::mpi: no MPI datatype for an unsigned integer of this size");
      return MPI_UINT64_T;
    }
  }
}

} // namespace weft::mpi
