#include "gdchaos/analysis/fractal_verdict.hpp"

#include <cmath>
#include <cstdio>

namespace gdchaos {

namespace {
double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
std::string fmt(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", x);
  return buf;
}
}  // namespace

FractalVerdict fractal_verdict(const UncertaintyFit& fit, const std::optional<BasinEntropy>& entropy, double smooth_floor) {
  FractalVerdict v;
  std::string alpha_text;
  if (!fit.ok) {
    v.by_alpha = "inconclusive";
    alpha_text = "no estimate of alpha (" + fit.reason + ")";
  } else {
    v.p_alpha_below_1 = fit.se > 0 ? normal_cdf((1 - fit.alpha) / fit.se) : (fit.alpha < 1 ? 1.0 : 0.0);
    const std::string ci = "alpha = " + fmt(fit.alpha) + ", 95% CI [" + fmt(fit.ci_lo) + ", " + fmt(fit.ci_hi) + "]";
    if (fit.ci_hi < 1) {
      v.by_alpha = "fractal";
      alpha_text = ci + " lies below 1";
    } else if (fit.ci_lo <= 1 && fit.ci_hi >= 1 && fit.ci_lo > smooth_floor) {
      v.by_alpha = "smooth";
      alpha_text = ci + " contains 1 and excludes alpha <= " + fmt(smooth_floor);
    } else if (fit.ci_lo > 1) {
      v.by_alpha = "inconclusive";
      alpha_text = ci + " lies above 1, which no boundary in a plane gives: f(eps) is not a clean power law over the fit range";
    } else {
      v.by_alpha = "inconclusive";
      alpha_text = ci + " is too wide to tell (contains 1 but reaches " + fmt(smooth_floor) + " or below)";
    }
  }
  const bool entropy_fractal = entropy && entropy->fractal_by_log2();
  v.by_entropy = entropy_fractal ? "fractal" : "not shown";
  const std::string entropy_text =
      !entropy ? "no basin entropy"
               : "S_bb = " + fmt(entropy->boundary_entropy) + (entropy_fractal ? " > log 2" : " <= log 2");

  if (v.by_alpha == "fractal") {
    v.verdict = "fractal";
    v.basis = entropy_fractal ? "uncertainty exponent and basin entropy" : "uncertainty exponent";
    v.confidence = v.p_alpha_below_1;
    v.note = alpha_text + "; " + entropy_text +
             (entropy_fractal ? " agrees" : " (the entropy test is only sufficient, so it does not contradict)");
  } else if (v.by_alpha == "smooth") {
    if (entropy_fractal) {
      v.verdict = "inconclusive";
      v.basis = "the criteria conflict";
      v.agree = false;
      v.note = alpha_text + ", but " + entropy_text + " says fractal";
    } else {
      v.verdict = "smooth";
      v.basis = "uncertainty exponent";
      v.confidence = fit.se > 0 ? normal_cdf((fit.alpha - smooth_floor) / fit.se) : 1.0;
      v.note = alpha_text + "; " + entropy_text + " is consistent";
    }
  } else if (entropy_fractal) {
    v.verdict = "fractal";
    v.basis = "basin entropy (S_bb > log 2, a sufficient criterion; no confidence level)";
    v.note = alpha_text + "; " + entropy_text;
  } else {
    v.verdict = "inconclusive";
    v.basis = "neither criterion decides";
    v.note = alpha_text + "; " + entropy_text;
  }
  return v;
}

}  // namespace gdchaos
