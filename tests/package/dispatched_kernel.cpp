#include "dispatched.hpp"

#include <weft/weft.hpp>

namespace WEFT_TARGET_NAMESPACE {
double dot_plus_one(const weft::ndarray<double, 1>& a, const weft::ndarray<double, 1>& b) {
  return weft::sum(a * b + 1.0);
}
}  // namespace WEFT_TARGET_NAMESPACE
