#pragma once
#include <algorithm>
#include <cstddef>
#include <limits>
#include <new>
#include <utility>

#include "weft/array/block_cache.hpp"
#include "weft/core/errors.hpp"
#include "weft/core/index.hpp"

namespace weft::detail {

// Storage of an ndarray: n elements on a 64-byte boundary (a cache line, and
// the widest SIMD register). Always at least one element, so pointer
// arithmetic on an empty array's data never starts from null. Elements are
// trivially copyable (weft::element), so copies are memcpy.
template <class T>
class aligned_buffer {
public:
  static constexpr std::size_t alignment = block_cache::alignment;

  aligned_buffer() = default;
  explicit aligned_buffer(index_t n) : size_(n) {
    const auto count = static_cast<std::size_t>(std::max<index_t>(n, 1));
    if (count > std::numeric_limits<std::size_t>::max() / sizeof(T))
      throw value_error("array is too big to allocate");
    data_ = static_cast<T*>(block_cache::allocate(count * sizeof(T)));
  }
  aligned_buffer(const aligned_buffer& other) : aligned_buffer(other.size_) {
    std::copy_n(other.data_, other.size_, data_);
  }
  aligned_buffer(aligned_buffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  aligned_buffer& operator=(aligned_buffer other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    return *this;
  }
  ~aligned_buffer() {
    if (data_) block_cache::deallocate(data_, static_cast<std::size_t>(std::max<index_t>(size_, 1)) * sizeof(T));
  }

  T* data() const { return data_; }
  index_t size() const { return size_; }

private:
  T* data_ = nullptr;
  index_t size_ = 0;
};

} // namespace weft::detail
