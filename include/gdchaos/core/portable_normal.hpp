#pragma once
// Standard normals that a seed reproduces on every platform: mt19937_64 (its output is fixed by the
// C++ standard) and a Box–Muller transform of our own, because std::normal_distribution differs
// between standard libraries. Random planes and network initializations draw from it.
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>

namespace gdchaos {

class PortableNormal {
 public:
  explicit PortableNormal(std::uint64_t seed) : engine_(seed) {}
  double operator()() {
    const double u1 = (static_cast<double>(engine_() >> 11) + 0.5) * 0x1.0p-53;  // in (0, 1)
    const double u2 = static_cast<double>(engine_() >> 11) * 0x1.0p-53;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace gdchaos
