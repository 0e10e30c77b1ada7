// weft::matmul against a long double triple loop, on both backends (the
// configured one through matmul, weft's own kernel called directly): odd
// shapes around the tile and block sizes, views of every layout, stacks and
// 1-D operands, NumPy's types and wrap-around, out=, aliasing and errors.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <weft/weft.hpp>

using weft::index_t;
using weft::range;

namespace {

// Values in [-1, 1) from a fixed sequence, so every test sees the same data.
template <class T, std::size_t N>
weft::ndarray<T, N> filled(const weft::shape<N>& s, unsigned seed) {
  weft::ndarray<T, N> a(s);
  std::uint32_t x = 2463534242u + seed * 7919u;
  for (auto& v : a) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    v = static_cast<T>(static_cast<double>(x % 2001) / 1000.0 - 1.0);
  }
  return a;
}

// Checks c == a b elementwise within the rounding bound of a k-term sum:
// |c - exact| <= 2 k eps sum_k |a_ik b_kj| (plus the tiniest normal for 0).
template <class C, class A, class B>
void check_product(const C& c, const A& a, const B& b, const std::string& what) {
  using T = typename C::value_type;
  REQUIRE(c.extent(0) == a.extent(0));
  REQUIRE(c.extent(1) == b.extent(1));
  const index_t m = a.extent(0), k = a.extent(1), n = b.extent(1);
  const long double eps = std::numeric_limits<T>::epsilon();
  int bad = 0;
  for (index_t i = 0; i < m; ++i)
    for (index_t j = 0; j < n; ++j) {
      long double exact = 0, magnitude = 0;
      for (index_t p = 0; p < k; ++p) {
        const long double t = static_cast<long double>(a(i, p)) * static_cast<long double>(b(p, j));
        exact += t;
        magnitude += std::fabs(t);
      }
      const long double err = std::fabs(static_cast<long double>(c(i, j)) - exact);
      if (!(err <= 2 * static_cast<long double>(k) * eps * magnitude + std::numeric_limits<T>::min()) && bad++ < 3)
        FAIL_CHECK(what << ": c(" << i << ", " << j << ") = " << c(i, j) << ", exact " << double(exact));
    }
  CHECK_MESSAGE(bad == 0, what << ": " << bad << " elements off");
}

// weft's own kernel on a, b into a new array (no BLAS).
template <class T, class A, class B>
weft::ndarray<T, 2> own(const A& a, const B& b, const weft::execution_policy& policy) {
  namespace g = weft::detail::gemm;
  weft::ndarray<T, 2> c(weft::shape{a.extent(0), b.extent(1)}, T(-7));
  using EA = typename A::value_type;
  using EB = typename B::value_type;
  const auto va = a.as_view();
  const auto vb = b.as_view();
  const auto vc = c.as_view();
  g::own_product(g::matrix_ref<const EA>{va.data(), va.extent(0), va.extent(1), va.strides()[0], va.strides()[1]},
                 g::matrix_ref<const EB>{vb.data(), vb.extent(0), vb.extent(1), vb.strides()[0], vb.strides()[1]},
                 g::matrix_ref<T>{vc.data(), vc.extent(0), vc.extent(1), vc.strides()[0], vc.strides()[1]}, policy);
  return c;
}

template <class T>
bool same_bits(const weft::ndarray<T, 2>& x, const weft::ndarray<T, 2>& y) {
  if (x.shape() != y.shape()) return false;
  for (index_t i = 0; i < x.extent(0); ++i)
    for (index_t j = 0; j < x.extent(1); ++j)
      if (std::memcmp(&x(i, j), &y(i, j), sizeof(T)) != 0) return false;
  return true;
}

#if WEFT_USE_BLAS
// The BLAS bridge is tested even on a host where OpenBLAS runs generic
// kernels (weft's matmul would take its own kernel there).
const bool bridge_always_tested = [] {
  weft::detail::blas::keep_generic_blas = true;
  return true;
}();
#endif

