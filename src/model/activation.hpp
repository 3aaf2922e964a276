#pragma once
// The activations of fully connected networks (mlp.hpp) with their first two derivatives, for
// the batched gradient (mlp_gradient.cpp, compiled per SIMD target) and the HVPs (mlp.cpp).
#include <cmath>

#include "gdchaos/model/mlp.hpp"

namespace gdchaos::detail {

// σ, σ′ and σ″ at z (σ″ of relu is 0 off the kink, where it is not defined).
struct Sigma {
  Activation a;
  double f(double z) const {
    switch (a) {
      case Activation::relu: return z > 0 ? z : 0;
      case Activation::tanh: return std::tanh(z);
      case Activation::identity: return z;
      default: return z + 0.5 * z * z;
    }
  }
  double d1(double z) const {
    switch (a) {
      case Activation::relu: return z > 0 ? 1 : 0;
      case Activation::tanh: {
        const double t = std::tanh(z);
        return 1 - t * t;
      }
      case Activation::identity: return 1;
      default: return 1 + z;
    }
  }
  double d2(double z) const {
    switch (a) {
      case Activation::tanh: {
        const double t = std::tanh(z);
        return -2 * t * (1 - t * t);
      }
      case Activation::poly: return 1;
      default: return 0;
    }
  }
};

}  // namespace gdchaos::detail
