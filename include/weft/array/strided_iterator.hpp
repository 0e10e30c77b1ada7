#pragma once
#include <cstddef>
#include <iterator>

#include "weft/core/shape.hpp"

namespace weft {

// Visits the elements of a strided N-D layout in row-major order (NumPy's
// a.flat). A forward iterator: enough for range-for and the std algorithms.
template <class T, std::size_t N>
class strided_iterator {
public:
  using value_type = std::remove_const_t<T>;
  using difference_type = std::ptrdiff_t;
  using reference = T&;
  using pointer = T*;
  using iterator_category = std::forward_iterator_tag;

  strided_iterator() = default;
  strided_iterator(T* data, const shape<N>& s, const strides_t<N>& st, index_t position)
      : ptr_(data), shape_(s), strides_(st), position_(position) {}

  reference operator*() const { return *ptr_; }
  pointer operator->() const { return ptr_; }

  strided_iterator& operator++() {
    ++position_;
    if constexpr (N > 0) {
      std::size_t k = N - 1;
      ptr_ += strides_[k];
      while (++index_[k] == shape_[k] && k > 0) {  // carry into the next dimension
        ptr_ -= shape_[k] * strides_[k];
        index_[k] = 0;
        --k;
        ptr_ += strides_[k];
      }
    }
    return *this;
  }
  strided_iterator operator++(int) {
    strided_iterator old = *this;
    ++*this;
    return old;
  }
  friend bool operator==(const strided_iterator& a, const strided_iterator& b) { return a.position_ == b.position_; }

private:
  T* ptr_ = nullptr;
  shape<N> shape_{};
  strides_t<N> strides_{};
  std::array<index_t, N> index_{};
  index_t position_ = 0;  // flat position, compared to end's
};

} // namespace weft
