// Seed article 000, "How to use Numba with CPU cores effectively?", in weft.
//
// The article: @jit runs on one core, @jit(parallel=True) on all of them
// (it writes `@numba.jit(numba.parallel=True)`, which is a syntax error:
// the keyword is `parallel=True`), and NUMBA_NUM_THREADS=4 sets the count.
//
// In weft array expressions need no switch: each is split over weft's
// threads when the work pays for it (tiny ones stay on the calling thread).
// The count comes from
//   - the environment, WEFT_NUM_THREADS=4 ./seed_000_cpu_cores, read once at
//     first use (default: the cores the process may run on);
//   - the API, weft::set_num_threads(k), for the loops started afterwards;
//     weft::num_threads() reads it.
// This program shows both (it runs itself again with WEFT_NUM_THREADS set)
// and prints the scaling of one 10M-element expression on 1 and 2 threads.
// The times are only printed: on a 1-core machine 2 threads cannot be faster.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <thread>

#include <weft/weft.hpp>

#include "support.hpp"

namespace {

using seeds::best_ms;

// Runs this program again with WEFT_NUM_THREADS=value and returns the line
// it prints (the thread count it starts with, or weft's error).
std::string child_reports(const std::string& self, const char* value) {
  const std::string command = std::string("WEFT_NUM_THREADS='") + value + "' '" + self + "' --print-threads";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return "(could not run " + command + ")";
  std::string text;
  char buf[256];
  while (std::fgets(buf, sizeof buf, pipe)) text += buf;
  pclose(pipe);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

} // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--print-threads") == 0) {
    try {
      std::printf("%d\n", weft::num_threads());
    } catch (const weft::value_error& e) {
      std::printf("value_error: %s\n", e.what());
    }
    return 0;
  }

  bool ok = true;
  const char* env = std::getenv("WEFT_NUM_THREADS");
  const int initial = weft::num_threads();
  std::printf("weft::num_threads() = %d (%s); the machine has %u hardware threads\n", initial,
              env ? (std::string("from WEFT_NUM_THREADS=") + env).c_str() : "the cores this process may run on",
              std::thread::hardware_concurrency());

  // The environment, in a child process (the variable is read once, at the
  // first use, so it must be set before the program starts).
  // (On Linux /proc/self/exe names this program, however it was started.)
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::string self = ec ? std::string(argv[0]) : exe.string();
  const std::string three = child_reports(self, "3"), bad = child_reports(self, "four");
  std::printf("WEFT_NUM_THREADS=3:    the program starts with %s thread(s)\n", three.c_str());
  std::printf("WEFT_NUM_THREADS=four: %s\n", bad.c_str());
  if (three.empty() || three.find_first_not_of("0123456789") != std::string::npos) {
    std::printf("  (could not run this program again: skipped)\n");
  } else if (three != "3") {
    std::printf("FAILED: expected 3\n");
    ok = false;
  }

  // One workload, 1 and 2 threads through the API.
  const weft::index_t n = 10'000'000;
  const weft::ndarray<double, 1> a = weft::linspace(0.0, 1.0, n), b = 2.0 * a;
  weft::ndarray<double, 1> out(a.shape());
  auto work = [&] { weft::assign(out, weft::sin(a) * weft::cos(b)); };
  std::printf("workload: out = sin(a) * cos(b), %td doubles, best of 3\n", n);
  double ms[3] = {};
  for (int k : {1, 2}) {
    weft::set_num_threads(k);
    work();  // warm up: pages touched, threads started
    ms[k] = best_ms(3, work);
    const std::string plan = weft::explain(out, weft::sin(a) * weft::cos(b));
    const auto at = plan.find("threads:");
    std::printf("  set_num_threads(%d): %7.2f ms   explain: %s\n", k, ms[k],
                plan.substr(at, plan.find('\n', at) - at).c_str());
  }
  std::printf("  1 thread / 2 threads = %.2fx (2.00x is perfect scaling; below it: memory bandwidth, other load, or\n"
              "  fewer than 2 cores, where the 2 threads take turns)\n", ms[1] / ms[2]);
  weft::set_num_threads(initial);

  // The result against a plain loop (SIMD sin and cos are within a few ulps of libm's).
  weft::index_t wrong = 0;
  for (weft::index_t i = 0; i < n; ++i) wrong += std::abs(out(i) - std::sin(a(i)) * std::cos(b(i))) > 1e-15;
  std::printf("%td of %td values differ from sin(a[i]) * cos(b[i])\n", wrong, n);
  ok = ok && wrong == 0;
  std::printf("%s\n", ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
