#pragma once
// What a pixel's orbit did, as one integer: the status, refined by the attractor id for pixels
// that converged to one of finitely many points. Boundaries and uncertainty are about changes of it.
#include <cstdint>

#include "gdchaos/core/status.hpp"

namespace gdchaos {

inline int outcome_label(std::uint8_t status, std::int16_t attractor) {
  return is_converged(static_cast<Status>(status)) && attractor >= 0 ? 16 + attractor : status;
}

}  // namespace gdchaos
