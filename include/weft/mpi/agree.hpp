#pragma once
// Errors that every rank sees. An MPI program where one rank throws and the
// others go on into a collective hangs; weft::mpi agrees on failures first:
// every rank states whether it failed, and if any did, every rank throws the
// failure of the lowest failing rank, as the same weft exception type
// (shape_error, value_error, index_error, else weft::error), its message
// prefixed by "rank K: ".
//
//   weft::mpi::together(comm, [&] { local = load(my_file); });   // throws on all ranks or none
//
// weft::mpi's own functions check their arguments this way before they move
// any data. Inside together(), do local work only (or collectives that every
// rank reaches): a rank that throws before a collective leaves the others
// waiting in it.
#include <mpi.h>

#include <exception>
#include <optional>
#include <tuple>
#include <string>
#include <type_traits>
#include <utility>

#include "weft/core/errors.hpp"
#include "weft/mpi/communicator.hpp"

namespace weft::mpi {

enum class failure_kind : int { none = 0, shape, value, index, other };

namespace detail {

[[noreturn]] inline void throw_failure(failure_kind kind, const std::string& message) {
  switch (kind) {
    case failure_kind::shape: throw shape_error(message);
    case failure_kind::value: throw value_error(message);
    case failure_kind::index: throw index_error(message);
    default: throw weft::error(message);
  }
}

// What kind of weft failure the exception in flight is, and its text.
inline std::pair<failure_kind, std::string> describe_current_exception() {
  try {
    throw;
  } catch (const shape_error& e) {
    return {failure_kind::shape, e.what()};
  } catch (const value_error& e) {
    return {failure_kind::value, e.what()};
  } catch (const index_error& e) {
    return {failure_kind::index, e.what()};
  } catch (const std::exception& e) {
    return {failure_kind::other, e.what()};
  } catch (...) {
    return {failure_kind::other, "an exception that is not a std::exception"};
  }
}

} // namespace detail

// Collective: each rank gives its verdict (failure_kind::none when it has
// none); returns on every rank when no rank failed, else throws on every
// rank (see the top of this file).
inline void agree(const communicator& comm, failure_kind kind, const std::string& message = {}) {
  const int size = comm.size();
  const int me = comm.rank();
  int mine = kind == failure_kind::none ? size : me, first = size;
  detail::check(MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, comm.get()), "MPI_Allreduce");
  if (first == size) return;
  // The first failing rank tells the others what happened.
  int header[2] = {static_cast<int>(kind), static_cast<int>(message.size())};
  detail::check(MPI_Bcast(header, 2, MPI_INT, first, comm.get()), "MPI_Bcast");
  std::string text = me == first ? message : std::string(static_cast<std::size_t>(header[1]), '\0');
  if (header[1] > 0) detail::check(MPI_Bcast(text.data(), header[1], MPI_CHAR, first, comm.get()), "MPI_Bcast");
  detail::throw_failure(static_cast<failure_kind>(header[0]), "rank " + std::to_string(first) + ": " + text);
}

// A check every rank makes on what it knows: agree(comm, ok ? none : kind, message).
inline void agree_that(const communicator& comm, bool ok, failure_kind kind, const std::string& message) {
  agree(comm, ok ? failure_kind::none : kind, ok ? std::string() : message);
}

// Runs f on every rank; if it throws on any rank, every rank throws (see
// the top of this file). Returns what f returns.
template <class F>
decltype(auto) together(const communicator& comm, F&& f) {
  using R = std::invoke_result_t<F&>;
  failure_kind kind = failure_kind::none;
  std::string message;
  if constexpr (std::is_void_v<R>) {
    try {
      f();
    } catch (...) {
      std::tie(kind, message) = detail::describe_current_exception();
    }
    agree(comm, kind, message);
  } else {
    std::optional<R> result;
    try {
      result.emplace(f());
    } catch (...) {
      std::tie(kind, message) = detail::describe_current_exception();
    }
    agree(comm, kind, message);
    return R(std::move(*result));
  }
}

} // namespace weft::mpi
