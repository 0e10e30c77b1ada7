// Seed article 001, "How to use Numba for multi-threading?", done right.
//
// The article compiles a prange kernel and then also starts its own threads:
//
//   @nb.njit(parallel=True)
//   def calculate_squares(arr):                   # ONE parameter
//       result = np.empty_like(arr)
//       for i in nb.prange(arr.shape[0]):
//           result[i] = arr[i] ** 2
//       return result
//
//   arr = np.arange(1000000); num_threads = 4; chunk_size = len(arr) // num_threads
//   output = np.empty_like(arr)
//   for i in range(num_threads):
//       start = i * chunk_size; end = (i + 1) * chunk_size
//       thread = threading.Thread(target=lambda: calculate_squares(arr[start:end], output[start:end]))
//       ...
//   print(output)
//
// The bug: each thread calls calculate_squares with TWO arguments, so every
// call raises TypeError inside its thread (threading only prints it), nothing
// is written, and print(output) shows whatever np.empty_like left in memory.
// Two more waiting behind it: the lambda reads start and end when the thread
// runs, not when it is made (Python's late binding), so threads may square
// the same chunk; and len(arr) // num_threads drops the remainder when the
// length does not divide. Even fixed, it starts 4 threads that each start
// prange's own thread pool.
//
// In weft there is nothing to hand-thread: prange splits the loop over
// weft's threads (and keeps it serial when it is cheap), and the array
// expression arr * arr does the same in one fused SIMD loop. The two-argument
// form the threads wanted is weft::assign(output, arr * arr).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include <weft/weft.hpp>

#include "support.hpp"

namespace {

using int_array = weft::ndarray<std::int64_t, 1>;

using seeds::best_ms;

// The article's kernel, one argument, as Numba's prange loop.
int_array calculate_squares(const int_array& arr) {
  int_array result = weft::empty_like(arr);
  weft::prange(arr.size(), [&](weft::index_t i) { result(i) = arr(i) * arr(i); });
  return result;
}

// The call the article's threads meant: into an existing output. One fused
// loop (SIMD lanes, threads when it pays).
void calculate_squares(const int_array& arr, int_array& output) { weft::assign(output, arr * arr); }

// The hand-made threads, fixed, for comparison: chunk bounds captured by
// value, the last chunk takes the remainder, a serial loop in each thread.
void squares_by_hand(const int_array& arr, int_array& output, int num_threads) {
  const weft::index_t n = arr.size(), chunk = n / num_threads;
  std::vector<std::thread> threads;
  for (int t = 0; t < num_threads; ++t) {
    const weft::index_t start = t * chunk, end = t == num_threads - 1 ? n : start + chunk;
    threads.emplace_back([&arr, &output, start, end] {
      for (weft::index_t i = start; i < end; ++i) output(i) = arr(i) * arr(i);
    });
  }
  for (auto& th : threads) th.join();
}

// Plain loop check: out[i] == i * i for every i.
weft::index_t count_wrong(const int_array& out) {
  weft::index_t wrong = 0;
  for (weft::index_t i = 0; i < out.size(); ++i) wrong += out(i) != i * i;
  return wrong;
}

} // namespace

int main() {
  const weft::index_t n = 1'000'000;
  const int_array arr = weft::arange(n);  // int64, as np.arange
  int_array output(arr.shape()), by_hand(arr.shape());

  std::printf("calculate_squares of arange(%td), int64, %d weft threads\n", n, weft::num_threads());

  int_array result = calculate_squares(arr);
  calculate_squares(arr, output);
  squares_by_hand(arr, by_hand, 4);
  const weft::index_t wrong_prange = count_wrong(result), wrong_assign = count_wrong(output),
                      wrong_hand = count_wrong(by_hand);

  const double t_prange = best_ms(5, [&] { result = calculate_squares(arr); });
  const double t_assign = best_ms(5, [&] { calculate_squares(arr, output); });
  const double t_hand = best_ms(5, [&] { squares_by_hand(arr, by_hand, 4); });

  std::printf("  prange loop, a new array    %7.3f ms  %td wrong\n", t_prange, wrong_prange);
  std::printf("  assign(output, arr * arr)   %7.3f ms  %td wrong\n", t_assign, wrong_assign);
  std::printf("  4 std::threads by hand      %7.3f ms  %td wrong\n", t_hand, wrong_hand);
  std::printf("  output = [%lld %lld %lld ... %lld]\n", static_cast<long long>(output(0)),
              static_cast<long long>(output(1)), static_cast<long long>(output(2)),
              static_cast<long long>(output(n - 1)));

  // The article's warning about small tasks, in weft's terms: a tiny loop
  // stays on the calling thread under the default policy.
  int_array small = weft::arange(100), small_out(small.shape());
  const std::string plan = weft::explain(small_out, small * small);
  std::printf("  100 elements: %s\n", plan.substr(plan.find("threads:"), plan.find('\n', plan.find("threads:")) -
                                                                             plan.find("threads:")).c_str());

  const bool ok = wrong_prange == 0 && wrong_assign == 0 && wrong_hand == 0;
  std::printf("%s\n", ok ? "ok: every output[i] == i * i" : "FAILED");
  return ok ? 0 : 1;
}
