#include "gdchaos/output/colormap.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace gdchaos {
namespace {

// ---- sRGB transfer function and Oklab (https://bottosson.github.io/posts/oklab/) ----

double srgb_to_linear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double linear_to_srgb(double c) { return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055; }

struct Linear {
  double r, g, b;
};

Oklab linear_to_oklab(Linear c) {
  const double l = std::cbrt(0.4122214708 * c.r + 0.5363325363 * c.g + 0.0514459929 * c.b);
  const double m = std::cbrt(0.2119034982 * c.r + 0.6806995451 * c.g + 0.1073969566 * c.b);
  const double s = std::cbrt(0.0883024619 * c.r + 0.2817188376 * c.g + 0.6299787005 * c.b);
  return {0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
          1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
          0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s};
}

Linear oklab_to_linear(Oklab c) {
  const double l = c.L + 0.3963377774 * c.a + 0.2158037573 * c.b;
  const double m = c.L - 0.1055613458 * c.a - 0.0638541728 * c.b;
  const double s = c.L - 0.0894841775 * c.a - 1.2914855480 * c.b;
  const double l3 = l * l * l, m3 = m * m * m, s3 = s * s * s;
  return {4.0767416621 * l3 - 3.3077115913 * m3 + 0.2309699292 * s3,
          -1.2684380046 * l3 + 2.6097574011 * m3 - 0.3413193965 * s3,
          -0.0041960863 * l3 - 0.7034186147 * m3 + 1.7076147010 * s3};
}

std::uint8_t to_byte(double v01) {
  return static_cast<std::uint8_t>(std::lround(std::clamp(v01, 0.0, 1.0) * 255.0));
}

// ---- sequential map ----
// Lightness rises linearly; the hue turns from purple-blue through teal to yellow; chroma follows a
// smooth dip (the sRGB gamut is narrow around teal). The hue turns at a rate proportional to
// 1/chroma so that the colour moves through Oklab at nearly constant speed.

constexpr double kL0 = 0.27, kL1 = 0.93;
constexpr double kHue0 = 310.0, kHue1 = 108.0;                   // degrees
constexpr double kChroma0 = 0.12, kChromaMid = 0.04, kChroma1 = 0.17;  // quadratic Bézier controls
constexpr int kLutSize = 256;

double target_chroma(double t) {
  const double u = 1.0 - t;
  return kChroma0 * u * u + 2.0 * kChromaMid * t * u + kChroma1 * t * t;
}

bool in_gamut(Linear c) {
  constexpr double eps = 1e-9;
  return c.r >= -eps && c.r <= 1 + eps && c.g >= -eps && c.g <= 1 + eps && c.b >= -eps && c.b <= 1 + eps;
}

Linear lch_to_linear(double L, double C, double hue) {
  return oklab_to_linear({L, C * std::cos(hue), C * std::sin(hue)});
}

// Largest chroma ≤ `wanted` that stays in the sRGB gamut at this lightness and hue (grey always does).
double gamut_chroma(double L, double hue, double wanted) {
  if (in_gamut(lch_to_linear(L, wanted, hue))) return wanted;
  double lo = 0.0, hi = wanted;
  for (int i = 0; i < 50; ++i) {
    const double mid = 0.5 * (lo + hi);
    (in_gamut(lch_to_linear(L, mid, hue)) ? lo : hi) = mid;
  }
  return lo;
}

using Lut = std::array<std::array<float, 3>, kLutSize>;  // sRGB channels scaled to [0, 255]

Lut build_lut() {
  // hue_progress[i] = ∫₀^{tᵢ} dt/C / ∫₀¹ dt/C, by the midpoint rule on each LUT interval.
  std::array<double, kLutSize> hue_progress{};
  constexpr int kSub = 16;
  for (int i = 1; i < kLutSize; ++i) {
    double sum = 0.0;
    for (int k = 0; k < kSub; ++k) sum += 1.0 / target_chroma((i - 1 + (k + 0.5) / kSub) / (kLutSize - 1));
    hue_progress[i] = hue_progress[i - 1] + sum;
  }
  Lut lut{};
  for (int i = 0; i < kLutSize; ++i) {
    const double t = static_cast<double>(i) / (kLutSize - 1);
    const double L = kL0 + (kL1 - kL0) * t;
    const double hue =
        (kHue0 + (kHue1 - kHue0) * hue_progress[i] / hue_progress[kLutSize - 1]) * std::numbers::pi / 180.0;
    const Linear c = lch_to_linear(L, gamut_chroma(L, hue, target_chroma(t)), hue);
    for (int ch = 0; ch < 3; ++ch) {
      const double v = std::clamp(ch == 0 ? c.r : ch == 1 ? c.g : c.b, 0.0, 1.0);  // only rounding noise
      lut[i][ch] = static_cast<float>(255.0 * linear_to_srgb(v));
    }
  }
  return lut;
}

const Lut& sequential_lut() {
  static const Lut lut = build_lut();  // thread-safe one-time initialisation
  return lut;
}

// Okabe & Ito, "Color Universal Design" (2008), without its black.
constexpr std::array<Rgb, 7> kOkabeIto{{
    {230, 159, 0},    // orange
    {86, 180, 233},   // sky blue
    {0, 158, 115},    // bluish green
    {240, 228, 66},   // yellow
    {0, 114, 178},    // blue
    {213, 94, 0},     // vermillion
    {204, 121, 167},  // reddish purple
}};

}  // namespace

Rgb sequential_color(double t) {
  if (std::isnan(t)) return kNoConvergenceGrey;
  const Lut& lut = sequential_lut();
  const double x = std::clamp(t, 0.0, 1.0) * (kLutSize - 1);
  const int i = std::min(static_cast<int>(x), kLutSize - 2);
  const auto f = static_cast<float>(x - i);
  std::array<std::uint8_t, 3> out{};
  for (int ch = 0; ch < 3; ++ch)
    out[ch] = static_cast<std::uint8_t>(std::lround(lut[i][ch] + f * (lut[i + 1][ch] - lut[i][ch])));
  return {out[0], out[1], out[2]};
}

double sequential_lightness(double t) { return kL0 + (kL1 - kL0) * std::clamp(t, 0.0, 1.0); }

Rgb categorical_color(int k) {
  const int n = categorical_palette_size();
  return kOkabeIto[static_cast<std::size_t>(((k % n) + n) % n)];
}

int categorical_palette_size() { return static_cast<int>(kOkabeIto.size()); }

Oklab rgb_to_oklab(Rgb c) {
  return linear_to_oklab({srgb_to_linear(c.r / 255.0), srgb_to_linear(c.g / 255.0), srgb_to_linear(c.b / 255.0)});
}

Rgb oklab_to_rgb(Oklab c) {
  const Linear l = oklab_to_linear(c);  // out-of-gamut colours are clamped per channel
  return {to_byte(linear_to_srgb(std::clamp(l.r, 0.0, 1.0))), to_byte(linear_to_srgb(std::clamp(l.g, 0.0, 1.0))),
          to_byte(linear_to_srgb(std::clamp(l.b, 0.0, 1.0)))};
}

}  // namespace gdchaos
