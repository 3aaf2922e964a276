#include "gdchaos/analysis/theorem1_agreement.hpp"

#include <cmath>
#include <vector>

#include "gdchaos/core/control.hpp"
#include "gdchaos/sample/slice.hpp"
#include "gdchaos/theory/critical.hpp"

namespace gdchaos {

std::optional<Theorem1Agreement> theorem1_agreement(const BasinJob& job, std::span<const std::uint8_t> status,
                                                    std::int64_t row_begin) {
  const Problem& p = job.problem;
  if (!job.is_factorization() || job.is_quotient() || job.is_hyper() || !theorem1_applies(p) || 2 * p.data_coef * p.eta * std::abs(p.y()) >= 1)
    return std::nullopt;
  const Grid& g = job.grid;
  const std::int64_t W = g.width, rows = static_cast<std::int64_t>(status.size()) / W;
  // Pixel corners lie on the lattice of pixel edges: each corner's side of ∂D′_η is found once, not
  // for each of the four pixels that share it.
  const GridAxis a(g.window.a0, g.window.a1, W), b(g.window.b0, g.window.b1, g.height);
  std::vector<std::uint8_t> inside(static_cast<std::size_t>((rows + 1) * (W + 1)));
  const int threads = worker_threads(job.options.threads);
#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::int64_t r = 0; r <= rows; ++r) {
    std::vector<double> theta(p.dim());
    const double beta = b.edge(row_begin + r);
    for (std::int64_t k = 0; k <= W; ++k) {
      job.plane().point(a.edge(k), beta, theta);
      inside[r * (W + 1) + k] = theorem1_margin(p, theta) < 0;
    }
  }
  std::int64_t checked = 0, agree = 0, straddling = 0;
#pragma omp parallel for schedule(static) reduction(+ : checked, agree, straddling) num_threads(threads)
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::int64_t j = 0; j < W; ++j) {
      const std::uint8_t* lo = &inside[r * (W + 1) + j];
      const int corners = lo[0] + lo[1] + lo[W + 1] + lo[W + 2];
      if (corners != 0 && corners != 4) {
        ++straddling;
        continue;
      }
      ++checked;
      const auto s = static_cast<Status>(status[r * W + j]);
      agree += corners == 4 ? is_converged(s) : s == Status::diverged;
    }
  Theorem1Agreement out;
  out.checked = checked, out.agree = agree, out.straddling = straddling;
  return out;
}

}  // namespace gdchaos
