#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <weft/parallel/parallel_reduce.hpp>
#include <weft/parallel/prange.hpp>

#include "support.hpp"

using weft::index_t;
using weft_test::threads_guard;

namespace {

struct test_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

constexpr index_t sizes[] = {0, 1, 2, 7, 13, 1023, 100003};

auto add_index = [](long long& acc, index_t i) { acc += i; };
auto plus_ll = [](long long a, long long b) { return a + b; };

// One million values of magnitudes from 2^-30 to 2^30 and both signs: their
// floating-point sum depends on the order of the additions.
const std::vector<double>& mixed_values() {
  static const std::vector<double> x = [] {
    std::vector<double> v(1'000'000);
    for (std::size_t i = 0; i < v.size(); ++i)
      v[i] = std::ldexp(std::sin(0.7 * static_cast<double>(i)), static_cast<int>((i * 7919) % 61) - 30);
    return v;
  }();
  return x;
}

double reduce_sum(const std::vector<double>& x, weft::execution_policy policy) {
  return weft::parallel_reduce(
      static_cast<index_t>(x.size()), 0.0, [&](double& acc, index_t i) { acc += x[static_cast<std::size_t>(i)]; },
      [](double& a, const double& b) { a += b; }, policy);
}

// The tree documented in parallel_reduce.hpp, written out serially.
double documented_tree_sum(const std::vector<double>& x, index_t b, index_t e, index_t grain) {
  if (e - b <= grain) {
    double acc = 0.0;
    for (index_t i = b; i < e; ++i) acc += x[static_cast<std::size_t>(i)];
    return acc;
  }
  const index_t m = b + (e - b) / 2;
  const double left = documented_tree_sum(x, b, m, grain);
  const double right = documented_tree_sum(x, m, e, grain);
  return left + right;
}

std::uint64_t bits(double d) { return std::bit_cast<std::uint64_t>(d); }

// int64 multiplication that wraps around like NumPy's (no signed overflow).
std::int64_t wrap_mul(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
}
std::int64_t wrap_pow(std::int64_t base, index_t n) {
  std::int64_t r = 1;
  for (; n > 0; n /= 2, base = wrap_mul(base, base))
    if (n % 2) r = wrap_mul(r, base);
  return r;
}

struct boxed {  // a value type without a default constructor
  explicit boxed(long long v_) : v(v_) {}
  long long v;
};

} // namespace

static_assert(weft::reduce_body<decltype(add_index), long long>);
static_assert(!weft::reduce_body<decltype(add_index), double>);  // needs a long long&
static_assert(!weft::reduce_body<void (*)(index_t), long long>);
static_assert(weft::reduce_combine<decltype(plus_ll), long long>);
static_assert(weft::reduce_combine<void (*)(long long&, const long long&), long long>);
static_assert(!weft::reduce_combine<std::string (*)(long long, long long), long long>);
static_assert(!weft::reduce_combine<void (*)(long long&), long long>);

TEST_CASE("parallel_reduce sums 0..n-1 exactly under every policy") {
  threads_guard guard;
  for (int k : weft_test::thread_counts) {
    weft::set_num_threads(k);
    for (const auto& np : weft_test::all_policies) {
      const char* name = np.name;  // no structured bindings: clang 14 cannot capture them
      const weft::execution_policy policy = np.policy;
      for (index_t n : sizes) {
        CAPTURE(k);
        CAPTURE(name);
        CAPTURE(n);
        const long long got = weft::parallel_reduce(n, 0LL, add_index, plus_ll, policy);
        CHECK(got == static_cast<long long>(n) * (n - 1) / 2);
      }
    }
  }
}

TEST_CASE("parallel_reduce over a range sees Python's range values") {
  threads_guard guard;
  weft::set_num_threads(2);
  struct case_t {
    index_t start, stop, step;
  };
  for (const auto& c : {case_t{0, 10, 3}, case_t{10, 0, -3}, case_t{-5, 5, 2}, case_t{100000, -100000, -7},
                        case_t{5, 5, 1}, case_t{5, 0, 1}}) {
    long long expected = 0, count = 0;
    for (index_t v = c.start; c.step > 0 ? v < c.stop : v > c.stop; v += c.step) expected += v * v, ++count;
    for (const auto& np : weft_test::all_policies) {
      const char* name = np.name;  // no structured bindings: clang 14 cannot capture them
      const weft::execution_policy policy = np.policy;
      CAPTURE(c.start);
      CAPTURE(c.stop);
      CAPTURE(c.step);
      CAPTURE(name);
      const auto got = weft::parallel_reduce(
          weft::range(c.start, c.stop, c.step), std::tuple<long long, long long>{0, 0},
          [](std::tuple<long long, long long>& acc, index_t v) {
            std::get<0>(acc) += v * v;
            std::get<1>(acc) += 1;
          },
          [](const std::tuple<long long, long long>& a, const std::tuple<long long, long long>& b) {
            return std::tuple<long long, long long>{std::get<0>(a) + std::get<0>(b), std::get<1>(a) + std::get<1>(b)};
          },
          policy);
      CHECK(std::get<0>(got) == expected);
      CHECK(std::get<1>(got) == count);
    }
  }
}

