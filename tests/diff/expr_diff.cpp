// Differential tester: random expression trees evaluated by weft and by a
// reference evaluator written for this test (diff.hpp, reference.cpp).
//
// A case is a random tree. Each node is one weft evaluation (an operator, a
// ufunc, a fused formula of several, or a reduction) over random views of its
// children's results: slices with any step (negative ones too), transposes,
// newaxis, zero strides, lower-rank operands, broadcasting. Leaves are random
// arrays of a random dtype (bool, int32, int64, float32, float64) holding
// extremes, NaN, infinities and signed zeros. The node runs under a random
// execution policy and writes its result one of three ways: a new array
// (weft::eval), into a strided view of a larger array (the elements outside
// the view must stay untouched), or into a view of one of its own inputs
// (aliasing: the result must be NumPy's, as if computed before writing).
// The reference computes the same node one element at a time from its own
// model of the views, and every element is compared: exactly for integers
// and for correctly rounded float operations, within a few units in the last
// place for exp, sin and cos, within a bound on the rounding of a sum for
// sums and means. The result dtype and shape are compared too.
//
//   expr_diff [cases] [seed]        cases from a fixed seed (CI: 10000 1)
//   expr_diff --seconds S [seed]    as many cases as fit in S seconds
//   expr_diff --case N [seed]       case N alone, printing every node
// A mismatch prints the node, its operands and the command that replays it.
#include "diff.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <random>
#include <sstream>

