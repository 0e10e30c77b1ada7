// weft::stencil: 1-D to 3-D kernels against a naive loop with an independent
// border model, every border mode and policy, odd shapes and views;
// NumPy's values (np.pad) for the border modes; explicit neighbourhoods.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <string>
#include <type_traits>

#include "support.hpp"

using weft::index_t;
using weft::none;
using weft::range;

namespace {

const weft::stencil_border all_modes[] = {weft::border::constant, weft::border::constant(-1.5), weft::border::padded,
                                          weft::border::padded(2.0), weft::border::nearest, weft::border::reflect,
                                          weft::border::wrap};

std::string mode_name(const weft::stencil_border& m) {
  const char* names[] = {"constant", "padded", "nearest", "reflect", "wrap"};
  return std::string(names[int(m.kind)]) + "(" + std::to_string(m.value) + ")";
}

// Where index i reads from, by stepping (not the library's closed forms);
// -1: outside (padded).
index_t model_index(index_t i, index_t n, weft::border_kind kind) {
  if (kind == weft::border_kind::padded && (i < 0 || i >= n)) return -1;
  while (i < 0 || i >= n) {
    if (kind == weft::border_kind::nearest) i = i < 0 ? 0 : n - 1;
    else if (kind == weft::border_kind::wrap) i += i < 0 ? n : -n;
    else if (i < 0) i = -i - 1;  // reflect, edge repeated
    else i = 2 * n - 1 - i;
  }
  return i;
}

// The naive stencil: every element, reads mapped by the model; in constant
// mode, elements whose reads leave the array get the value.
template <class T, std::size_t N, class Fn>
auto naive_stencil(const weft::view<const T, N>& v, Fn fn, weft::stencil_border mode) {
  using R = std::remove_cvref_t<decltype(fn(std::declval<weft::detail::interior_accessor<T, N>>()))>;
  weft::ndarray<R, N> out(v.shape());
  for (index_t f = 0; f < v.size(); ++f) {
    const auto at = kt::unravel<N>(f, v.shape());
    bool left = false;
    auto read = [&](auto... d) {
      const std::array<index_t, N> off{index_t(d)...};
      std::array<index_t, N> idx{};
      for (std::size_t k = 0; k < N; ++k) {
        const index_t i = at[k] + off[k];
        if (i < 0 || i >= v.shape()[k]) left = true;
        idx[k] = model_index(i, v.shape()[k], mode.kind);
        if (idx[k] < 0) return static_cast<T>(mode.value);
      }
      return kt::at(v, idx);
    };
    const R r = static_cast<R>(fn(read));
    out.data()[f] = left && mode.kind == weft::border_kind::constant ? static_cast<R>(mode.value) : r;
  }
  return out;
}

auto asym1 = [](const auto& a) { return a(-2) + 2.0 * a(0) + 3.0 * a(1); };
auto laplace2 = [](const auto& a) { return 0.25 * (a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1)) - a(0, 0); };
auto seven3 = [](const auto& a) {
  return a(-1, 0, 0) + a(1, 0, 0) + a(0, -1, 0) + a(0, 1, 0) + a(0, 0, -2) + a(0, 0, 1) - 6.0 * a(0, 0, 0);
};

template <std::size_t N, class Fn>
void check_stencil(const weft::ndarray<double, N>& a, Fn fn, const std::string& what) {
  for (const auto& mode : all_modes) {
    const auto want = naive_stencil(a.as_view(), fn, mode);
    const auto k = weft::stencil(fn, mode);
    for (const auto& p : kt::all_policies) {
      const auto got = k(a, p.policy);
      CHECK(got.shape() == a.shape());
      kt::check_all(got, [&](auto i) { return kt::at(want.as_view(), i); }, 0,
                    what + " " + mode_name(mode) + " " + p.name);
    }
  }
}

} // namespace

TEST_CASE("NumPy's values for every border mode (np.pad), 1-D") {
  const weft::ndarray<double, 1> x{1, 2, 4, 7, 11, 16};
  const double symmetric[] = {10, 17, 30, 49, 74, 87}, edge[] = {9, 17, 30, 49, 74, 87},
               wrap[] = {19, 32, 30, 49, 74, 42}, zero_pad[] = {8, 16, 30, 49, 74, 39}, numba[] = {0, 0, 30, 49, 74, 0};
  auto check = [&](weft::stencil_border m, const double* want) {
    kt::check_all(weft::stencil(asym1, m)(x), [&](auto i) { return want[i[0]]; }, 0, mode_name(m));
  };
  check(weft::border::reflect, symmetric);
  check(weft::border::nearest, edge);
  check(weft::border::wrap, wrap);
  check(weft::border::padded, zero_pad);
  check(weft::border::constant, numba);
}

TEST_CASE("1-D stencils on odd sizes") {
  for (index_t n : {index_t{0}, index_t{1}, index_t{2}, index_t{7}, index_t{1023}, index_t{1000003}})
    check_stencil(kt::make<double>(weft::shape{n}, 1), asym1, "n=" + std::to_string(n));
}

TEST_CASE("2-D and 3-D stencils on odd shapes") {
  for (const auto& s : {weft::shape{1, 1}, weft::shape{2, 9}, weft::shape{3, 5}, weft::shape{37, 41}, weft::shape{257, 1029}})
    check_stencil(kt::make<double>(s, 2), laplace2, weft::to_string(s));
  for (const auto& s : {weft::shape{2, 1, 9}, weft::shape{5, 6, 7}, weft::shape{9, 17, 33}})
    check_stencil(kt::make<double>(s, 3), seven3, weft::to_string(s));
}

