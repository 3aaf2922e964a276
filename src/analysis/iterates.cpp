#include "gdchaos/analysis/iterates.hpp"

#include <cmath>

#include "gdchaos/core/control.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/model/optimizer.hpp"

namespace gdchaos {

std::vector<double> iterate_points(const Problem& p, const InitialPoints& points, int k, int threads) {
  p.validate();
  if (points.dim() != p.dim()) throw InputError("the points and the problem differ in dimension");
  if (k < 0) throw InputError("the number of steps must be >= 0");
  const int dim = p.dim();
  const std::int64_t n = points.size();
  std::vector<double> out(static_cast<std::size_t>(n) * dim, std::nan(""));
#pragma omp parallel num_threads(worker_threads(threads))
  {
    std::vector<double> theta(dim), prev(dim), grad(dim);
#pragma omp for schedule(static)
    for (std::int64_t i = 0; i < n; ++i) {
      if (!points.point(i, theta)) continue;
      prev = theta;
      for (int t = 0; t < k; ++t) {
        gradient(p, theta, grad);
        for (int e = 0; e < dim; ++e) {
          const double next = heavy_ball_step(theta[e], prev[e], grad[e], p.eta, p.momentum);
          prev[e] = theta[e];
          theta[e] = next;
        }
      }
      std::copy(theta.begin(), theta.end(), out.begin() + i * dim);
    }
  }
  return out;
}

std::vector<std::uint8_t> preimage_of_ball(const Problem& p, const InitialPoints& points, int k,
                                           std::span<const double> centre, double radius, int threads) {
  const auto theta = iterate_points(p, points, k, threads);
  const int dim = p.dim();
  std::vector<std::uint8_t> mask(points.size());
  for (std::size_t i = 0; i < mask.size(); ++i) {
    double d2 = 0;
    for (int e = 0; e < dim; ++e) d2 += (theta[i * dim + e] - centre[e]) * (theta[i * dim + e] - centre[e]);
    mask[i] = d2 < radius * radius;  // NaN (outside the domain) compares false
  }
  return mask;
}

}  // namespace gdchaos
