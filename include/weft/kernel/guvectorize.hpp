#pragma once
// weft::guvectorize: Numba's @guvectorize, NumPy's generalized ufuncs.
//
//   auto row_dot = weft::guvectorize<"(n),(n)->()">(
//       [](weft::view<const double, 1> x, weft::view<const double, 1> y, double& out) {
//         out = 0;
//         for (weft::index_t i = 0; i < x.size(); ++i) out += x(i) * y(i);
//       });
//   weft::ndarray<double, 1> d = row_dot(A, B);   // A, B: (rows, n) -> (rows,)
//
// The string names the core dimensions of each input and output (NumPy's
// gufunc signature; a dimension may be a fixed size). The function gets,
// per input, a read-only weft::view of its core dimensions (the element
// itself, by value, for a core of rank 0) and, per output, a writable view
// (a reference for rank 0), and writes its outputs. weft broadcasts the
// remaining outer dimensions of the inputs like NumPy and calls the function
// once per outer position, in parallel (the positions must be independent).
//
//   g(a, b)                 new output arrays: one array, or a std::tuple
//   g(a, b, out)            writes into out (outer shape must match exactly;
//                           must not overlap the inputs)
//   g(a, b, weft::par)      a policy as the last argument
//
// Core sizes are checked: a named dimension must have one size across the
// operands, else weft::shape_error naming the shapes. The output dtype is
// Out when given (guvectorize<"(n)->()", float>(fn)), else the inputs'
// promoted dtype. Lazy expressions given as inputs are evaluated once first.
#include <array>
#include <cstddef>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "weft/array/ndarray.hpp"
#include "weft/array/view.hpp"
#include "weft/core/broadcast.hpp"
#include "weft/core/errors.hpp"
#include "weft/core/policy.hpp"
#include "weft/core/promotion.hpp"
#include "weft/kernel/gufunc_signature.hpp"
#include "weft/kernel/readable.hpp"
#include "weft/parallel/chunks.hpp"
#include "weft/core/unpack.hpp"

namespace weft {
namespace detail {

template <class A>
inline constexpr bool is_policy_v = std::is_same_v<std::remove_cvref_t<A>, execution_policy>;

// The argument a gufunc kernel receives for an input with core rank C.
template <class T, std::size_t C>
using core_input_t = std::conditional_t<C == 0, T, view<const T, C>>;
// ... and for an output.
template <class T, std::size_t C>
using core_output_t = std::conditional_t<C == 0, T&, view<T, C>>;

// Where one operand's outer position o starts, and its core window.
template <std::size_t O, std::size_t C>
struct operand_walk {
  strides_t<O> outer_strides{};
  shape<C> core_shape{};
  strides_t<C> core_strides{};
};

template <std::size_t O, std::size_t C, class V>
operand_walk<O, C> walk_of(const V& v, const shape<O>& outer) {
  constexpr std::size_t N = V::rank, K = N - C;
  operand_walk<O, C> w;
  shape<K> own_outer;
  strides_t<K> own_strides{};
  for (std::size_t k = 0; k < K; ++k) own_outer[k] = v.shape()[k], own_strides[k] = v.strides()[k];
  w.outer_strides = broadcast_strides(own_outer, own_strides, outer);
  for (std::size_t j = 0; j < C; ++j) w.core_shape[j] = v.shape()[K + j], w.core_strides[j] = v.strides()[K + j];
  return w;
}

// The output dtype: Out, or the inputs' promoted dtype.
template <class Out, class Ins>
struct gufunc_result;
template <class Out, class... R>
struct gufunc_result<Out, std::tuple<R...>> {
  using type = std::conditional_t<std::is_void_v<Out>, typename promote_fold<typename R::value_type...>::type, Out>;
};

} // namespace detail

template <fixed_string Sig, class Out, class Fn>
class guvectorized {
public:
  static constexpr detail::gufunc_layout layout = detail::gufunc_layout_of<Sig>;
  static constexpr std::size_t inputs = layout.inputs, outputs = layout.outputs;

  explicit guvectorized(Fn fn) : fn_(std::move(fn)) {}

