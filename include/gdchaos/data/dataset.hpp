#pragma once
// Placeholder of the data layer's header (the data layer lands separately): the data set a network trains on.
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
