#include "gdchaos/analysis/prediction_agreement.hpp"

#include <stdexcept>
#include <string>

#include "gdchaos/core/status.hpp"

namespace gdchaos {

PredictionAgreement prediction_agreement(std::span<const std::uint8_t> predicted,
                                         std::span<const std::uint8_t> status) {
  if (predicted.size() != status.size())
    throw std::invalid_argument("prediction_agreement: " + std::to_string(predicted.size()) + " predictions for " +
                                std::to_string(status.size()) + " pixels");
  PredictionAgreement out;
  for (std::size_t px = 0; px < predicted.size(); ++px) {
    const auto want = static_cast<Status>(predicted[px]);
    if (want == Status::undecided) continue;
    if (want != Status::converged && want != Status::diverged)
      throw std::invalid_argument("prediction_agreement: a prediction is converged, diverged or undecided, got " +
                                  std::to_string(predicted[px]));
    ++out.predicted;
    const auto got = static_cast<Status>(status[px]);
    out.agreeing += want == Status::converged ? is_converged(got) : got == Status::diverged;
  }
  return out;
}

}  // namespace gdchaos