namespace diff {
namespace {

using shape3 = std::array<index_t, 3>;

// ---- the random source ----------------------------------------------------

struct random_source {
  std::mt19937_64 engine;
  index_t below(index_t n) { return static_cast<index_t>(engine() % static_cast<std::uint64_t>(n)); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(engine) < p; }
  template <class C>
  const auto& pick(const C& c) {
    return c[static_cast<std::size_t>(below(static_cast<index_t>(std::size(c))))];
  }
};

index_t random_extent(random_source& rng) {
  static constexpr index_t common[] = {1, 1, 1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 31, 33};
  if (rng.chance(0.03)) return 0;
  return rng.pick(common);
}

shape3 random_shape(random_source& rng) {
  shape3 s{random_extent(rng), random_extent(rng), random_extent(rng)};
  // Now and then one long axis: several SIMD batches, and threads under
  // auto_policy (the other axes kept short).
  if (rng.chance(0.08)) {
    const auto axis = static_cast<std::size_t>(rng.below(3));
    s[axis] = 200 + rng.below(4000);
    for (std::size_t k = 0; k < 3; ++k)
      if (k != axis && s[0] * s[1] * s[2] > 60000) s[k] = 1;
  }
  return s;
}

index_t count(const shape3& s) { return s[0] * s[1] * s[2]; }

std::string text_of(const shape3& s) {
  // (appended piece by piece: g++ 12 warns, wrongly, on a chain of + here)
  std::string t = "(";
  for (std::size_t k = 0; k < 3; ++k) t.append(std::to_string(s[k])).append(k < 2 ? ", " : ")");
  return t;
}

weft::execution_policy random_policy(random_source& rng, std::string& text) {
  switch (rng.below(7)) {
  case 0: text = "seq"; return weft::seq;
  case 1: text = "simd"; return weft::simd;
  case 2: text = "par"; return weft::par;
  case 3: text = "par_simd"; return weft::par_simd;
  case 4: {
    // Threads down to small grains, so small arrays are split too.
    const index_t g = 1 + rng.below(64);
    text = "par.with_grain(" + std::to_string(g) + ")";
    return weft::par.with_grain(g);
  }
  case 5: {
    const index_t g = 1 + rng.below(64);
    text = "par_simd.with_grain(" + std::to_string(g) + ")";
    return weft::par_simd.with_grain(g);
  }
  default: text = "auto_policy"; return weft::auto_policy;
  }
}

// ---- element values -------------------------------------------------------

template <class T>
T random_element(random_source& rng) {
  if constexpr (std::is_same_v<T, bool>) {
    return rng.chance(0.5);
  } else if constexpr (std::is_integral_v<T>) {
    using lim = std::numeric_limits<T>;
    if (rng.chance(0.06)) {
      static constexpr T extremes[] = {lim::min(), lim::max(), T(lim::min() + 1), T(-1)};
      return rng.pick(extremes);
    }
    if (rng.chance(0.1)) return 0;
    return static_cast<T>(rng.below(19) - 9);
  } else {
    const double p = std::uniform_real_distribution<double>(0, 1)(rng.engine);
    if (p < 0.03) return std::numeric_limits<T>::quiet_NaN();
    if (p < 0.04) return std::numeric_limits<T>::infinity();
    if (p < 0.05) return -std::numeric_limits<T>::infinity();
    if (p < 0.08) return T(-0.0);
    if (p < 0.12) return T(0);
    if (p < 0.3) return static_cast<T>(rng.below(17) - 8);  // small integers: ties in max, exact zeros
    return static_cast<T>(std::uniform_real_distribution<double>(-10, 10)(rng.engine));
  }
}

// A weak C++ scalar of any magnitude: a small one, one at or next to a
// bound of some integer dtype's range (int8 to uint64), or any 64-bit one;
// a double that may be NaN, infinite, a signed zero or beyond float32's range.
weak_scalar random_weak(random_source& rng, bool is_float) {
  weak_scalar s;
  s.is_float = is_float;
  if (is_float) {
    static constexpr double specials[] = {std::numeric_limits<double>::quiet_NaN(),
                                          std::numeric_limits<double>::infinity(),
                                          -std::numeric_limits<double>::infinity(),
                                          -0.0,
                                          0.0,
                                          1e300,
                                          -1e300,
                                          1e-300,
                                          3.4028234663852886e38,  // float32's largest
                                          3.4028235677973366e38,  // the first double that rounds to inf in float32
                                          -3.5e38,
                                          16777217.0,  // 2^24 + 1: not a float32
                                          0x1p-149};   // float32's smallest subnormal
    const double p = std::uniform_real_distribution<double>(0, 1)(rng.engine);
    if (p < 0.3) s.f = rng.pick(specials);
    else if (p < 0.6) s.f = static_cast<double>(rng.below(17) - 8);
    else s.f = std::uniform_real_distribution<double>(-10, 10)(rng.engine);
    return s;
  }
  const wide lowest = std::numeric_limits<std::int64_t>::min();
  const wide highest = std::numeric_limits<std::uint64_t>::max();
  const double p = std::uniform_real_distribution<double>(0, 1)(rng.engine);
  if (p < 0.45) {
    static constexpr int powers[] = {7, 8, 15, 16, 31, 32, 53, 63, 64};
    const wide bound = wide(1) << rng.pick(powers);
    s.i = (rng.chance(0.5) ? bound : -bound) + (rng.below(5) - 2);
    s.i = std::clamp(s.i, lowest, highest);
  } else if (p < 0.85) {
    s.i = rng.below(19) - 9;
  } else {
    const std::uint64_t bits = rng.engine();
    s.i = rng.chance(0.5) ? wide(bits) : wide(static_cast<std::int64_t>(bits));
  }
  // Negative values reach weft as a long long, values beyond int64 as an
  // unsigned long long, the others as either.
  s.as_unsigned = s.i > std::numeric_limits<std::int64_t>::max() || (s.i >= 0 && rng.chance(0.5));
  return s;
}

template <class T>
value value_from(const T& x) {
  if constexpr (std::is_floating_point_v<T>) return {dtype_of<T>(), 0, static_cast<double>(x)};
  else return {dtype_of<T>(), static_cast<std::int64_t>(x), 0};
}

// The element at a flat offset of a buffer of dtype t.
value read(dtype t, const void* data, index_t offset) {
  switch (t) {
  case dtype::boolean: return value_from(static_cast<const bool*>(data)[offset]);
  case dtype::int32: return value_from(static_cast<const std::int32_t*>(data)[offset]);
  case dtype::int64: return value_from(static_cast<const std::int64_t*>(data)[offset]);
  case dtype::float32: return value_from(static_cast<const float*>(data)[offset]);
  case dtype::float64: return value_from(static_cast<const double*>(data)[offset]);
  }
  return {};
}

std::size_t element_size(dtype t) {
  switch (t) {
  case dtype::boolean: return sizeof(bool);
  case dtype::int32: return 4;
  case dtype::int64: return 8;
  case dtype::float32: return 4;
  case dtype::float64: return 8;
  }
  return 1;
}

dtype dtype_of_array(const any_array& a) {
  return std::visit([](const auto& x) { return dtype_of<typename std::decay_t<decltype(x)>::value_type>(); }, a);
}
shape3 shape_of(const any_array& a) {
  return std::visit(
      [](const auto& x) {
        return shape3{x.shape()[0], x.shape()[1], x.shape()[2]};
      },
      a);
}
const void* data_of(const any_array& a) {
  return std::visit([](const auto& x) -> const void* { return x.data(); }, a);
}

// The bytes of an array, to compare with after weft has written.
std::vector<unsigned char> bytes_of(const any_array& a) {
  const auto first = static_cast<const unsigned char*>(data_of(a));
  return {first, first + count(shape_of(a)) * static_cast<index_t>(element_size(dtype_of_array(a)))};
}

any_array random_array(random_source& rng, dtype t, const shape3& s) {
  auto fill = [&]<class T>() {
    array3<T> a(weft::shape<3>{s[0], s[1], s[2]});
    for (index_t k = 0; k < a.size(); ++k) a.data()[k] = random_element<T>(rng);
    return any_array(std::move(a));
  };
  switch (t) {
  case dtype::boolean: return fill.template operator()<bool>();
  case dtype::int32: return fill.template operator()<std::int32_t>();
  case dtype::int64: return fill.template operator()<std::int64_t>();
  case dtype::float32: return fill.template operator()<float>();
  case dtype::float64: return fill.template operator()<double>();
  }
  return {};
}

// ---- views and their model ------------------------------------------------

// A view as the reference sees it: element (i, j, k) of the view is element
// offset + i*strides[0] + j*strides[1] + k*strides[2] of a row-major buffer.
struct model_view {
  index_t offset = 0;
  shape3 shape{}, strides{};
  index_t at(index_t i, index_t j, index_t k) const {
    return offset + i * strides[0] + j * strides[1] + k * strides[2];
  }
};

std::string text_of(const model_view& m) {
  return "shape " + text_of(m.shape) + " strides (" + std::to_string(m.strides[0]) + ", " +
         std::to_string(m.strides[1]) + ", " + std::to_string(m.strides[2]) + ") offset " + std::to_string(m.offset);
}

// How to take a view of a given shape from a buffer: axis k of the view is
// axis axes[k] of the buffer, read with steps[k] from `first` (an index on
// that buffer axis); broadcast[k]: stride 0 (NumPy's broadcast_to);
// newaxis[k]: a unit axis made by indexing it away and adding it back.
struct view_recipe {
  shape3 shape{};
  std::array<std::size_t, 3> axes{0, 1, 2};
  shape3 steps{1, 1, 1}, first{0, 0, 0};
  std::array<bool, 3> broadcast{}, newaxis{};
  shape3 source{};  // the buffer's shape
};

// A recipe for a view of `shape`, and the shape of buffer it needs. Plain:
// steps of +-1 and no zero strides (big views, and views written to).
view_recipe random_recipe(random_source& rng, const shape3& shape, bool plain) {
  view_recipe r;
  r.shape = shape;
  if (rng.chance(0.4)) std::shuffle(r.axes.begin(), r.axes.end(), rng.engine);
  static constexpr index_t steps[] = {1, 1, 1, 2, 3, -1, -1, -2, -3};
  for (std::size_t k = 0; k < 3; ++k) {
    const index_t e = shape[k];
    const std::size_t a = r.axes[k];
    r.broadcast[k] = !plain && e > 1 && rng.chance(0.05);
    r.newaxis[k] = e == 1 && rng.chance(0.15);
    r.steps[k] = plain ? (rng.chance(0.3) ? -1 : 1) : rng.pick(steps);
    if (e == 0) r.steps[k] = 1;
    const index_t used = r.broadcast[k] || e == 0 ? (e == 0 ? 0 : 1) : (e - 1) * std::abs(r.steps[k]) + 1;
    const index_t slack = rng.below(3);
    r.source[a] = used + slack;
    // Where the view starts on this buffer axis: it reads `used` elements
    // going forward from first (step > 0) or backward from it.
    const index_t lead = rng.below(slack + 1);
    r.first[k] = r.steps[k] > 0 ? lead : r.source[a] - 1 - lead;
  }
  return r;
}

model_view model_of(const view_recipe& r) {
  const shape3& s = r.source;
  const shape3 dense{s[1] * s[2], s[2], 1};
  model_view m;
  m.shape = r.shape;
  for (std::size_t k = 0; k < 3; ++k) {
    const std::size_t a = r.axes[k];
    if (r.shape[k] == 0) continue;
    m.offset += r.first[k] * dense[a];
    m.strides[k] = r.broadcast[k] || r.newaxis[k] ? 0 : r.steps[k] * dense[a];
  }
  return m;
}

// The same view, made by weft's front end: slicing with weft::range,
// transpose, newaxis, and the raw constructor for zero strides.
template <class Elem>
weft::view<Elem, 3> weft_view(const weft::view<Elem, 3>& buffer, const view_recipe& r) {
  std::array<weft::range, 3> ranges{weft::range(0, 0), weft::range(0, 0), weft::range(0, 0)};
  for (std::size_t k = 0; k < 3; ++k) {
    const index_t e = r.broadcast[k] ? 1 : r.shape[k];
    const index_t start = r.first[k], step = r.steps[k];
    const index_t stop = start + step * e;  // one step past the last
    // A stop of -1 would mean "the last element" to NumPy: leave it open.
    ranges[r.axes[k]] = stop < 0 ? weft::range(start, weft::none, step) : weft::range(start, stop, step);
  }
  // (A view's `=` writes elements: std::optional's emplace rebinds.)
  std::optional<weft::view<Elem, 3>> v;
  v.emplace(buffer(ranges[0], ranges[1], ranges[2]).transpose(r.axes));
  if (r.newaxis[0]) v.emplace((*v)(0, weft::all, weft::all)(weft::newaxis, weft::all, weft::all));
  if (r.newaxis[1]) v.emplace((*v)(weft::all, 0, weft::all)(weft::all, weft::newaxis, weft::all));
  if (r.newaxis[2]) v.emplace((*v)(weft::all, weft::all, 0)(weft::all, weft::all, weft::newaxis));
  if (r.broadcast[0] || r.broadcast[1] || r.broadcast[2]) {
    auto shape = v->shape();
    auto strides = v->strides();
    for (std::size_t k = 0; k < 3; ++k)
      if (r.broadcast[k]) shape[k] = r.shape[k], strides[k] = 0;
    v.emplace(v->data(), shape, strides);
  }
  return *v;
}

// ---- one case -------------------------------------------------------------

struct failure {
  std::string what;
};

struct operand_in {
  any_array source;                       // the child's result
  std::vector<unsigned char> snapshot;    // its bytes before this node ran
  dtype t;
  view_recipe recipe;
  model_view model;
  std::string text;
};

class tree_case {
public:
  tree_case(std::uint64_t seed, bool verbose) : verbose_(verbose) { rng_.engine.seed(seed); }