const weft::execution_policy all_policies[] = {weft::seq, weft::simd, weft::par, weft::par_simd, weft::auto_policy};

}  // namespace

TEST_CASE_TEMPLATE("matmul: odd shapes around the tiles and blocks, both backends", T, double, float) {
  // k = 300 crosses the block of 256 rows of B; m = 127 the block of 120
  // rows of A; 1, primes and sizes next to every tile width elsewhere.
  const index_t shapes[][3] = {{1, 1, 1}, {1, 7, 1}, {3, 1, 5}, {7, 13, 5}, {6, 16, 8},
                               {13, 17, 33}, {127, 300, 19}, {2, 257, 3}, {61, 5, 97}};
  for (const auto& s : shapes) {
    const auto a = filled<T>(weft::shape{s[0], s[1]}, 1);
    const auto b = filled<T>(weft::shape{s[1], s[2]}, 2);
    const std::string what = "(" + std::to_string(s[0]) + ", " + std::to_string(s[1]) + ") @ (" +
                             std::to_string(s[1]) + ", " + std::to_string(s[2]) + ")";
    const weft::ndarray<T, 2> c = weft::matmul(a, b);
    static_assert(std::is_same_v<decltype(weft::matmul(a, b)), weft::ndarray<T, 2>>);
    check_product(c, a, b, what + " " + weft::matmul_backend());
    const auto reference = own<T>(a, b, weft::seq);
    check_product(reference, a, b, what + " own kernel");
    // The same bits under every policy and thread count.
    for (const auto& p : all_policies) CHECK_MESSAGE(same_bits(own<T>(a, b, p), reference), what);
    weft::set_num_threads(1);
    CHECK(same_bits(own<T>(a, b, weft::par_simd), reference));
    weft::set_num_threads(2);
  }
}

TEST_CASE("matmul: empty operands") {
  const weft::ndarray<double, 2> a(weft::shape{3, 0}), b(weft::shape{0, 4});
  const auto c = weft::matmul(a, b);  // k = 0: zeros, as NumPy
  REQUIRE(c.shape() == weft::shape{3, 4});
  for (double v : c) CHECK(v == 0.0);
  CHECK(weft::matmul(weft::ndarray<double, 2>(weft::shape{0, 5}), filled<double>(weft::shape{5, 2}, 3)).shape() ==
        weft::shape{0, 2});
  CHECK(weft::matmul(filled<double>(weft::shape{2, 5}, 3), weft::ndarray<double, 2>(weft::shape{5, 0})).shape() ==
        weft::shape{2, 0});
  const auto i0 = weft::matmul(weft::ndarray<int, 2>(weft::shape{2, 0}), weft::ndarray<int, 2>(weft::shape{0, 2}));
  for (int v : i0) CHECK(v == 0);
  const auto stack = weft::matmul(weft::ndarray<double, 3>(weft::shape{0, 2, 3}), filled<double>(weft::shape{3, 4}, 4));
  CHECK(stack.shape() == weft::shape{0, 2, 4});
}

