#include "gdchaos/analysis/theorem1_agreement.hpp"

#include <cmath>
#include <vector>

#include "gdchaos/core/control.hpp"
#include "gdchaos/theory/critical.hpp"

namespace gdchaos {

std::optional<Theorem1Agreement> theorem1_agreement(const BasinJob& job, std::span<const std::uint8_t> status,
                                                    std::int64_t row_begin) {
  const Problem& p = job.problem;
  if (!job.is_factorization() || job.is_quotient() || job.is_hyper() || !theorem1_applies(p) || 2 * p.data_coef * p.eta * std::abs(p.y()) >= 1)
    return std::nullopt;
  const Grid& g = job.grid;
  const double hw = 0.5 * (g.window.a1 - g.window.a0) / static_cast<double>(g.width);
  const double hh = 0.5 * (g.window.b1 - g.window.b0) / static_cast<double>(g.height);
  const std::int64_t rows = static_cast<std::int64_t>(status.size()) / g.width;
  std::int64_t checked = 0, agree = 0, straddling = 0;
  // Four margins a pixel: as long as the render on big maps, so it runs on all threads too.
#pragma omp parallel for schedule(static) reduction(+ : checked, agree, straddling) \
    num_threads(worker_threads(job.options.threads))
  for (std::int64_t i = row_begin; i < row_begin + rows; ++i) {
    std::vector<double> theta(p.dim());
    for (std::int64_t j = 0; j < g.width; ++j) {
      int inside = 0;
      for (double da : {-hw, hw})
        for (double db : {-hh, hh}) {
          job.plane().point(g.alpha(j) + da, g.beta(i) + db, theta);
          inside += theorem1_margin(p, theta) < 0;
        }
      if (inside != 0 && inside != 4) {
        ++straddling;
        continue;
      }
      ++checked;
      const auto s = static_cast<Status>(status[(i - row_begin) * g.width + j]);
      agree += inside == 4 ? is_converged(s) : s == Status::diverged;
    }
  }
  Theorem1Agreement out;
  out.checked = checked, out.agree = agree, out.straddling = straddling;
  return out;
}

}  // namespace gdchaos
