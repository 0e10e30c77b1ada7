#include <doctest/doctest.h>

#include <optional>

#include "weft/core/range.hpp"

namespace {
struct slice_case {
  weft::index_t n;
  std::optional<weft::index_t> start, stop;
  weft::index_t step, count, first;
};
constexpr std::nullopt_t N = std::nullopt;
const slice_case cases[] = {
#include "slice_cases.inc"
};

weft::range make(const slice_case& c) {
  if (c.start && c.stop) return weft::range(*c.start, *c.stop, c.step);
  if (c.start) return weft::range(*c.start, weft::none, c.step);
  if (c.stop) return weft::range(weft::none, *c.stop, c.step);
  return weft::range(weft::none, weft::none, c.step);
}
} // namespace

TEST_CASE("resolve follows Python's slice semantics") {
  int checked = 0;
  for (const auto& c : cases) {
    const auto r = weft::resolve(make(c), c.n);
    CAPTURE(c.n);
    CAPTURE(c.step);
    CHECK(r.count == c.count);
    if (c.count > 0) CHECK(r.first == c.first);
    CHECK(r.step == c.step);
    ++checked;
  }
  CHECK(checked > 500);
}

TEST_CASE("a zero step is an error") {
  CHECK_THROWS_AS(weft::resolve(weft::range(0, 5, 0), 5), weft::value_error);
  CHECK_THROWS_AS(weft::loop_count(weft::range(0, 5, 0)), weft::value_error);
}

TEST_CASE("loop_count is len(range(start, stop, step))") {
  CHECK(weft::loop_count(weft::range(0, 10)) == 10);
  CHECK(weft::loop_count(weft::range(0, 10, 3)) == 4);
  CHECK(weft::loop_count(weft::range(10, 0, -3)) == 4);
  CHECK(weft::loop_count(weft::range(10, 0)) == 0);
  CHECK(weft::loop_count(weft::range(-5, -1)) == 4);
  CHECK(weft::loop_count(weft::range(3, 3, -1)) == 0);
  CHECK_THROWS_AS(weft::loop_count(weft::range(weft::none, 3)), weft::value_error);
}
