#pragma once
// The data set a network trains on (the mlp family): n samples of p features and their targets.
// Only the struct so far; the readers (Fashion-MNIST, UCI digits, Gaussian data, .npz/.npy) are
// still to come, so today a Dataset is built by the caller.
#include <cstdint>
#include <string>
#include <vector>

#include "gdchaos/core/json_value.hpp"

namespace gdchaos {

struct Dataset {
  int n = 0, p = 0;
  std::vector<double> X;  ///< n×p, row-major
  std::vector<double> y;  ///< n targets
  JsonValue description;
};

}  // namespace gdchaos
