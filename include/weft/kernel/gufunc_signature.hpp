#pragma once
// The layout string of a generalized ufunc, NumPy's "(m,n),(n,p)->(m,p)",
// parsed at compile time: how many inputs and outputs, the core rank of
// each, and which named dimension each core dimension is. A dimension may
// also be a fixed size ("(3)->()"). A malformed string fails to compile
// with an error naming one of the gufunc_signature_* functions below.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace weft {

// A string literal as a template argument: weft::guvectorize<"(n),(n)->()">.
template <std::size_t L>
struct fixed_string {
  char chars[L]{};
  constexpr fixed_string(const char (&s)[L]) {
    for (std::size_t i = 0; i < L; ++i) chars[i] = s[i];
  }
  constexpr std::string_view view() const { return {chars, L - 1}; }
};

namespace detail {

// Called only when parsing fails: not constexpr, so the compiler stops at
// the call and prints the name.
void gufunc_signature_expects_parenthesis();
void gufunc_signature_expects_arrow();
void gufunc_signature_expects_dimension_name();
void gufunc_signature_has_too_many_operands_or_dimensions();
void gufunc_signature_has_trailing_characters();

struct gufunc_layout {
  static constexpr std::size_t max_operands = 8, max_core = 4, max_names = 16, max_name_length = 15;
  std::size_t inputs = 0, outputs = 0;
  std::array<std::size_t, max_operands> core_rank{};
  // dim[k][j]: the name (index into names) of core dimension j of operand k.
  std::array<std::array<std::size_t, max_core>, max_operands> dim{};
  std::size_t name_count = 0;
  std::array<std::array<char, max_name_length + 1>, max_names> names{};
  std::array<long long, max_names> fixed_size{};  // -1 for named dimensions

  constexpr std::size_t operands() const { return inputs + outputs; }
  std::string name(std::size_t id) const { return std::string(names[id].data()); }
};

class gufunc_parser {
public:
  constexpr explicit gufunc_parser(std::string_view s) : s_(s) {}

  constexpr gufunc_layout parse() {
    gufunc_layout g;
    g.inputs = operand_list(g);
    skip_spaces();
    if (!take('-') || !take('>')) gufunc_signature_expects_arrow();
    g.outputs = operand_list(g);
    skip_spaces();
    if (pos_ != s_.size()) gufunc_signature_has_trailing_characters();
    return g;
  }

private:
  constexpr std::size_t operand_list(gufunc_layout& g) {
    std::size_t count = 0;
    do {
      skip_spaces();
      if (!take('(')) gufunc_signature_expects_parenthesis();
      const std::size_t k = g.inputs + count;
      if (k >= gufunc_layout::max_operands) gufunc_signature_has_too_many_operands_or_dimensions();
      skip_spaces();
      if (!take(')')) {
        do {
          if (g.core_rank[k] >= gufunc_layout::max_core) gufunc_signature_has_too_many_operands_or_dimensions();
          g.dim[k][g.core_rank[k]++] = dimension(g);
          skip_spaces();
        } while (take(','));
        if (!take(')')) gufunc_signature_expects_parenthesis();
      }
      ++count;
      skip_spaces();
    } while (take(','));
    return count;
  }

  // A name ("n", "rows") or a fixed size ("3"); the same text is the same dimension.
  constexpr std::size_t dimension(gufunc_layout& g) {
    skip_spaces();
    const std::size_t begin = pos_;
    while (pos_ < s_.size() && (is_alnum(s_[pos_]) || s_[pos_] == '_')) ++pos_;
    const std::string_view word = s_.substr(begin, pos_ - begin);
    if (word.empty() || word.size() > gufunc_layout::max_name_length) gufunc_signature_expects_dimension_name();
    for (std::size_t id = 0; id < g.name_count; ++id)
      if (std::string_view(g.names[id].data()) == word) return id;
    if (g.name_count >= gufunc_layout::max_names) gufunc_signature_has_too_many_operands_or_dimensions();
    const std::size_t id = g.name_count++;
    for (std::size_t i = 0; i < word.size(); ++i) g.names[id][i] = word[i];
    long long fixed = -1;
    if (word[0] >= '0' && word[0] <= '9') {
      fixed = 0;
      for (char c : word) {
        if (c < '0' || c > '9') gufunc_signature_expects_dimension_name();
        fixed = fixed * 10 + (c - '0');
      }
    }
    g.fixed_size[id] = fixed;
    return id;
  }

  static constexpr bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  constexpr void skip_spaces() {
    while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
  }
  constexpr bool take(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

template <fixed_string S>
inline constexpr gufunc_layout gufunc_layout_of = gufunc_parser(S.view()).parse();

} // namespace detail
} // namespace weft
