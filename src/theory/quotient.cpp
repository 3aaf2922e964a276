#include "gdchaos/theory/quotient.hpp"

#include "gdchaos/model/reduced_map.hpp"

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
  const ReducedMap q(p);
  const double a = q.rho, b = q.c * (z - q.y);
  const double s = a * a + b * b;
  return {s * z - a * b * w, s * w - 4 * a * b * z};
}

}  // namespace gdchaos
