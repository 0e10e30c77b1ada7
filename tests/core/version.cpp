#include <doctest/doctest.h>

#include <string>

#include "weft/version.hpp"

TEST_CASE("version.hpp agrees with project(VERSION)") {
  const std::string header = std::to_string(WEFT_VERSION_MAJOR) + "." + std::to_string(WEFT_VERSION_MINOR) + "." +
                             std::to_string(WEFT_VERSION_PATCH);
  CHECK(header == WEFT_PROJECT_VERSION);
}
