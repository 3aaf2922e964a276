#pragma once
#include <array>
#include <cstdint>
#include <string_view>

namespace gdchaos {

/// How one orbit ended. The numeric values are part of the output contract (status.npy).
enum class Status : std::uint8_t {
  undecided = 0,       ///< still running at max_iter
  converged = 1,       ///< converged to a global minimizer
  other_critical = 2,  ///< converged to another critical point (e.g. the saddle 0)
  diverged = 3,        ///< left the escape radius
  outside_domain = 4,  ///< reserved for quotient-plane renders (w < 2|z|)
};
inline constexpr int kStatusCount = 5;

inline constexpr std::array<std::string_view, kStatusCount> kStatusNames = {
    "undecided", "converged", "other_critical", "diverged", "outside_domain"};

inline bool is_converged(Status s) { return s == Status::converged || s == Status::other_critical; }

}  // namespace gdchaos