TEST_CASE("views in and out: negative, transposed and gapped strides") {
  const auto base = kt::make<double>(weft::shape{40, 66}, 4);
  const weft::view<const double, 2> views[] = {base(range(none, none, -1), range(0, none, 2)), base.T(),
                                               base(range(3, 30), range(none, none, -3))};
  for (const auto& v : views)
    for (const auto& mode : {weft::border::constant, weft::border::reflect, weft::border::wrap}) {
      const auto want = naive_stencil(v, laplace2, mode);
      for (const auto& p : kt::all_policies) {
        const auto got = weft::stencil(laplace2, mode)(v, p.policy);
        kt::check_all(got, [&](auto i) { return kt::at(want.as_view(), i); }, 0, "view " + mode_name(mode) + p.name);
        // Into a strided output.
        weft::ndarray<double, 2> big(weft::shape{v.extent(0) * 2, v.extent(1)});
        const auto out = big(range(none, none, -2), weft::all);
        weft::stencil(laplace2, mode)(v, out, p.policy);
        kt::check_all(out, [&](auto i) { return kt::at(want.as_view(), i); }, 0, "strided out " + mode_name(mode));
      }
    }
}

TEST_CASE("explicit neighbourhoods, dtypes, expressions, in-place and errors") {
  const auto a = kt::make<double>(weft::shape{31, 29}, 5);
  // An explicit neighbourhood (for reads that depend on values in ways
  // recording could miss).
  auto pick = [](const auto& g) { return g(0, 0) > 0.6 ? g(1, 0) : g(-1, 1); };
  const auto k = weft::stencil(pick, weft::scalar_only, weft::border::nearest).with_neighbourhood({{-1, 1}, {0, 1}});
  for (const auto& p : kt::all_policies)
    kt::check_all(k(a, p.policy), [&, want = naive_stencil(a.as_view(), pick, weft::border::nearest)](auto i) {
      return want(i[0], i[1]);
    }, 0, p.name);
  // A wider explicit neighbourhood only widens the constant border.
  const auto wide = weft::stencil(laplace2).with_neighbourhood({{-2, 2}, {-1, 1}})(a);
  const auto narrow = weft::stencil(laplace2)(a);
  kt::check_all(wide, [&](auto i) { return i[0] < 2 || i[0] >= 29 ? 0.0 : narrow(i[0], i[1]); }, 0, "wide");
  CHECK_THROWS_AS(weft::stencil(laplace2).with_neighbourhood({{-1, 1}})(a), weft::value_error);
  CHECK_THROWS_AS(weft::stencil(asym1).with_neighbourhood({{1, 2}}), weft::value_error);

  // The result dtype is the kernel's: int stays int, a comparison is bool.
  const weft::ndarray<std::int32_t, 1> ints{3, 1, 4, 1, 5, 9, 2, 6};
  const auto diff = weft::stencil([](const auto& g) { return g(1) - g(-1); }, weft::border::wrap)(ints);
  static_assert(std::is_same_v<decltype(diff)::value_type, std::int32_t>);
  CHECK(diff(0) == 1 - 6);
  // g(1) is read only when g(0) > g(-1): recording must still find it.
  auto is_peak = [](const auto& g) { return g(0) > g(-1) && g(0) > g(1); };
  const auto peak = weft::stencil(is_peak)(ints);
  static_assert(std::is_same_v<decltype(peak)::value_type, bool>);
  CHECK(peak(2));
  CHECK(!peak(3));
  CHECK(!peak(7));  // the border: Numba's constant 0 (false)
  const auto big_ints = kt::make<std::int32_t>(weft::shape{index_t{5001}}, 6);
  for (const auto& p : kt::all_policies) {
    const auto want_peaks = naive_stencil(big_ints.as_view(), is_peak, weft::border::wrap);
    kt::check_all(weft::stencil(is_peak, weft::border::wrap)(big_ints, p.policy),
                  [&](auto i) { return want_peaks(i[0]); }, 0, std::string("peaks ") + p.name);
  }
  // Both branches of a ?: are found too.
  const auto pick_recorded = weft::stencil(pick, weft::scalar_only, weft::border::nearest)(a);
  kt::check_all(pick_recorded, [&, want = naive_stencil(a.as_view(), pick, weft::border::nearest)](auto i) {
    return want(i[0], i[1]);
  }, 0, "recorded ?:");

  // An expression is evaluated once; in place goes through a temporary.
  const auto from_expr = weft::stencil(laplace2, weft::border::wrap)(a * 2.0);
  const auto want = naive_stencil(weft::view<const double, 2>(weft::ndarray<double, 2>(a * 2.0)), laplace2, weft::border::wrap);
  kt::check_all(from_expr, [&](auto i) { return want(i[0], i[1]); }, 0, "expression");
  weft::ndarray<double, 2> g = a;
  weft::stencil(laplace2, weft::border::reflect)(g, g);
  const auto want_g = naive_stencil(a.as_view(), laplace2, weft::border::reflect);
  kt::check_all(g, [&](auto i) { return want_g(i[0], i[1]); }, 0, "in place");
  weft::ndarray<double, 2> wrong(weft::shape{31, 28});
  CHECK_THROWS_AS(weft::stencil(laplace2)(a, wrong), weft::shape_error);
}
