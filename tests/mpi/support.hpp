#pragma once
// Shared by the MPI tests: global arrays every rank builds alike, cut in
// blocks by any partition.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include <weft/mpi.hpp>

namespace weft_mpi_test {

using weft::index_t;

// Values of mixed magnitudes and signs (1e-6 to 1e6), the same on every rank.
template <class T>
weft::ndarray<T, 1> mixed_values(index_t n, unsigned seed) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> mag(-6.0, 6.0), sign(-1.0, 1.0);
  weft::ndarray<T, 1> x(weft::shape{n});
  for (index_t i = 0; i < n; ++i) x(i) = static_cast<T>(std::pow(10.0, mag(gen)) * sign(gen));
  return x;
}

// Where each rank's block starts (ranks + 1 cut points over [0, n)):
// 0 block_partition, 1 everything on rank 0, 2 everything on the last rank,
// 3 random cuts (blocks of 0 included), 4 cuts one past multiples of 1000.
inline std::vector<index_t> cuts(index_t n, int ranks, int pattern, unsigned seed = 7) {
  std::vector<index_t> c(std::size_t(ranks) + 1, 0);
  c.back() = n;
  const weft::mpi::block_partition part(n, ranks);
  for (int r = 1; r < ranks; ++r) {
    switch (pattern) {
      case 0: c[std::size_t(r)] = part.begin(r); break;
      case 1: c[std::size_t(r)] = n; break;
      case 2: c[std::size_t(r)] = 0; break;
      case 3: {
        std::mt19937_64 gen(seed + unsigned(r));
        c[std::size_t(r)] = std::uniform_int_distribution<index_t>(0, n)(gen);
        break;
      }
      default: c[std::size_t(r)] = std::min(n, index_t(r) * 1000 + 1);
    }
  }
  for (std::size_t r = 1; r < c.size(); ++r) c[r] = std::max(c[r], c[r - 1]);
  return c;
}

template <class T>
bool same_bits(T a, T b) {
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}

} // namespace weft_mpi_test
