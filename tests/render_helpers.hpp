#pragma once
// Small helpers shared by the engine tests.
#include <vector>

#include "gdchaos/engine/render.hpp"

namespace gdchaos::testing {

inline Problem scalar_problem(double y, double eta, double lambda = 0, int d = 1) {
  Problem p;
  p.d = d, p.Y = {y}, p.eta = eta, p.reg_coef = lambda / 2;
  return p;
}

/// A 1×1 render whose only pixel is θ exactly.
inline BasinMap render_point(const Problem& p, const std::vector<double>& theta, RenderOptions opt = {}) {
  Plane plane{"file", theta, std::vector<double>(theta.size(), 0.0), std::vector<double>(theta.size(), 0.0)};
  plane.dir1[0] = 1, plane.dir2[1] = 1;
  opt.threads = 1;
  return render(p, plane, Grid{{-1, 1, -1, 1}, 1, 1}, opt);
}

/// Square render over [−half, half]² of `plane`.
inline BasinMap render_square(const Problem& p, const Plane& plane, double half, int res, RenderOptions opt = {}) {
  return render(p, plane, Grid{{-half, half, -half, half}, res, res}, opt);
}

/// True when all 3×3 neighbours of (i, j) (inside the map) have the same status.
inline bool uniform_neighbourhood(const BasinMap& m, std::int64_t i, std::int64_t j) {
  for (std::int64_t di = -1; di <= 1; ++di)
    for (std::int64_t dj = -1; dj <= 1; ++dj) {
      const auto a = i + di, b = j + dj;
      if (a < 0 || b < 0 || a >= m.height || b >= m.width) continue;
      if (m.status[a * m.width + b] != m.status[i * m.width + j]) return false;
    }
  return true;
}

}  // namespace gdchaos::testing