TEST_CASE("matmul: views of every layout, on both backends") {
  const auto base = filled<double>(weft::shape{40, 50}, 5);
  const auto other = filled<double>(weft::shape{50, 40}, 6);
  const auto a = base(range(0, 37), range(0, 45));      // strided rows
  const auto at = other(range(0, 45), range(0, 37)).T();  // column-major (transposed)
  const auto rev = base(range(36, weft::none, -1), range(44, weft::none, -2));  // negative strides, (37, 23)
  const auto tb = other(range(0, 31), range(0, 23)).T();  // (23, 31), column-major
  const auto b = other(range(0, 45), range(0, 29));
  check_product(weft::matmul(a, b), a, b, "strided @ strided");
  check_product(weft::matmul(at, b), at, b, "transposed @ strided");
  check_product(weft::matmul(a, b(range(44, weft::none, -1), weft::all)), a, b(range(44, weft::none, -1), weft::all), "reversed b");
  check_product(weft::matmul(rev, tb), rev, tb, "negative strides @ transposed");
  CHECK(same_bits(own<double>(rev, tb, weft::seq),
                  own<double>(weft::ndarray<double, 2>(rev), weft::ndarray<double, 2>(tb), weft::par_simd)));
  // A zero-stride operand: every row of a the same.
  const weft::ndarray<double, 1> row = filled<double>(weft::shape{45}, 7);
  const weft::view<const double, 2> same_rows(row.data(), weft::shape{9, 45}, weft::strides_t<2>{0, 1});
  const auto c = weft::matmul(same_rows, b);
  check_product(c, same_rows, b, "stride-0 rows");
  // weft's kernel sums every element in the same order: equal rows, equal
  // bits (a BLAS may take another path for its edge rows).
  const auto mine = own<double>(same_rows, b, weft::simd);
  for (index_t i = 1; i < 9; ++i)
    for (index_t j = 0; j < 29; ++j) CHECK(mine(i, j) == mine(0, j));
  // A lazy operand is evaluated once first.
  const auto lazy = weft::matmul(a * 2.0, b);
  check_product(lazy, weft::ndarray<double, 2>(a * 2.0), b, "lazy");
}

TEST_CASE("matmul: stacks broadcast and 1-D operands, as NumPy") {
  const auto a = filled<double>(weft::shape{8, 1, 5, 7}, 8);
  const auto b = filled<double>(weft::shape{3, 7, 4}, 9);
  const auto c = weft::matmul(a, b);
  REQUIRE(c.shape() == weft::shape{8, 3, 5, 4});
  for (index_t s = 0; s < 8; ++s)
    for (index_t t = 0; t < 3; ++t)
      check_product(c(s, t), a(s, 0), b(t), "stack " + std::to_string(s) + ", " + std::to_string(t));

  const auto m = filled<double>(weft::shape{6, 7}, 10);
  const auto v = filled<double>(weft::shape{7}, 11);
  const auto mv = weft::matmul(m, v);  // (6, 7) @ (7,) -> (6,)
  static_assert(std::is_same_v<decltype(mv), const weft::ndarray<double, 1>>);
  check_product(mv(weft::all, weft::newaxis), m, v(weft::all, weft::newaxis), "matrix @ vector");
  const auto vm = weft::matmul(v, b);  // (7,) @ (3, 7, 4) -> (3, 4)
  REQUIRE(vm.shape() == weft::shape{3, 4});
  for (index_t t = 0; t < 3; ++t) check_product(vm(range(t, t + 1), weft::all), v(weft::newaxis, weft::all), b(t), "vector @ stack");
  const auto sv = weft::matmul(a, v);  // (8, 1, 5, 7) @ (7,) -> (8, 1, 5)
  REQUIRE(sv.shape() == weft::shape{8, 1, 5});
  check_product(sv(2, 0)(weft::all, weft::newaxis), a(2, 0), v(weft::all, weft::newaxis), "stack @ vector");
  const double dot = weft::matmul(v, v);  // 1-D @ 1-D: a scalar
  long double want = 0;
  for (index_t i = 0; i < 7; ++i) want += static_cast<long double>(v(i)) * v(i);
  CHECK(dot == doctest::Approx(double(want)).epsilon(1e-15));
  // Integer vectors take the row loop: exact.
  const weft::ndarray<std::int64_t, 2> im{{1, 2, 3}, {4, 5, 6}};
  const weft::ndarray<std::int64_t, 1> iv{7, 8, 9};
  const auto imv = weft::matmul(im, iv);
  CHECK(imv(0) == 50);
  CHECK(imv(1) == 122);
  CHECK(weft::matmul(iv, im.T())(1) == 122);
}