  static void init_ops() {
    ops_ = elementwise_ops();
    auto fused = fused_ops();
    ops_.insert(ops_.end(), std::make_move_iterator(fused.begin()), std::make_move_iterator(fused.end()));
    auto weak = scalar_ops();
    ops_.insert(ops_.end(), std::make_move_iterator(weak.begin()), std::make_move_iterator(weak.end()));
    reductions_ = reduction_ops();
  }
  static std::size_t op_count() { return ops_.size() + reductions_.size(); }

  void run() {
    const int depth = 1 + static_cast<int>(rng_.below(4));
    const dtype t = rng_.pick(ops_).result;  // a dtype some operation gives
    build(depth, t, random_shape(rng_), 0);
  }
  index_t nodes() const { return nodes_; }
  index_t elements() const { return elements_; }

private:
  // An array of dtype t and shape s: a leaf, or a checked weft evaluation.
  any_array build(int depth, dtype t, const shape3& s, int level) {
    if (depth == 0 || rng_.chance(0.25)) return random_array(rng_, t, s);
    std::vector<const elementwise_op*> maps;
    for (const auto& op : ops_)
      if (op.result == t) maps.push_back(&op);
    std::vector<const reduction_op*> folds;
    for (const auto& op : reductions_)
      if (op.result == t) folds.push_back(&op);
    if (!folds.empty() && (maps.empty() || rng_.chance(0.25))) return reduction_node(*rng_.pick(folds), depth, s, level);
    if (maps.empty()) return random_array(rng_, t, s);
    return map_node(*rng_.pick(maps), depth, s, level);
  }