TEST_CASE("parallel_reduce over nothing returns init; a zero step throws") {
  CHECK(weft::parallel_reduce(0, 42LL, add_index, plus_ll) == 42);
  CHECK(weft::parallel_reduce(-3, 42LL, add_index, plus_ll, weft::par) == 42);
  CHECK(weft::parallel_reduce(weft::range(5, 5), 42LL, add_index, plus_ll) == 42);
  CHECK(weft::parallel_reduce(weft::range(5, 0), 42LL, add_index, plus_ll, weft::par) == 42);
  CHECK_THROWS_AS(weft::parallel_reduce(weft::range(0, 10, 0), 0LL, add_index, plus_ll), weft::value_error);
}

TEST_CASE("init seeds every leaf of the documented tree") {
  // n = 10, grain 5: leaves [0,5) [5,10). Grain 3: [0,2) [2,5) [5,7) [7,10).
  CHECK(weft::parallel_reduce(10, 1LL, add_index, plus_ll, weft::seq.with_grain(5)) == 45 + 2);
  CHECK(weft::parallel_reduce(10, 1LL, add_index, plus_ll, weft::par.with_grain(3)) == 45 + 4);
  CHECK(weft::parallel_reduce(10, 1LL, add_index, plus_ll, weft::seq.with_grain(10)) == 45 + 1);
  // Default grain ceil(n / 64): n = 640 gives 64 leaves of 10.
  CHECK(weft::parallel_reduce(640, 1LL, add_index, plus_ll) == 640 * 639 / 2 + 64);
}

TEST_CASE("a floating-point sum is bit-identical across threads, policies and runs") {
  threads_guard guard;
  const auto& x = mixed_values();
  const index_t n = static_cast<index_t>(x.size());

  weft::set_num_threads(1);
  const double reference = reduce_sum(x, weft::seq);
  const double reference_g = reduce_sum(x, weft::seq.with_grain(1000));

  // The result is the documented tree, and the tree matters: a plain
  // left-to-right loop, or another grain, rounds differently on this data.
  CHECK(bits(reference) == bits(documented_tree_sum(x, 0, n, (n + 63) / 64)));
  CHECK(bits(reference_g) == bits(documented_tree_sum(x, 0, n, 1000)));
  double naive = 0.0;
  for (double v : x) naive += v;
  CHECK(bits(naive) != bits(reference));
  CHECK(bits(reference_g) != bits(reference));

  for (int run = 0; run < 3; ++run) {
    for (int k : weft_test::thread_counts) {
      weft::set_num_threads(k);
      for (auto policy : {weft::seq, weft::simd, weft::par, weft::par_simd, weft::auto_policy}) {
        CAPTURE(run);
        CAPTURE(k);
        CHECK(bits(reduce_sum(x, policy)) == bits(reference));
        CHECK(bits(reduce_sum(x, policy.with_grain(1000))) == bits(reference_g));
      }
    }
  }
}

TEST_CASE("a tuple accumulator: sum, min, max and count at once") {
  threads_guard guard;
  weft::set_num_threads(2);
  const auto& x = mixed_values();
  const index_t n = 200003;
  using acc_t = std::tuple<long long, double, double, index_t>;
  const acc_t identity{0, std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), 0};
  acc_t expected = identity;
  for (index_t i = 0; i < n; ++i) {
    const double v = x[static_cast<std::size_t>(i)];
    std::get<0>(expected) += i % 7;
    std::get<1>(expected) = std::min(std::get<1>(expected), v);
    std::get<2>(expected) = std::max(std::get<2>(expected), v);
    std::get<3>(expected) += 1;
  }
  for (const auto& np : weft_test::all_policies) {
    const char* name = np.name;  // no structured bindings: clang 14 cannot capture them
    const weft::execution_policy policy = np.policy;
    CAPTURE(name);
    const acc_t got = weft::parallel_reduce(
        n, identity,
        [&](acc_t& acc, index_t i) {
          const double v = x[static_cast<std::size_t>(i)];
          std::get<0>(acc) += i % 7;
          std::get<1>(acc) = std::min(std::get<1>(acc), v);
          std::get<2>(acc) = std::max(std::get<2>(acc), v);
          std::get<3>(acc) += 1;
        },
        [](const acc_t& a, const acc_t& b) {
          return acc_t{std::get<0>(a) + std::get<0>(b), std::min(std::get<1>(a), std::get<1>(b)),
                       std::max(std::get<2>(a), std::get<2>(b)), std::get<3>(a) + std::get<3>(b)};
        },
        policy);
    CHECK(got == expected);
  }
}

