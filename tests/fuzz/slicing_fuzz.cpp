// Fuzz target for the slicing and broadcasting front end: bytes become a
// matrix and a sequence of operations on views of it (NumPy slices with
// any start, stop and step, transposes, row indexing, broadcasting against
// another array, aliased assignment, reductions, reshape). Each result is
// checked against a model written for this file (NumPy's slice rules,
// spelled out, on a flat buffer); the only exceptions allowed are weft's,
// and only where NumPy raises too.
//
// Built two ways:
//   - with clang's libFuzzer (-DWEFT_LIBFUZZER, -fsanitize=fuzzer,...):
//     LLVMFuzzerTestOneInput, for open-ended fuzzing;
//   - as a plain program: `slicing_fuzz [cases] [seed]` runs random inputs
//     from a fixed seed, so CI replays the same cases under every sanitizer.
// A failure prints the operation, the shapes and the input bytes, and aborts.
#include <weft/weft.hpp>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

using weft::index_t;

// The input, read front to back; zeros once it runs out.
struct byte_reader {
  const std::uint8_t* p;
  std::size_t n;
  std::uint8_t u8() {
    if (n == 0) return 0;
    --n;
    return *p++;
  }
  // Mostly small values, sometimes the extremes of index_t.
  index_t index() {
    const std::uint8_t kind = u8();
    switch (kind % 16) {
    case 0: return std::numeric_limits<index_t>::max();
    case 1: return std::numeric_limits<index_t>::min();
    case 2: return std::numeric_limits<index_t>::max() / 2 + u8();
    default: return static_cast<index_t>(static_cast<std::int8_t>(u8())) % 24;
    }
  }
  index_t step() {
    const std::uint8_t kind = u8();
    switch (kind % 16) {
    case 0: return std::numeric_limits<index_t>::max();
    case 1: return std::numeric_limits<index_t>::min();
    case 2: return index_t(1) << 40;
    default: return static_cast<index_t>(kind % 9) - 4;  // -4..4, 0 included
    }
  }
};

const std::uint8_t* g_data = nullptr;
std::size_t g_size = 0;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "slicing_fuzz: %s\ninput (%zu bytes):", what.c_str(), g_size);
  for (std::size_t i = 0; i < g_size; ++i) std::fprintf(stderr, " %02x", g_data[i]);
  std::fprintf(stderr, "\n");
  std::abort();
}

// A 2-D view in the model: elements base[offset + i * strides[0] + j * strides[1]].
struct model_view {
  index_t offset = 0;
  std::array<index_t, 2> shape{}, strides{};
  index_t at(index_t i, index_t j) const { return offset + i * strides[0] + j * strides[1]; }
};

struct slice_spec {
  bool has_start, has_stop;
  index_t start, stop, step;
  weft::range as_range() const {
    if (has_start && has_stop) return {start, stop, step};
    if (has_start) return {start, weft::none, step};
    if (has_stop) return {weft::none, stop, step};
    return {weft::none, weft::none, step};
  }
};

// NumPy's PySlice_AdjustIndices, in 128-bit arithmetic: the first index and
// the count of a slice of an axis of length len (step != 0).
void adjust(index_t len, const slice_spec& s, index_t& first, index_t& count) {
  __extension__ typedef __int128 wide;  // (a GNU type: exact for any index_t sum)
  const wide n = len;
  const wide step = s.step == std::numeric_limits<index_t>::min() ? -wide(std::numeric_limits<index_t>::max()) : wide(s.step);
  wide start, stop;
  if (step > 0) {
    start = s.has_start ? wide(s.start) : 0;
    stop = s.has_stop ? wide(s.stop) : n;
    if (start < 0) start = start + n < 0 ? 0 : start + n;
    else if (start > n) start = n;
    if (stop < 0) stop = stop + n < 0 ? 0 : stop + n;
    else if (stop > n) stop = n;
    count = static_cast<index_t>(stop > start ? (stop - start - 1) / step + 1 : 0);
  } else {
    start = s.has_start ? wide(s.start) : n - 1;
    stop = s.has_stop ? wide(s.stop) : -n - 1;
    if (start < 0) start = start + n < 0 ? -1 : start + n;
    else if (start >= n) start = n - 1;
    if (stop < 0) stop = stop + n < 0 ? -1 : stop + n;
    else if (stop >= n) stop = n - 1;
    count = static_cast<index_t>(stop < start ? (start - stop - 1) / (-step) + 1 : 0);
  }
  first = static_cast<index_t>(start);
}

std::string shape_text(const std::array<index_t, 2>& s) {
  return "(" + std::to_string(s[0]) + ", " + std::to_string(s[1]) + ")";
}

// Runs f; true if it threw a weft::error, false if it returned. Any other
// exception is a defect.
template <class F>
bool throws_weft_error(const char* op, F&& f) {
  try {
    f();
    return false;
  } catch (const weft::error&) {
    return true;
  } catch (const std::exception& e) {
    fail(std::string(op) + ": an exception that is not weft's: " + e.what());
  }
}