  // Operand k of a node of shape s: its view's shape (extent 1 where it
  // broadcasts), a child built to hold it, and the view.
  std::vector<operand_in> make_operands(const std::vector<dtype>& args, const std::vector<int>& leading_unit,
                                        const shape3& s, int depth, int level, std::optional<std::size_t> full) {
    const std::size_t n = args.size();
    std::vector<shape3> shapes(n, s);
    for (std::size_t k = 0; k < n; ++k)
      for (std::size_t ax = 0; ax < 3; ++ax)
        if (static_cast<int>(ax) < leading_unit[k] || (full != k && rng_.chance(0.2))) shapes[k][ax] = 1;
    // Every axis of s must be the full extent of some operand.
    for (std::size_t ax = 0; ax < 3; ++ax) {
      bool covered = false;
      for (std::size_t k = 0; k < n; ++k) covered |= shapes[k][ax] == s[ax];
      if (!covered)
        for (std::size_t k = 0; k < n; ++k)
          if (static_cast<int>(ax) >= leading_unit[k]) {
            shapes[k][ax] = s[ax];
            break;
          }
    }
    std::vector<operand_in> in(n);
    for (std::size_t k = 0; k < n; ++k) {
      in[k].t = args[k];
      // Steps above 1 multiply the buffer: keep big views to steps of 1.
      in[k].recipe = random_recipe(rng_, shapes[k], count(shapes[k]) > 2000 || full == k);
      in[k].model = model_of(in[k].recipe);
      in[k].source = build(depth - 1, args[k], in[k].recipe.source, level + 1);
      in[k].text = std::string(name_of(args[k])) + " " + text_of(in[k].model) + " of a " +
                   text_of(in[k].recipe.source) + " array";
    }
    return in;
  }

  // (Defined before its use in a generic lambda: clang 14 otherwise
  // reports it as undefined.)
  template <class Elem, class Base>
  void check_layout(const weft::view<Elem, 3>& v, const model_view& m, const Base* base, const std::string& context) {
    const shape3 shape{v.shape()[0], v.shape()[1], v.shape()[2]};
    if (shape != m.shape) fail(context, "weft's view has shape " + text_of(shape));
    if (count(m.shape) == 0) return;
    for (std::size_t k = 0; k < 3; ++k)
      if (m.shape[k] > 1 && v.strides()[k] != m.strides[k])
        fail(context, "weft's view has stride " + std::to_string(v.strides()[k]) + " on axis " + std::to_string(k));
    if (v.data() != base + m.offset)
      fail(context, "weft's view starts at element " + std::to_string(v.data() - base));
  }

