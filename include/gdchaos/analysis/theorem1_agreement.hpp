#pragma once
// How well a rendered λ = 0 scalar-vector map agrees with Theorem 1's convergence region
// D′_η = { η s − η² y z < 4 − η² y² } (in the normalised step 2aη).
#include <cstdint>
#include <optional>
#include <span>

#include "gdchaos/recipe/recipe.hpp"

namespace gdchaos {

struct Theorem1Agreement {
  std::int64_t checked = 0;   ///< pixels whose four corners lie on one side of ∂D′_η
  std::int64_t agree = 0;     ///< of those: converged inside, diverged outside
  std::int64_t straddling = 0;  ///< pixels cut by ∂D′_η (not checked)
  double fraction() const { return checked ? static_cast<double>(agree) / static_cast<double>(checked) : 0.0; }
  Theorem1Agreement& operator+=(const Theorem1Agreement& o) {
    checked += o.checked, agree += o.agree, straddling += o.straddling;
    return *this;
  }
};

/// nullopt when the theorem does not apply (λ ≠ 0, m or n ≠ 1, momentum, 2aη|y| ≥ 1, or a
/// quotient/hyperparameter plane).
/// Rows [row_begin, row_begin + rows) of the job's map, given their statuses.
std::optional<Theorem1Agreement> theorem1_agreement(const BasinJob& job, std::span<const std::uint8_t> status,
                                                    std::int64_t row_begin);

}  // namespace gdchaos