TEST_CASE("matmul: NumPy's types, integer wrap-around and bool") {
  const weft::ndarray<std::int8_t, 2> a{{100, 100, 7}};
  const weft::ndarray<std::int8_t, 2> b{{2}, {2}, {-3}};
  const auto c = weft::matmul(a, b);
  static_assert(std::is_same_v<decltype(c)::value_type, std::int8_t>);
  CHECK(c(0, 0) == 123);  // NumPy: int8 sums wrap (379 - 256)
  const weft::ndarray<std::uint8_t, 2> u{{200, 100}};
  const weft::ndarray<std::uint8_t, 2> w{{2}, {1}};
  CHECK(weft::matmul(u, w)(0, 0) == 244);
  const weft::ndarray<std::int64_t, 2> big{{std::numeric_limits<std::int64_t>::max(), 1}};
  const weft::ndarray<std::int64_t, 2> two{{2}, {1}};
  CHECK(weft::matmul(big, two)(0, 0) == -1);  // wraps, no undefined behaviour (UBSan runs this)

  const weft::ndarray<bool, 2> p{{true, false}, {true, true}};
  const weft::ndarray<bool, 2> q{{false, true}, {true, false}};
  const auto pq = weft::matmul(p, q);
  static_assert(std::is_same_v<decltype(pq)::value_type, bool>);
  CHECK(pq(0, 0) == false);
  CHECK(pq(0, 1) == true);
  CHECK(pq(1, 0) == true);
  CHECK(pq(1, 1) == true);

  const auto f32 = filled<float>(weft::shape{5, 9}, 12);
  const auto i32 = weft::ndarray<std::int32_t, 2>(weft::shape{9, 4}, 3);
  const auto i16 = weft::ndarray<std::int16_t, 2>(weft::shape{9, 4}, 3);
  static_assert(std::is_same_v<decltype(weft::matmul(f32, i32))::value_type, double>);  // NumPy: float64
  static_assert(std::is_same_v<decltype(weft::matmul(f32, i16))::value_type, float>);   // NumPy: float32
  const auto mixed = weft::matmul(f32, i32);
  check_product(mixed, weft::ndarray<double, 2>(f32), weft::ndarray<double, 2>(i32), "float32 @ int32");
}

TEST_CASE("matmul: NaN and infinity propagate in weft's kernel") {
  auto a = filled<double>(weft::shape{7, 9}, 13);
  const auto b = filled<double>(weft::shape{9, 10}, 14);
  a(3, 4) = std::nan("");
  a(5, 0) = std::numeric_limits<double>::infinity();
  weft::ndarray<double, 2> zeros(weft::shape{9, 10}, 0.0);
  for (const auto& p : all_policies) {
    const auto c = own<double>(a, b, p);
    for (index_t j = 0; j < 10; ++j) {
      CHECK(std::isnan(c(3, j)));
      CHECK(std::isinf(c(5, j)));
      CHECK(std::isfinite(c(0, j)));
    }
    const auto z = own<double>(a, zeros, p);  // inf * 0 and NaN * 0 are NaN, as NumPy (with OpenBLAS)
    CHECK(std::isnan(z(3, 0)));
    CHECK(std::isnan(z(5, 0)));
    CHECK(z(0, 0) == 0.0);
  }
}

TEST_CASE("matmul: out= of any layout and same_kind type; aliasing") {
  const auto a = filled<double>(weft::shape{11, 13}, 15);
  const auto b = filled<double>(weft::shape{13, 17}, 16);
  const auto want = weft::matmul(a, b);
  weft::ndarray<double, 2> out(weft::shape{11, 17}, -1.0);
  const auto r = weft::matmul(a, b, out);
  CHECK(r.data() == out.data());
  CHECK(same_bits(out, want));
  // A column-major out, a strided out and a float32 out.
  weft::ndarray<double, 2> cm(weft::shape{17, 11}, -1.0);
  weft::matmul(a, b, cm.T());
  check_product(cm.T(), a, b, "column-major out");
  weft::ndarray<double, 2> wide(weft::shape{22, 34}, -1.0);
  weft::matmul(a, b, wide(range(0, 22, 2), range(33, 0, -2)));
  check_product(wide(range(0, 22, 2), range(33, 0, -2)), a, b, "strided reversed out");
  CHECK(wide(1, 0) == -1.0);
  weft::ndarray<float, 2> narrow(weft::shape{11, 17});
  weft::matmul(a, b, narrow);
  CHECK(narrow(3, 4) == static_cast<float>(want(3, 4)));
  // out is an operand: computed aside, then written.
  auto sq = filled<double>(weft::shape{9, 9}, 17);
  const weft::ndarray<double, 2> sq0 = sq;
  weft::matmul(sq, sq, sq);
  check_product(sq, sq0, sq0, "out == a == b");
  auto stack = filled<double>(weft::shape{3, 4, 4}, 18);
  const weft::ndarray<double, 3> stack0 = stack;
  weft::matmul(stack, stack0(0), stack);
  for (index_t s = 0; s < 3; ++s) check_product(stack(s), stack0(s), stack0(0), "stacked out == a");
  // Matrix-vector into out.
  weft::ndarray<double, 1> mv(weft::shape{11});
  weft::matmul(a, b(weft::all, 0), mv);
  check_product(mv(weft::all, weft::newaxis), a, b(weft::all, range(0, 1)), "matrix @ vector out");
}