  // The weft views of the operands (checked against the model's layout).
  std::vector<any_operand> weft_operands(std::vector<operand_in>& in, const std::string& context) {
    std::vector<any_operand> views;
    for (auto& o : in) {
      o.snapshot = bytes_of(o.source);
      views.push_back(std::visit(
          [&](auto& buffer) -> any_operand {
            using T = typename std::decay_t<decltype(buffer)>::value_type;
            const weft::view<const T, 3> v = weft_view(weft::view<const T, 3>(buffer.as_view()), o.recipe);
            check_layout(v, o.model, buffer.data(), context + ", operand " + o.text);
            return v;
          },
          o.source));
    }
    return views;
  }

  // Operand values at index (i, j, k) of the node, from the snapshots.
  value operand_value(const operand_in& o, index_t i, index_t j, index_t k) const {
    const auto& m = o.model;
    return read(o.t, o.snapshot.data(), m.at(m.shape[0] == 1 ? 0 : i, m.shape[1] == 1 ? 0 : j, m.shape[2] == 1 ? 0 : k));
  }

  enum class output { new_array, into_view, into_operand };

  any_array map_node(const elementwise_op& op, int depth, const shape3& s, int level) {
    output mode = static_cast<output>(rng_.below(3));
    std::optional<std::size_t> target;
    if (mode == output::into_operand) {
      for (std::size_t k = 0; k < op.args.size(); ++k)
        if (op.args[k] == op.result && op.leading_unit[k] == 0 && (!target || rng_.chance(0.5))) target = k;
      if (!target) mode = output::new_array;
    }
    auto in = make_operands(op.args, op.leading_unit, s, depth, level, target);
    std::string policy_text;
    const auto policy = random_policy(rng_, policy_text);
    std::string context = "out = " + op.text + " under weft::" + policy_text;
    for (std::size_t k = 0; k < in.size(); ++k) context += std::string(", ") + char('a' + k) + ": " + in[k].text;
    weak_scalars scalars;
    for (int k = 0; k < op.scalars; ++k) {
      scalars.push_back(random_weak(rng_, op.float_scalars));
      context += std::string(", ") + "st"[k] + " = " + to_string(scalars.back());
    }
    const auto views = weft_operands(in, context);
    ++nodes_;

    // Where NumPy raises OverflowError (a weak integer the dtype cannot
    // hold), weft must throw overflow_error before writing anything; the
    // elements of the operands do not matter, only their dtypes.
    std::vector<value> zeros;
    for (dtype t : op.args) zeros.push_back(make_int(t, 0));
    const bool overflows = !op.reference(zeros, scalars).has_value();
    auto expected = [&](index_t i, index_t j, index_t k) {
      std::vector<value> v;
      for (const auto& o : in) v.push_back(operand_value(o, i, j, k));
      return *op.reference(v, scalars);
    };
    auto inputs = [&](const shape3& at) {
      std::string text;
      for (std::size_t k = 0; k < in.size(); ++k)
        text += std::string(k == 0 ? " from " : ", ") + char('a' + k) + " = " +
                to_string(operand_value(in[k], at[0], at[1], at[2]));
      return text;
    };
    auto expect_overflow = [&](auto&& run) {
      try {
        run();
      } catch (const weft::overflow_error& e) {
        if (!overflows) fail(context, std::string("weft threw overflow_error: ") + e.what());
        const std::string what = e.what();
        if (what.find(name_of(op.args.back() == dtype::boolean ? dtype::int64 : op.args.back())) == std::string::npos)
          fail(context, "weft's overflow_error does not name the dtype: " + what);
        return true;
      }
      if (overflows) fail(context, "weft did not throw overflow_error (NumPy raises OverflowError)");
      return false;
    };

    if (mode == output::new_array) {
      context += ", into a new array (weft::eval)";
      if (verbose_) note(level, context);
      any_array r;
      if (expect_overflow([&] { r = op.eval(views, scalars, policy); })) return random_array(rng_, op.result, s);
      check_result(r, s, op.result, op.ulps, expected, inputs, context);
      return r;
    }

    // Into a view of a larger array, or of the target operand's own buffer.
    any_array* buffer = nullptr;
    any_array canvas;
    view_recipe out_recipe;
    if (mode == output::into_view) {
      out_recipe = random_recipe(rng_, s, true);
      canvas = random_array(rng_, op.result, out_recipe.source);
      buffer = &canvas;
      context += ", into a view " + text_of(model_of(out_recipe)) + " of a " + text_of(out_recipe.source) + " array";
    } else {
      // A view of the same buffer as operand `target` (a plain view of the
      // node's full shape): the operand itself (a = f(a)), or the same axes
      // with steps of +-1 from other starts, overlapping it.
      operand_in& o = in[*target];
      out_recipe = o.recipe;
      if (!rng_.chance(0.3))
        for (std::size_t k = 0; k < 3; ++k) {
          const std::size_t a = out_recipe.axes[k];
          const index_t e = s[k];
          if (e == 0 || rng_.chance(0.3)) continue;
          out_recipe.steps[k] = rng_.chance(0.5) ? 1 : -1;
          const index_t lead = rng_.below(out_recipe.source[a] - e + 1);
          out_recipe.first[k] = out_recipe.steps[k] > 0 ? lead : out_recipe.source[a] - 1 - lead;
        }
      buffer = &o.source;
      context += std::string(", into a view ") + text_of(model_of(out_recipe)) + " of operand " +
                 char('a' + *target) + "'s buffer (aliasing)";
    }
    const model_view out_model = model_of(out_recipe);
    // (An operand's buffer was copied already, before its view was made.)
    const std::vector<unsigned char> before = mode == output::into_view ? bytes_of(canvas) : in[*target].snapshot;
    if (verbose_) note(level, context);
    bool threw = false;
    std::visit(
        [&](auto& b) {
          using T = typename std::decay_t<decltype(b)>::value_type;
          const weft::view<T, 3> out = weft_view(b.as_view(), out_recipe);
          check_layout(out, out_model, b.data(), context + ", output view");
          threw = expect_overflow([&] { op.assign(any_out(out), views, scalars, policy); });
        },
        *buffer);
    if (threw) {
      const std::vector<unsigned char> after = bytes_of(*buffer);
      if (after != before) fail(context, "weft threw overflow_error but wrote to the output first");
      return random_array(rng_, op.result, s);
    }

    // Inside the view: the reference's values; outside: what was there.
    std::vector<bool> written(static_cast<std::size_t>(count(shape_of(*buffer))), false);
    const void* data = data_of(*buffer);
    for (index_t i = 0; i < s[0]; ++i)
      for (index_t j = 0; j < s[1]; ++j)
        for (index_t k = 0; k < s[2]; ++k) {
          const index_t at = out_model.at(i, j, k);
          written[static_cast<std::size_t>(at)] = true;
          compare(read(op.result, data, at), expected(i, j, k), op.ulps, context, {i, j, k}, inputs);
        }
    const std::size_t size = element_size(op.result);
    for (std::size_t at = 0; at < written.size(); ++at)
      if (!written[at] && std::memcmp(static_cast<const unsigned char*>(data) + at * size, before.data() + at * size, size) != 0)
        fail(context, "element " + std::to_string(at) + " of the buffer, outside the output view, changed to " +
                          to_string(read(op.result, data, static_cast<index_t>(at))));
    return std::visit(
        [&](auto& b) -> any_array {
          using T = typename std::decay_t<decltype(b)>::value_type;
          return array3<T>(weft_view(b.as_view(), out_recipe));
        },
        *buffer);
  }

