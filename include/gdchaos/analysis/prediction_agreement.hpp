#pragma once
// How often a rendered map does what a closed-form prediction says (e.g. Proposition 5: Theorem 1
// applied column by column). A pixel predicted to converge agrees when GD converged (to any
// critical point), one predicted to diverge when GD diverged; pixels without a prediction are
// not counted.
#include <cstdint>
#include <span>

namespace gdchaos {

struct PredictionAgreement {
  std::int64_t predicted = 0;  ///< pixels with a prediction
  std::int64_t agreeing = 0;   ///< of those: GD did what was predicted
  double fraction() const {
    return predicted ? static_cast<double>(agreeing) / static_cast<double>(predicted) : 0.0;
  }
};

/// `predicted` and `status` are per pixel, as Status values: the prediction is converged,
/// diverged or undecided (no prediction), as orthogonal_prediction() writes it. Throws
/// std::invalid_argument when the sizes differ or a prediction is another status.
PredictionAgreement prediction_agreement(std::span<const std::uint8_t> predicted,
                                         std::span<const std::uint8_t> status);

}  // namespace gdchaos
