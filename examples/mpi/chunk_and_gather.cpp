// The flow of "How to use Numba with MPI?": each rank computes its chunk with
// a compiled kernel, the root gathers the results and aggregates them.
//
//   Python (mpi4py + Numba)                     weft
//   comm = MPI.COMM_WORLD                       weft::mpi::environment env(argc, argv); communicator world;
//   start = rank * chunk_size                   block_partition part(n, world)  (any n, not only multiples)
//   data_chunk = prepare_data(start, end)       weft::linspace(...) over the chunk's range
//   result = compute(data_chunk)  (@njit)       a weft::vectorize kernel: SIMD lanes and threads
//   all_results = comm.gather(result, root=0)   weft::mpi::gather(result, world)
//   final_result = process_results(...)         weft::mean / weft::max at the root
//
// The article's code gathers one result per rank; here each rank's result
// is an array, and the root gets them stacked in rank order. The last line
// shows the shorter way when only an aggregate is wanted: weft::mpi::sum
// reduces across ranks without gathering anything, with the same bits as
// the single-process sum.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <weft/mpi.hpp>

int main(int argc, char** argv) {
  weft::mpi::environment env(argc, argv);
  const weft::mpi::communicator world;
  const weft::index_t n = 2'000'003;  // not a multiple of the rank count
  const double t0 = MPI_Wtime();

  // This rank's chunk of the points x_i = i / (n - 1), i in [0, n).
  const weft::mpi::block_partition part(n, world);
  const weft::index_t start = part.begin(world.rank()), end = part.end(world.rank());
  const weft::ndarray<double, 1> x =
      weft::arange<double>(start, end) / double(n - 1);

  // compute(): a damped oscillation, as a generic kernel (runs on SIMD lanes).
  const auto compute = weft::vectorize([](auto t) { return weft::exp(-3.0 * t) * weft::sin(40.0 * t); });
  const weft::ndarray<double, 1> result = compute(x);

  const auto all_results = weft::mpi::gather(result, world);
  const double t1 = MPI_Wtime();
  int status = 0;
  if (world.rank() == 0) {
    const double mean = weft::mean(all_results), peak = weft::max(all_results);
    const weft::index_t where = weft::argmax(all_results);
    std::printf("%d ranks, %d threads each: %td points computed in chunks and gathered in %.1f ms\n", world.size(),
                weft::num_threads(), all_results.size(), 1e3 * (t1 - t0));
    std::printf("  mean %.12f, peak %.12f at x = %.6f\n", mean, peak, double(where) / double(n - 1));
    // The same in one process, to check the gathered array.
    // Elements at the chunks' ends may come from scalar code here and from
    // SIMD lanes there: exp and sin then differ in their last bits.
    const weft::ndarray<double, 1> whole = compute(weft::arange<double>(0, n) / double(n - 1));
    double ulps = 0;
    for (weft::index_t i = 0; i < n; ++i) {
      const double spacing = std::nextafter(std::abs(whole(i)), INFINITY) - std::abs(whole(i));
      ulps = std::max(ulps, std::abs(whole(i) - all_results(i)) / spacing);
    }
    status = ulps <= 4 ? 0 : 1;
    std::printf("  %s: the gathered array is the single-process one within %.0f ulp\n", status ? "FAILED" : "ok",
                ulps);
  }
  // Only the mean wanted: no gather at all.
  const double mean = weft::mpi::sum(compute(x), world) / double(n);
  if (world.rank() == 0) std::printf("  weft::mpi::sum without gathering: mean %.12f\n", mean);
  return weft::mpi::broadcast(status, world);
}