  template <class... A>
    requires(sizeof...(A) > 0)
  auto operator()(A&&... args) const {
    if constexpr (detail::is_policy_v<decltype(std::get<sizeof...(A) - 1>(std::forward_as_tuple(args...)))>) {
      auto arguments = std::forward_as_tuple(std::forward<A>(args)...);
      const execution_policy policy = std::get<sizeof...(A) - 1>(arguments);
      return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return call(policy, std::get<I>(std::move(arguments))...);
      }(std::make_index_sequence<sizeof...(A) - 1>{});
    } else {
      return call(auto_policy, std::forward<A>(args)...);
    }
  }

  const Fn& function() const { return fn_; }

private:
  template <class... A>
  auto call(const execution_policy& policy, A&&... args) const {
    static_assert(sizeof...(A) == inputs || sizeof...(A) == inputs + outputs,
                  "weft::guvectorize: pass one argument per input of the signature (and optionally one per output)");
    auto arguments = std::forward_as_tuple(std::forward<A>(args)...);
    auto ins = [&]<std::size_t... I>(std::index_sequence<I...>) {
      return std::make_tuple(detail::read_operand(std::get<I>(std::move(arguments)), policy)...);
    }(std::make_index_sequence<inputs>{});
    if constexpr (sizeof...(A) == inputs) {
      auto outs = allocate_outputs(ins);
      auto views = detail::unpack(outs, [](auto&... o) { return std::make_tuple(o.as_view()...); });
      run(ins, views, policy);
      if constexpr (outputs == 1) return std::move(std::get<0>(outs));
      else return outs;
    } else {
      auto views = [&]<std::size_t... J>(std::index_sequence<J...>) {
        return std::make_tuple(std::get<inputs + J>(arguments).as_view()...);
      }(std::make_index_sequence<outputs>{});
      run(ins, views, policy);
    }
  }

  template <class Ins>
  using result_t = typename detail::gufunc_result<Out, Ins>::type;