  template <class Expected, class Inputs>
  void check_result(const any_array& r, const shape3& s, dtype t, int ulps, Expected expected, Inputs inputs,
                    const std::string& context) {
    if (dtype_of_array(r) != t)
      fail(context, std::string("weft's result is ") + name_of(dtype_of_array(r)) + ", NumPy's " + name_of(t));
    if (shape_of(r) != s) fail(context, "weft's result has shape " + text_of(shape_of(r)) + ", NumPy's " + text_of(s));
    const void* data = data_of(r);
    index_t at = 0;
    for (index_t i = 0; i < s[0]; ++i)
      for (index_t j = 0; j < s[1]; ++j)
        for (index_t k = 0; k < s[2]; ++k) compare(read(t, data, at++), expected(i, j, k), ulps, context, {i, j, k}, inputs);
  }

  // (inputs(where) names the operands' elements there.)
  template <class Inputs>
  void compare(const value& w, const value& r, int ulps, const std::string& context, const shape3& where, Inputs inputs) {
    ++elements_;
    if (!matches(w, r, ulps))
      fail(context, "at " + text_of(where) + " weft gives " + to_string(w) + ", the reference " + to_string(r) +
                        inputs(where));
  }

  any_array reduction_node(const reduction_op& op, int depth, const shape3& s, int level) {
    // The reduced input: s with a random extent on the reduced axis, or any
    // shape for a whole reduction (whose 1x1x1 result is broadcast to s).
    const int axis = static_cast<int>(rng_.below(4)) - 1;
    shape3 in_shape = s;
    if (axis < 0) in_shape = random_shape(rng_);
    else in_shape[static_cast<std::size_t>(axis)] = random_extent(rng_) + (rng_.chance(0.1) ? rng_.below(3000) : 0);
    if (count(in_shape) > 100000) in_shape[static_cast<std::size_t>(axis < 0 ? 0 : axis)] = 1;
    auto in = make_operands(op.args, std::vector<int>(op.args.size(), 0), in_shape, depth, level, std::nullopt);
    std::string policy_text;
    const auto policy = random_policy(rng_, policy_text);
    std::string context = (axis < 0 ? op.text : op.text.substr(0, op.text.size() - 1) + ", axis=" +
                                                    std::to_string(axis) + ", keepdims)") +
                          " under weft::" + policy_text;
    for (std::size_t k = 0; k < in.size(); ++k) context += std::string(", ") + char('a' + k) + ": " + in[k].text;
    const auto views = weft_operands(in, context);
    ++nodes_;
    if (verbose_) note(level, context);

    shape3 out_shape = axis < 0 ? shape3{1, 1, 1} : s;
    if (axis >= 0) out_shape[static_cast<std::size_t>(axis)] = 1;
    // The reference, for every output element: the elements it folds.
    auto folded = [&](index_t i, index_t j, index_t k) {
      std::vector<value> xs;
      shape3 lo{i, j, k}, hi{i + 1, j + 1, k + 1};
      for (std::size_t ax = 0; ax < 3; ++ax)
        if (axis < 0 || static_cast<std::size_t>(axis) == ax) lo[ax] = 0, hi[ax] = in_shape[ax];
      for (index_t p = lo[0]; p < hi[0]; ++p)
        for (index_t q = lo[1]; q < hi[1]; ++q)
          for (index_t r = lo[2]; r < hi[2]; ++r) {
            std::vector<value> v;
            for (const auto& o : in) v.push_back(operand_value(o, p, q, r));
            xs.push_back(op.element(v));
          }
      return xs;
    };
    const bool has_identity = op.kind == reduction_kind::sum || op.kind == reduction_kind::mean;
    const bool empty_folds = (axis < 0 ? count(in_shape) : in_shape[static_cast<std::size_t>(axis)]) == 0;
    const bool any_output = count(out_shape) > 0;
    std::optional<any_array> r;
    try {
      r = op.run(views, axis, policy);
    } catch (const weft::value_error& e) {
      if (!has_identity && empty_folds && any_output) return random_array(rng_, op.result, s);  // as NumPy raises
      fail(context, std::string("weft threw value_error: ") + e.what());
    }
    if (!has_identity && empty_folds && any_output) fail(context, "weft did not throw on an empty reduction");

    // Sums and means are compared with a bound on their rounding.
    auto check_fold = [&](const value& w, const std::vector<value>& xs, const shape3& where) {
      ++elements_;
      const value want = fold(op, xs);
      bool ok = matches(w, want, 0);
      if (!ok && is_float(op.result) && w.t == want.t && (op.kind == reduction_kind::sum || op.kind == reduction_kind::mean) &&
          !std::isnan(want.f) && (std::isfinite(want.f) || !std::isfinite(w.f))) {
        long double magnitude = 0;
        for (const auto& x : xs) magnitude += std::fabs(static_cast<long double>(cast(x, op.result).f));
        // A partial sum beyond the dtype's range is inf (in NumPy's order of
        // additions too), and then inf - inf is NaN: any of them is right
        // when the magnitudes add up beyond that range, and only then.
        const long double largest = op.result == dtype::float32 ? std::numeric_limits<float>::max()
                                                                : std::numeric_limits<double>::max();
        long double finite_magnitude = 0;  // (an infinite element alone gives its own sign)
        for (const auto& x : xs)
          if (std::isfinite(cast(x, op.result).f)) finite_magnitude += std::fabs(static_cast<long double>(cast(x, op.result).f));
        const bool may_overflow = finite_magnitude > largest;
        if (op.kind == reduction_kind::mean) magnitude /= static_cast<long double>(xs.size());
        const double eps = op.result == dtype::float32 ? 0x1p-23 : 0x1p-52;
        ok = std::isfinite(w.f) ? std::fabs(static_cast<long double>(w.f) - want.f) <=
                                      static_cast<long double>(xs.size() + 2) * eps * magnitude
                                : may_overflow;
      }
      if (!ok)
        fail(context, "at " + text_of(where) + " weft gives " + to_string(w) + ", the reference " + to_string(want));
    };
    if (dtype_of_array(*r) != op.result)
      fail(context, std::string("weft's result is ") + name_of(dtype_of_array(*r)) + ", NumPy's " + name_of(op.result));
    if (shape_of(*r) != out_shape) fail(context, "weft's result has shape " + text_of(shape_of(*r)));
    index_t at = 0;
    for (index_t i = 0; i < out_shape[0]; ++i)
      for (index_t j = 0; j < out_shape[1]; ++j)
        for (index_t k = 0; k < out_shape[2]; ++k) check_fold(read(op.result, data_of(*r), at++), folded(i, j, k), {i, j, k});

    // The node's value: the reduction broadcast back to s.
    return std::visit(
        [&](const auto& red) -> any_array {
          using T = typename std::decay_t<decltype(red)>::value_type;
          array3<T> full(weft::shape<3>{s[0], s[1], s[2]});
          full.as_view() = red.as_view();
          return full;
        },
        *r);
  }

