#pragma once
// Colour maps for basin pictures.
//  - sequential: perceptually uniform, built in the Oklab colour space with lightness rising
//    linearly from dark to light while the hue turns (so equal steps in value are equal steps in
//    perceived colour, and the map reads correctly in greyscale);
//  - categorical: a colour-blind-safe qualitative palette for attractor ids and statuses;
//  - grey: the paper's convention for initializations that do not converge.
#include <cstdint>
#include <vector>

namespace gdchaos {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  friend bool operator==(const Rgb&, const Rgb&) = default;
};

inline constexpr Rgb kNoConvergenceGrey{160, 160, 160};
inline constexpr Rgb kUndecidedColor{255, 255, 255};

/// t ∈ [0, 1] (clamped; NaN gives grey) → colour of the sequential map.
Rgb sequential_color(double t);
/// Lightness (Oklab L) of the sequential map at t: strictly increasing in t.
double sequential_lightness(double t);
/// k ≥ 0 → the k-th qualitative colour (cycles after the palette's length).
Rgb categorical_color(int k);
int categorical_palette_size();

/// sRGB ↔ Oklab, exposed for tests.
struct Oklab {
  double L, a, b;
};
Oklab rgb_to_oklab(Rgb c);
Rgb oklab_to_rgb(Oklab c);

}  // namespace gdchaos
