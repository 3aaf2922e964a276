#pragma once
// The batched gradient of fully connected networks, dispatched to the best SIMD target
// (mlp_gradient.cpp).
#include "gdchaos/model/mlp.hpp"

namespace gdchaos::detail {

/// ∇L of `lanes` networks at once: coordinate e of lane l of θ and of the gradient at e·lanes + l.
void mlp_gradient_lanes(const Mlp& net, const double* theta, double* grad, int lanes);

}  // namespace gdchaos::detail
