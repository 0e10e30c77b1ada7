// Streaming (non-temporal) stores: destinations at least as big as the
// last-level cache, contiguous along rows, not read by the expression. The
// values must be those of the ordinary loop whatever the alignment of the
// rows and wherever thread chunks cut them.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "../expr/helpers.hpp"

using weft::all;
using weft::index_t;
using weft::range;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

constexpr bool streams = weft::detail::simd::has_streaming_stores;

const wt::named_policy stream_policies[] = {
    {"seq", weft::seq},
    {"simd", weft::simd},
    {"par", weft::par},
    {"par_simd", weft::par_simd},
    {"par_simd grain 1001", weft::par_simd.with_grain(1001)},
    {"auto", weft::auto_policy},
};

// The threshold is the last-level cache (32 MiB or more); 1 MiB here keeps
// the arrays small while every streamed path is taken.
constexpr std::size_t test_threshold = std::size_t(1) << 20;
struct lowered_threshold {
  std::size_t saved = weft::detail::simd::streaming_threshold().exchange(test_threshold);
  ~lowered_threshold() { weft::detail::simd::streaming_threshold() = saved; }
};

// Elements of T over the threshold, plus a few (odd on purpose).
template <class T>
index_t big_count() {
  return index_t(test_threshold / sizeof(T)) + 13;
}

template <class T>
weft::ndarray<T, 1> ramp(index_t n, int mul, int mod) {
  weft::ndarray<T, 1> a(weft::shape<1>{n});
  for (index_t i = 0; i < n; ++i) a(i) = static_cast<T>((i * mul) % mod - mod / 2);
  return a;
}

} // namespace

TEST_CASE_TEMPLATE("a destination bigger than the last-level cache is streamed, with the same values", T, float, double,
                   std::int32_t, std::int64_t) {
  const lowered_threshold lowered;
  const index_t n = big_count<T>();
  const auto a = ramp<T>(n, 7, 101), b = ramp<T>(n, 3, 37), c = ramp<T>(n, 5, 1009);
  auto check = [&](const auto& out, index_t shift, const std::string& what) {
    index_t bad = 0;
    for (index_t i = 0; i < n; ++i) bad += out(i + shift) != static_cast<T>(a(i) * b(i) + c(i));
    CHECK_MESSAGE(bad == 0, what);
  };
  for (const auto& p : stream_policies) {
    INFO(std::string(p.name));
    weft::ndarray<T, 1> out(weft::shape<1>{n});
    const std::string plan = weft::explain(out, a * b + c, p.policy);
    CHECK_MESSAGE(has(plan, "stores: streaming") == (p.policy.simd && streams), plan);
    weft::assign(out, a * b + c, p.policy);
    check(out, 0, "aligned destination");
    // Rows that start off the batch alignment: a view one element in. The
    // elements around it must stay as they were.
    auto wide = weft::full<T>({n + 2}, T(9));
    weft::assign(wide(range(1, n + 1)), a * b + c, p.policy);
    check(wide, 1, "destination one element in");
    CHECK(wide(0) == T(9));
    CHECK(wide(n + 1) == T(9));
  }
}

TEST_CASE("streamed rows of a 2-D view: every row misaligned differently, columns outside untouched") {
  const lowered_threshold lowered;
  const index_t cols = 1001;
  const index_t rows = big_count<double>() / (cols - 2) + 1;
  const auto x = weft::eval(weft::arange(double(rows * (cols - 2))).reshape({rows, cols - 2}) * 0.5);
  const auto y = weft::arange(double(cols - 2));  // broadcast along rows
  for (const auto& p : stream_policies) {
    INFO(std::string(p.name));
    auto big = weft::full<double>({rows, cols}, -1.0);
    auto inner = big(all, range(1, cols - 1));
    const std::string plan = weft::explain(inner, x - y, p.policy);
    CHECK_MESSAGE(has(plan, "stores: streaming") == (p.policy.simd && streams), plan);
    inner.assign(x - y, p.policy);
    index_t bad = 0;
    for (index_t i = 0; i < rows; ++i) {
      bad += big(i, 0) != -1.0 || big(i, cols - 1) != -1.0;
      for (index_t j = 0; j < cols - 2; ++j) bad += big(i, j + 1) != x(i, j) - y(j);
    }
    CHECK(bad == 0);
  }
}

TEST_CASE("no streaming when the destination is small, read by the expression, or strided") {
  const lowered_threshold lowered;
  const index_t n = big_count<double>();
  auto a = ramp<double>(n, 7, 101);
  const auto b = ramp<double>(n, 3, 37);
  // Read by the expression (a = a * b + 1): its lines are in cache anyway.
  CHECK(has(weft::explain(a, a * b + 1.0), "stores: ordinary"));
  const auto before = weft::eval(a * 1.0);
  a = a * b + 1.0;
  index_t bad = 0;
  for (index_t i = 0; i < n; ++i) bad += a(i) != before(i) * b(i) + 1.0;
  CHECK(bad == 0);
  // Small.
  weft::ndarray<double, 1> small(weft::shape<1>{1000});
  CHECK(has(weft::explain(small, b(range(0, 1000)) * 2.0), "stores: ordinary"));
  // A strided destination.
  auto twice = weft::zeros<double>({2 * n});
  CHECK(has(weft::explain(twice(range(0, 2 * n, 2)), b * 2.0), "stores: ordinary"));
}

TEST_CASE("the tiled loop streams too: a.T + b into a big contiguous destination") {
  const lowered_threshold lowered;
  const index_t rows = 410, cols = 389;  // > 1 MiB of doubles, several partial tiles
  const auto at = weft::eval(weft::arange(double(rows * cols)).reshape({cols, rows}) * 0.25);
  const auto b = weft::eval(weft::arange(double(rows * cols)).reshape({rows, cols}) * 0.5);
  for (const auto& p : stream_policies) {
    INFO(std::string(p.name));
    auto big = weft::full<double>({rows, cols + 1}, -1.0);
    auto dst = big(all, range(1, cols + 1));  // rows start off the alignment
    const std::string plan = weft::explain(dst, at.T() + b, p.policy);
    CHECK_MESSAGE(has(plan, "inner loop: tiled"), plan);
    CHECK_MESSAGE(has(plan, "stores: streaming") == (p.policy.simd && streams), plan);
    dst.assign(at.T() + b, p.policy);
    index_t bad = 0;
    for (index_t i = 0; i < rows; ++i) {
      bad += big(i, 0) != -1.0;
      for (index_t j = 0; j < cols; ++j) bad += big(i, j + 1) != at(j, i) + b(i, j);
    }
    CHECK(bad == 0);
  }
}
