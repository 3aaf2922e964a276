#include "gdchaos/theory/quotient.hpp"

namespace gdchaos {

std::pair<double, double> quotient_map(const Problem& p, std::span<const double> theta) {
  double z = 0, w = 0;
  for (int k = 0; k < p.d; ++k) {
    const double u = theta[k], v = theta[p.d + k];
    z += u * v;
    w += u * u + v * v;
  }
  return {z, w};
}

std::pair<double, double> quotient_step(const Problem& p, double z, double w) {
  const double a = 1 - 2 * p.eta * p.reg_coef;
  const double b = 2 * p.eta * p.data_coef * (z - p.y());
  const double s = a * a + b * b;
  return {s * z - a * b * w, s * w - 4 * a * b * z};
}

}  // namespace gdchaos