class fuzz_case {
public:
  explicit fuzz_case(byte_reader in) : in_(in) {
    const index_t rows = in_.u8() % 10, cols = in_.u8() % 10;
    base_.resize(static_cast<std::size_t>(rows * cols));
    for (std::size_t k = 0; k < base_.size(); ++k) base_[k] = double(k);
    expect_.assign(base_.begin(), base_.end());
    view_.emplace(weft::adapt(base_.data(), weft::shape{rows, cols}));
    model_ = {0, {rows, cols}, {cols, 1}};
  }

  void run() {
    for (int step = 0; step < 8 && in_.n > 0; ++step) {
      switch (in_.u8() % 7) {
      case 0: slice(); break;
      case 1: transpose(); break;
      case 2: broadcast_add(); break;
      case 3: aliased_assign(); break;
      case 4: row(); break;
      case 5: reductions(); break;
      case 6: reshape(); break;
      }
      check_view("after an operation");
    }
  }

private:
  double model_value(index_t i, index_t j) const { return expect_[static_cast<std::size_t>(model_.at(i, j))]; }

  void check_view(const char* when) const {
    const auto& v = *view_;
    if (v.shape()[0] != model_.shape[0] || v.shape()[1] != model_.shape[1])
      fail(std::string(when) + ": weft's shape " + weft::to_string(v.shape()) + ", NumPy's " +
           shape_text(model_.shape));
    for (index_t i = 0; i < model_.shape[0]; ++i)
      for (index_t j = 0; j < model_.shape[1]; ++j)
        if (v(i, j) != model_value(i, j))
          fail(std::string(when) + ": element (" + std::to_string(i) + ", " + std::to_string(j) + ") is " +
               std::to_string(v(i, j)) + ", expected " + std::to_string(model_value(i, j)));
  }

  slice_spec read_slice() {
    const std::uint8_t flags = in_.u8();
    return {(flags & 1) != 0, (flags & 2) != 0, in_.index(), in_.index(), in_.step()};
  }

  void slice() {
    const slice_spec s0 = read_slice(), s1 = read_slice();
    std::optional<weft::view<double, 2>> sliced;
    const bool threw = throws_weft_error("slice", [&] { sliced.emplace((*view_)(s0.as_range(), s1.as_range())); });
    if (s0.step == 0 || s1.step == 0) {
      if (!threw) fail("a slice with step 0 did not throw");
      return;
    }
    if (threw) fail("a valid slice threw");
    model_view next = model_;
    const slice_spec specs[2] = {s0, s1};
    for (int k = 0; k < 2; ++k) {
      index_t first = 0, count = 0;
      adjust(model_.shape[k], specs[k], first, count);
      next.shape[k] = count;
      if (count > 0) next.offset += first * model_.strides[k];
      // Strides of an axis with at most one element are never used.
      next.strides[k] = count > 1 ? model_.strides[k] * specs[k].step : model_.strides[k];
    }
    view_.emplace(*sliced);
    model_ = next;
  }

  void transpose() {
    view_.emplace(view_->T());
    std::swap(model_.shape[0], model_.shape[1]);
    std::swap(model_.strides[0], model_.strides[1]);
  }

  // r = view + w for a w of a random small shape: NumPy's broadcasting.
  void broadcast_add() {
    auto extent = [&](index_t mine) {
      const std::uint8_t b = in_.u8() % 4;
      return b == 0 ? index_t(1) : b == 1 ? mine : index_t(b - 2);  // 1, the same, 0 or 1
    };
    const index_t p = extent(model_.shape[0]), q = extent(model_.shape[1]);
    weft::ndarray<double, 2> w(weft::shape{p, q});
    for (index_t k = 0; k < w.size(); ++k) w.data()[k] = 1000.0 * double(k + 1);
    auto out_extent = [](index_t a, index_t b, bool& ok) {
      if (a == b || b == 1) return a;
      if (a == 1) return b;
      ok = false;
      return a;
    };
    bool ok = true;
    const index_t r0 = out_extent(model_.shape[0], p, ok), r1 = out_extent(model_.shape[1], q, ok);
    weft::ndarray<double, 2> r;
    const bool threw = throws_weft_error("broadcast", [&] { r = *view_ + w; });
    if (threw != !ok)
      fail("broadcasting " + shape_text(model_.shape) + " with " + shape_text({p, q}) +
           (ok ? " threw" : " did not throw"));
    if (!ok) return;
    if (r.shape()[0] != r0 || r.shape()[1] != r1) fail("broadcast result shape " + weft::to_string(r.shape()));
    for (index_t i = 0; i < r0; ++i)
      for (index_t j = 0; j < r1; ++j) {
        const double expected = model_value(model_.shape[0] == 1 ? 0 : i, model_.shape[1] == 1 ? 0 : j) +
                                w(p == 1 ? 0 : i, q == 1 ? 0 : j);
        if (r(i, j) != expected) fail("broadcast element (" + std::to_string(i) + ", " + std::to_string(j) + ")");
      }
  }