  // The reference's fold of xs (in C order) for one output element.
  static value fold(const reduction_op& op, const std::vector<value>& xs) {
    const dtype t = op.result;
    switch (op.kind) {
    case reduction_kind::sum:
    case reduction_kind::mean: {
      if (is_float(t)) {
        long double total = 0;
        for (const auto& x : xs) total += static_cast<long double>(cast(x, t).f);
        if (op.kind == reduction_kind::mean) total /= static_cast<long double>(xs.size());  // 0/0: NaN, as NumPy
        return make_float(t, static_cast<double>(total));
      }
      std::uint64_t total = 0;  // integers and bools accumulate in int64, wrapping
      for (const auto& x : xs) total += static_cast<std::uint64_t>(x.i);
      return make_int(t, static_cast<std::int64_t>(total));
    }
    case reduction_kind::max:
    case reduction_kind::min: {
      value best = xs.front();
      for (const auto& x : xs) best = op.kind == reduction_kind::max ? maximum(best, x) : minimum(best, x);
      return best;
    }
    case reduction_kind::argmax: {
      std::size_t best = 0;
      for (std::size_t p = 0; p < xs.size(); ++p) {
        if (truth(isnan(xs[best]))) break;  // the first NaN wins
        if (truth(isnan(xs[p])) || truth(greater(xs[p], xs[best]))) best = p;
      }
      return make_int(dtype::int64, static_cast<std::int64_t>(best));
    }
    }
    return {};
  }

