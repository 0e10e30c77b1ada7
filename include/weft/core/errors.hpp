#pragma once
#include <stdexcept>
#include <string>

namespace weft {

// Base of every exception weft throws, so callers can catch them all at once.
class error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Shapes that do not fit together (broadcasting, assignment, reshape).
class shape_error : public error {
public:
  using error::error;
};

// An index or slice outside an array.
class index_error : public error {
public:
  using error::error;
};

// An argument with a bad value (zero step, bad thread count, empty reduction).
class value_error : public error {
public:
  using error::error;
};

} // namespace weft
