// Numba's first prange example, done right: square every element of
// arange(1_000_000) into a separate output array.
//
//   @njit(parallel=True)
//   def calculate_squares(arr):
//       result = np.empty_like(arr)
//       for i in prange(arr.shape[0]):
//           result[i] = arr[i] ** 2
//       return result
//
// Each iteration reads arr[i] and writes only result[i], so the iterations
// are independent: exactly what prange needs. (Writing back into a shared
// scalar, or reading result[i - 1], would not be.)
#include <cstdint>
#include <cstdio>
#include <vector>

#include <weft/parallel/prange.hpp>
#include <weft/parallel/threads.hpp>

int main() {
  const weft::index_t n = 1'000'000;
  std::vector<std::int64_t> arr(n), result(n);
  weft::prange(n, [&](weft::index_t i) { arr[i] = i; });  // np.arange(n)

  weft::prange(n, [&](weft::index_t i) { result[i] = arr[i] * arr[i]; });

  weft::index_t wrong = 0;
  for (weft::index_t i = 0; i < n; ++i) wrong += result[i] != i * i;

  std::printf("calculate_squares: result[i] = arr[i]**2 for i in prange(%td), %d threads\n", n,
              weft::num_threads());
  for (weft::index_t i : {weft::index_t{0}, weft::index_t{1}, weft::index_t{2}, weft::index_t{1000}, n - 1})
    std::printf("  result[%td] = %lld\n", i, static_cast<long long>(result[i]));
  std::printf("%s: %td of %td values differ from i*i\n", wrong == 0 ? "ok" : "FAILED", wrong, n);
  return wrong == 0 ? 0 : 1;
}