  // v = v.T() on a square view (overlapping, another layout: NumPy's result
  // is as if through a copy), else v += 1.
  void aliased_assign() {
    if (model_.shape[0] == model_.shape[1]) {
      std::vector<double> next = expect_;
      for (index_t i = 0; i < model_.shape[0]; ++i)
        for (index_t j = 0; j < model_.shape[1]; ++j)
          next[static_cast<std::size_t>(model_.at(i, j))] = model_value(j, i);
      if (throws_weft_error("v = v.T()", [&] { *view_ = view_->T(); })) fail("v = v.T() threw");
      expect_ = next;
    } else {
      if (throws_weft_error("v += 1", [&] { *view_ += 1.0; })) fail("v += 1 threw");
      for (index_t i = 0; i < model_.shape[0]; ++i)
        for (index_t j = 0; j < model_.shape[1]; ++j) expect_[static_cast<std::size_t>(model_.at(i, j))] += 1.0;
    }
  }

  // v(i, all): negative i counts from the end; out of range throws.
  void row() {
    const index_t i = in_.index();
    const index_t n = model_.shape[0];
    std::optional<weft::view<double, 1>> r;
    const bool threw = throws_weft_error("v(i, all)", [&] { r.emplace((*view_)(i, weft::all)); });
    const bool valid = i >= -n && i < n;
    if (threw == valid) fail("v(" + std::to_string(i) + ", all) on " + shape_text(model_.shape) +
                             (valid ? " threw" : " did not throw"));
    if (!valid) return;
    const index_t ii = i < 0 ? i + n : i;
    for (index_t j = 0; j < model_.shape[1]; ++j)
      if ((*r)(j) != model_value(ii, j)) fail("v(i, all) element " + std::to_string(j));
  }

  void reductions() {
    double total = 0;
    for (index_t i = 0; i < model_.shape[0]; ++i)
      for (index_t j = 0; j < model_.shape[1]; ++j) total += model_value(i, j);
    if (weft::sum(*view_) != total) fail("sum");
    const auto columns = weft::sum(*view_, 0);
    for (index_t j = 0; j < model_.shape[1]; ++j) {
      double c = 0;
      for (index_t i = 0; i < model_.shape[0]; ++i) c += model_value(i, j);
      if (columns(j) != c) fail("sum along axis 0, column " + std::to_string(j));
    }
    const bool empty = model_.shape[0] * model_.shape[1] == 0;
    double largest = 0;
    const bool threw = throws_weft_error("max", [&] { largest = weft::max(*view_); });
    if (threw != empty) fail(empty ? "max of an empty view did not throw" : "max threw");
    if (!empty) {
      double m = model_value(0, 0);
      for (index_t i = 0; i < model_.shape[0]; ++i)
        for (index_t j = 0; j < model_.shape[1]; ++j) m = std::max(m, model_value(i, j));
      if (largest != m) fail("max");
    }
  }

  // reshape to one dimension: weft refuses a layout it cannot view without
  // copying (NumPy would copy); when it succeeds, the order is row-major.
  void reshape() {
    std::optional<weft::view<double, 1>> flat;
    if (throws_weft_error("reshape", [&] { flat.emplace(view_->reshape(weft::shape{-1})); })) {
      if (view_->is_contiguous()) fail("reshape of a contiguous view threw");
      return;
    }
    index_t k = 0;
    for (index_t i = 0; i < model_.shape[0]; ++i)
      for (index_t j = 0; j < model_.shape[1]; ++j, ++k)
        if ((*flat)(k) != model_value(i, j)) fail("reshape element " + std::to_string(k));
  }

  byte_reader in_;
  std::vector<double> base_;    // what weft's views look at
  std::vector<double> expect_;  // what the model says base_ holds
  std::optional<weft::view<double, 2>> view_;  // (a view's = writes elements: emplace rebinds)
  model_view model_;
};

int fuzz_one(const std::uint8_t* data, std::size_t size) {
  g_data = data;
  g_size = size;
  fuzz_case(byte_reader{data, size}).run();
  return 0;
}

} // namespace

#ifdef WEFT_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { return fuzz_one(data, size); }
#else
int main(int argc, char** argv) {
  const long cases = argc > 1 ? std::atol(argv[1]) : 20000;
  const unsigned long seed = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 1;
  std::mt19937_64 rng(seed);
  std::vector<std::uint8_t> input;
  for (long c = 0; c < cases; ++c) {
    input.resize(rng() % 96);
    for (auto& b : input) b = static_cast<std::uint8_t>(rng());
    fuzz_one(input.data(), input.size());
  }
  std::printf("slicing_fuzz: %ld cases from seed %lu, no mismatch\n", cases, seed);
  return 0;
}
#endif