TEST_CASE("a whole-array accumulator: W10's r *= t over n iterations, wrapping like int64") {
  threads_guard guard;
  constexpr std::size_t size = 13 * 17;
  std::vector<std::int64_t> t(size);
  for (std::size_t k = 0; k < size; ++k) t[k] = k == 0 ? 3 : (k % 3 == 1 ? -1 : (k % 3 == 2 ? 5 : 2));
  const index_t n = 20011;
  std::vector<std::int64_t> expected(size);
  for (std::size_t k = 0; k < size; ++k) expected[k] = wrap_mul(2, wrap_pow(t[k], n));  // r starts at 2

  const std::vector<std::int64_t> ones(size, 1);
  auto body = [&](std::vector<std::int64_t>& acc, index_t) {
    for (std::size_t k = 0; k < size; ++k) acc[k] = wrap_mul(acc[k], t[k]);
  };
  auto in_place = [](std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
    for (std::size_t k = 0; k < a.size(); ++k) a[k] = wrap_mul(a[k], b[k]);
  };
  auto by_value = [](const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
    std::vector<std::int64_t> c(a.size());
    for (std::size_t k = 0; k < a.size(); ++k) c[k] = wrap_mul(a[k], b[k]);
    return c;
  };
  for (int k : weft_test::thread_counts) {
    weft::set_num_threads(k);
    for (const auto& np : weft_test::all_policies) {
      const char* name = np.name;  // no structured bindings: clang 14 cannot capture them
      const weft::execution_policy policy = np.policy;
      CAPTURE(k);
      CAPTURE(name);
      auto r1 = weft::parallel_reduce(n, ones, body, in_place, policy);
      auto r2 = weft::parallel_reduce(n, ones, body, by_value, policy);
      for (auto& v : r1) v = wrap_mul(v, 2);
      for (auto& v : r2) v = wrap_mul(v, 2);
      CHECK(r1 == expected);
      CHECK(r2 == expected);
    }
  }
  // The plain W10 case: 2 * 2^n wraps to 0 for n >= 63.
  CHECK(wrap_mul(2, wrap_pow(2, n)) == 0);
}

TEST_CASE("a value type without a default constructor") {
  threads_guard guard;
  weft::set_num_threads(2);
  const boxed got = weft::parallel_reduce(
      1000, boxed{0}, [](boxed& acc, index_t i) { acc.v += i; },
      [](const boxed& a, const boxed& b) { return boxed{a.v + b.v}; }, weft::par);
  CHECK(got.v == 1000 * 999 / 2);
}

TEST_CASE("an exception thrown in a body or a combine reaches the caller, and the pool still works") {
  threads_guard guard;
  for (int k : weft_test::thread_counts) {
    weft::set_num_threads(k);
    for (const auto& np : weft_test::all_policies) {
      const char* name = np.name;  // no structured bindings: clang 14 cannot capture them
      const weft::execution_policy policy = np.policy;
      CAPTURE(k);
      CAPTURE(name);
      CHECK_THROWS_AS(weft::parallel_reduce(
                          100003, 0LL,
                          [](long long& acc, index_t i) {
                            if (i == 77777) throw test_error("body");
                            acc += i;
                          },
                          plus_ll, policy),
                      test_error);
      CHECK_THROWS_AS(weft::parallel_reduce(
                          100003, 0LL, add_index, [](long long, long long) -> long long { throw test_error("combine"); },
                          policy),
                      test_error);
      CHECK(weft::parallel_reduce(100003, 0LL, add_index, plus_ll, policy) == 100003LL * 100002 / 2);
    }
  }
}

TEST_CASE("parallel_reduce inside a prange body") {
  threads_guard guard;
  weft::set_num_threads(2);
  std::vector<long long> rows(16);
  weft::prange(
      16,
      [&](index_t r) {
        rows[static_cast<std::size_t>(r)] = weft::parallel_reduce(
            10000, 0LL, [r](long long& acc, index_t i) { acc += r * i; }, plus_ll, weft::par);
      },
      weft::par);
  for (index_t r = 0; r < 16; ++r) CHECK(rows[static_cast<std::size_t>(r)] == r * (10000LL * 9999 / 2));
}