TEST_CASE("matmul: shape errors name both shapes") {
  const weft::ndarray<double, 2> a(weft::shape{2, 3}), b(weft::shape{4, 5});
  CHECK_THROWS_WITH_AS(weft::matmul(a, b), "matmul: shapes (2, 3) and (4, 5) not aligned: 3 (dim 1) != 4 (dim 0)",
                       weft::shape_error);
  const weft::ndarray<double, 1> v(weft::shape{4});
  CHECK_THROWS_WITH_AS(weft::matmul(a, v), "matmul: shapes (2, 3) and (4,) not aligned: 3 (dim 1) != 4 (dim 0)",
                       weft::shape_error);
  const weft::ndarray<double, 3> s2(weft::shape{2, 2, 3}), s3(weft::shape{3, 3, 4});
  CHECK_THROWS_WITH_AS(weft::matmul(s2, s3),
                       "matmul: shapes (2, 2, 3) and (3, 3, 4) do not broadcast: their stacks differ at batch "
                       "dimension 0 (2 and 3)",
                       weft::shape_error);
  weft::ndarray<double, 2> out(weft::shape{2, 4});
  const weft::ndarray<double, 2> b34(weft::shape{3, 5});
  CHECK_THROWS_WITH_AS(weft::matmul(a, b34, out),
                       "matmul: out has shape (2, 4) but shapes (2, 3) and (3, 5) give shape (2, 5)", weft::shape_error);
  weft::ndarray<double, 1> one(weft::shape{5});
  const weft::view<double, 2> broadcast(one.data(), weft::shape{2, 5}, weft::strides_t<2>{0, 1});
  CHECK_THROWS_AS(weft::matmul(a, b34, broadcast), weft::value_error);
}

TEST_CASE("matmul: a BLAS running generic kernels on a host with AVX2 gives way to weft's own kernel") {
  namespace b = weft::detail::blas;
  CHECK(b::generic_core("Prescott", true));
  CHECK(b::generic_core("NEHALEM", true));
  CHECK(!b::generic_core("Prescott", false));  // (the host could not do better)
  CHECK(!b::generic_core("Haswell", true));
  CHECK(!b::generic_core("SkylakeX", true));
  CHECK(!b::generic_core("Zen", true));
  CHECK(!b::generic_core(nullptr, true));  // (not OpenBLAS)
#if WEFT_USE_BLAS
  if (b::generic_core(b::core_name(), b::host_has_avx2())) {
    b::keep_generic_blas = false;
    const std::string backend = weft::matmul_backend();
    CHECK_MESSAGE(backend.find("weft's blocked kernel") == 0, backend);
    CHECK_MESSAGE(backend.find("OPENBLAS_CORETYPE") != std::string::npos, backend);
    const auto a = filled<double>(weft::shape{37, 41}, 1);
    const auto c = filled<double>(weft::shape{41, 29}, 2);
    check_product(weft::matmul(a, c), a, c, "own kernel in place of a generic BLAS");
    b::keep_generic_blas = true;
  }
#endif
}