  void note(int level, const std::string& what) const {
    std::fprintf(stderr, "%*s%s\n", 2 * level, "", what.c_str());
  }

  [[noreturn]] void fail(const std::string& context, const std::string& what) const { throw failure{context + ": " + what}; }

  random_source rng_;
  bool verbose_;
  index_t nodes_ = 0, elements_ = 0;
  static inline std::vector<elementwise_op> ops_;
  static inline std::vector<reduction_op> reductions_;
};

std::uint64_t case_seed(std::uint64_t seed, std::uint64_t index) {
  std::seed_seq s{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                  static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(index >> 32)};
  std::array<std::uint32_t, 2> out{};
  s.generate(out.begin(), out.end());
  return (std::uint64_t{out[0]} << 32) | out[1];
}

} // namespace
} // namespace diff

int main(int argc, char** argv) {
  using namespace diff;
  std::uint64_t cases = 10000, seed = 1;
  double seconds = 0;
  std::optional<std::uint64_t> only;
  int arg = 1;
  if (arg < argc && std::strcmp(argv[arg], "--seconds") == 0 && arg + 1 < argc) {
    seconds = std::atof(argv[arg + 1]);
    cases = std::numeric_limits<std::uint64_t>::max();
    arg += 2;
  } else if (arg < argc && std::strcmp(argv[arg], "--case") == 0 && arg + 1 < argc) {
    only = std::strtoull(argv[arg + 1], nullptr, 10);
    arg += 2;
  } else if (arg < argc) {
    cases = std::strtoull(argv[arg++], nullptr, 10);
  }
  if (arg < argc) seed = std::strtoull(argv[arg], nullptr, 10);

  tree_case::init_ops();
  const auto start = std::chrono::steady_clock::now();
  index_t nodes = 0, elements = 0;
  std::uint64_t run = 0;
  for (std::uint64_t index = only.value_or(0); index < (only ? *only + 1 : cases); ++index) {
    if (seconds > 0 && std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > seconds) break;
    tree_case c(case_seed(seed, index), only.has_value());
    try {
      c.run();
    } catch (const failure& f) {
      std::fprintf(stderr, "expr_diff: MISMATCH in case %llu (seed %llu)\n  %s\n  replay: expr_diff --case %llu %llu\n",
                   static_cast<unsigned long long>(index), static_cast<unsigned long long>(seed), f.what.c_str(),
                   static_cast<unsigned long long>(index), static_cast<unsigned long long>(seed));
      return 1;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "expr_diff: unexpected exception in case %llu (seed %llu): %s\n  replay: expr_diff --case %llu %llu\n",
                   static_cast<unsigned long long>(index), static_cast<unsigned long long>(seed), e.what(),
                   static_cast<unsigned long long>(index), static_cast<unsigned long long>(seed));
      return 1;
    }
    nodes += c.nodes();
    elements += c.elements();
    ++run;
  }
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("expr_diff: %llu cases (seed %llu), %lld weft evaluations, %lld elements compared, %zu operations, "
              "%.1f s: no mismatch\n",
              static_cast<unsigned long long>(run), static_cast<unsigned long long>(seed), static_cast<long long>(nodes),
              static_cast<long long>(elements), tree_case::op_count(), took);
  return 0;
}
