#pragma once
// Fractal or smooth? A smooth boundary has uncertainty exponent α = 1 (D = 1); a fractal one α < 1.
// The verdict reads α's 95% interval, cross-checked with the basin-entropy criterion S_bb > log 2
// (sufficient, not necessary, for a fractal boundary). The rule is documented in docs/uncertainty.md.
#include <optional>
#include <string>

#include "gdchaos/analysis/basin_entropy.hpp"
#include "gdchaos/analysis/uncertainty.hpp"

namespace gdchaos {

struct FractalVerdict {
  std::string verdict;         ///< "fractal" | "smooth" | "inconclusive"
  std::string basis;           ///< which criterion decided it
  std::optional<double> confidence;  ///< P(the verdict's condition on α) under a normal approximation; none when α did not decide
  std::optional<double> p_alpha_below_1;  ///< P(α < 1) = Φ((1 − α)/se), one-sided
  std::string by_alpha;        ///< the α rule alone: "fractal" | "smooth" | "inconclusive"
  std::string by_entropy;      ///< "fractal" when S_bb > log 2, else "not shown"
  bool agree = true;           ///< false when α says smooth but S_bb > log 2
  std::string note;            ///< why, in a sentence
};

/// α rule: "fractal" when ci_hi < 1; "smooth" when ci_lo ≤ 1 ≤ ci_hi and ci_lo > smooth_floor;
/// otherwise "inconclusive". Combined: α's verdict, except that "smooth" contradicted by
/// S_bb > log 2 becomes "inconclusive", and an inconclusive α with S_bb > log 2 becomes "fractal"
/// (basis: basin entropy, no confidence level).
FractalVerdict fractal_verdict(const UncertaintyFit& fit, const std::optional<BasinEntropy>& entropy,
                               double smooth_floor = 0.9);

}  // namespace gdchaos