  // Sizes of the named dimensions, from the inputs (checked) and, when
  // given, the outputs; -1 where unknown.
  template <class Ins, class Outs>
  std::array<index_t, detail::gufunc_layout::max_names> core_sizes(const Ins& ins, const Outs* outs) const {
    std::array<index_t, detail::gufunc_layout::max_names> size{};
    std::array<std::string, detail::gufunc_layout::max_names> source{};
    for (std::size_t id = 0; id < layout.name_count; ++id) size[id] = layout.fixed_size[id];
    auto visit = [&](std::size_t k, const auto& v, const char* role, std::size_t number) {
      constexpr std::size_t N = std::remove_cvref_t<decltype(v)>::rank;
      const std::size_t c = layout.core_rank[k];
      for (std::size_t j = 0; j < c; ++j) {
        const std::size_t id = layout.dim[k][j];
        const index_t got = v.shape()[N - c + j];
        const std::string here = std::string(role) + " " + std::to_string(number) + " of shape " + to_string(v.shape());
        if (size[id] < 0) {
          size[id] = got;
          source[id] = here;
        } else if (size[id] != got) {
          throw shape_error("guvectorize " + std::string(Sig.view()) + ": " + here + " has a mismatch in its core dimension " +
                            std::to_string(j) + " (" + layout.name(id) + "): size " + std::to_string(got) + ", but " +
                            (source[id].empty() ? std::string("the signature fixes ") : source[id] + " gives ") +
                            std::to_string(size[id]));
        }
      }
    };
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (visit(I, std::get<I>(ins).get(), "input", I), ...);
    }(std::make_index_sequence<inputs>{});
    if constexpr (!std::is_same_v<Outs, std::tuple<>>)
      [&]<std::size_t... J>(std::index_sequence<J...>) {
        (visit(inputs + J, std::get<J>(*outs), "output", J), ...);
      }(std::make_index_sequence<outputs>{});
    return size;
  }

  // The inputs' outer dimensions, broadcast.
  template <std::size_t O, class Ins>
  shape<O> outer_shape(const Ins& ins) const {
    shape<O> out;
    for (auto& d : out) d = 1;
    const bool broadcast = [&]<std::size_t... I>(std::index_sequence<I...>) {
      return (detail::broadcast_into(out, outer_of<I>(std::get<I>(ins).get())) && ...);
    }(std::make_index_sequence<inputs>{});
    if (!broadcast) {
      std::string listed;
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((listed += " " + to_string(std::get<I>(ins).get().shape())), ...);
      }(std::make_index_sequence<inputs>{});
      throw shape_error("guvectorize " + std::string(Sig.view()) +
                        ": the outer dimensions of the inputs could not be broadcast together, shapes" + listed);
    }
    return out;
  }

  template <std::size_t K, class V>
  static auto outer_of(const V& v) {
    constexpr std::size_t N = V::rank, C = layout.core_rank[K];
    static_assert(N >= C, "weft::guvectorize: an input has fewer dimensions than its core dimensions in the signature");
    shape<N - C> s;
    for (std::size_t k = 0; k < N - C; ++k) s[k] = v.shape()[k];
    return s;
  }

  template <class Ins>
  static constexpr std::size_t outer_rank_of() {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return std::max({std::size_t{0}, (std::tuple_element_t<I, Ins>::rank - layout.core_rank[I])...});
    }(std::make_index_sequence<inputs>{});
  }

  template <class Ins>
  auto allocate_outputs(const Ins& ins) const {
    using R = result_t<Ins>;
    constexpr std::size_t O = outer_rank_of<Ins>();
    const auto outer = outer_shape<O>(ins);
    const auto size = core_sizes(ins, static_cast<const std::tuple<>*>(nullptr));
    return [&]<std::size_t... J>(std::index_sequence<J...>) {
      return std::make_tuple(allocate_output<R, O, inputs + J>(outer, size)...);
    }(std::make_index_sequence<outputs>{});
  }

  template <class R, std::size_t O, std::size_t K>
  static ndarray<R, O + layout.core_rank[K]> allocate_output(const shape<O>& outer,
                                                            const std::array<index_t, detail::gufunc_layout::max_names>& size) {
    constexpr std::size_t C = layout.core_rank[K];
    shape<O + C> s;
    for (std::size_t k = 0; k < O; ++k) s[k] = outer[k];
    for (std::size_t j = 0; j < C; ++j) {
      const std::size_t id = layout.dim[K][j];
      if (size[id] < 0)
        throw value_error("guvectorize " + std::string(Sig.view()) + ": the size of output core dimension " +
                          layout.name(id) + " is not given by the inputs; pass the output array");
      s[O + j] = size[id];
    }
    return ndarray<R, O + C>(s);
  }

  template <class Ins, class Outs>
  void run(const Ins& ins, const Outs& outs, const execution_policy& policy) const {
    constexpr std::size_t O = outer_rank_of<Ins>();
    const shape<O> outer = outer_shape<O>(ins);
    (void)core_sizes(ins, &outs);
    check_outputs(outer, outs);
    const auto in_walks = [&]<std::size_t... I>(std::index_sequence<I...>) {
      return std::make_tuple(detail::walk_of<O, layout.core_rank[I]>(std::get<I>(ins).get(), outer)...);
    }(std::make_index_sequence<inputs>{});
    const auto out_walks = [&]<std::size_t... J>(std::index_sequence<J...>) {
      return std::make_tuple(detail::walk_of<O, layout.core_rank[inputs + J]>(std::get<J>(outs), outer)...);
    }(std::make_index_sequence<outputs>{});
    const auto in_views = unpack(ins, [](const auto&... r) { return std::make_tuple(r.get()...); });
    check_callable(in_views, outs);

    const index_t total = size_of(outer);
    parallel_for_chunks(
        total, 0,
        [&](index_t begin, index_t end) {
          std::array<index_t, O> idx{};
          index_t rest = begin;
          for (std::size_t k = O; k-- > 0;) idx[k] = rest % outer[k], rest /= outer[k];
          for (index_t t = begin; t < end; ++t) {
            call_at(idx, in_views, in_walks, outs, out_walks);
            for (std::size_t k = O; k-- > 0;) {  // next outer position
              if (++idx[k] < outer[k]) break;
              idx[k] = 0;
            }
          }
        },
        policy);
  }

  template <std::size_t O, class InViews, class InWalks, class Outs, class OutWalks>
  void call_at(const std::array<index_t, O>& idx, const InViews& in_views, const InWalks& in_walks, const Outs& outs,
               const OutWalks& out_walks) const {
    auto offset = [&](const auto& walk) {
      index_t off = 0;
      if constexpr (O > 0)  // (a loop to O = 0 would warn under -Wtype-limits)
        for (std::size_t k = 0; k < O; ++k) off += idx[k] * walk.outer_strides[k];
      return off;
    };
    [&]<std::size_t... I, std::size_t... J>(std::index_sequence<I...>, std::index_sequence<J...>) {
      fn_(core_input<layout.core_rank[I]>(std::get<I>(in_views), std::get<I>(in_walks), offset(std::get<I>(in_walks)))...,
          core_output<layout.core_rank[inputs + J]>(std::get<J>(outs), std::get<J>(out_walks),
                                                    offset(std::get<J>(out_walks)))...);
    }(std::make_index_sequence<inputs>{}, std::make_index_sequence<outputs>{});
  }

  template <std::size_t C, class V, class W>
  static auto core_input(const V& v, const W& walk, index_t off) {
    using T = typename V::value_type;
    if constexpr (C == 0) return T(v.data()[off]);
    else return view<const T, C>(v.data() + off, walk.core_shape, walk.core_strides);
  }
  template <std::size_t C, class V, class W>
  static decltype(auto) core_output(const V& v, const W& walk, index_t off) {
    using T = typename V::value_type;
    if constexpr (C == 0) return static_cast<T&>(v.data()[off]);
    else return view<T, C>(v.data() + off, walk.core_shape, walk.core_strides);
  }

  template <class InViews, class Outs>
  static void check_callable(const InViews&, const Outs&) {
    constexpr bool ok = [&]<std::size_t... I, std::size_t... J>(std::index_sequence<I...>, std::index_sequence<J...>) {
      return std::is_invocable_v<
          const Fn&,
          detail::core_input_t<typename std::tuple_element_t<I, InViews>::value_type, layout.core_rank[I]>...,
          detail::core_output_t<typename std::tuple_element_t<J, Outs>::value_type, layout.core_rank[inputs + J]>...>;
    }(std::make_index_sequence<inputs>{}, std::make_index_sequence<outputs>{});
    static_assert(ok, "weft::guvectorize: the function must take, per input, a weft::view<const T, core rank> (T for "
                      "a core of rank 0) and, per output, a weft::view<T, core rank> (T& for rank 0)");
  }

  template <std::size_t O, class Outs>
  static void check_outputs(const shape<O>& outer, const Outs& outs) {
    [&]<std::size_t... J>(std::index_sequence<J...>) {
      (check_output<O, inputs + J>(outer, std::get<J>(outs)), ...);
    }(std::make_index_sequence<outputs>{});
  }
  template <std::size_t O, std::size_t K, class V>
  static void check_output(const shape<O>& outer, const V& v) {
    static_assert(V::rank == O + layout.core_rank[K], "weft::guvectorize: an output's rank must be the outer rank plus its core rank");
    static_assert(!std::is_const_v<typename V::element_type>, "weft::guvectorize: an output must be writable");
    bool same = true;
    if constexpr (O > 0)
      for (std::size_t k = 0; k < O; ++k) same = same && v.shape()[k] == outer[k];
    if (!same)
        throw shape_error("guvectorize " + std::string(Sig.view()) + ": output of shape " + to_string(v.shape()) +
                          " does not have the outer shape " + to_string(outer) + " of the inputs");
  }

  Fn fn_;
};

// A generalized ufunc from fn and its layout string (see the top of this file).
template <fixed_string Sig, class Out = void, class Fn>
auto guvectorize(Fn fn) {
  return guvectorized<Sig, Out, Fn>(std::move(fn));
}

} // namespace weft
