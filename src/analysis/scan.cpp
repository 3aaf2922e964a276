#include "gdchaos/analysis/scan.hpp"

#include <numeric>

#include "gdchaos/theory/critical.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/sample/hyper.hpp"

namespace gdchaos {

namespace {
std::vector<double> centres(double lo, double hi, int count) {
  if (!(hi > lo) || !(lo > 0)) throw InputError("the η range must have 0 < lo < hi");
  if (count < 2 || count > 100000) throw InputError("the scan needs between 2 and 100000 step sizes");
  const Grid g{{lo, hi, 0, 1}, count, 1};
  std::vector<double> etas(count);
  for (int k = 0; k < count; ++k) etas[k] = g.alpha(k);
  return etas;
}
}  // namespace

PointScan scan_point(const Problem& base, const std::vector<double>& theta0, double lo, double hi, int count,
                     const RenderOptions& options) {
  PointScan scan;
  scan.etas = centres(lo, hi, count);
  // A hyperparameter plane one pixel high: η along α; the second axis has zero width at the
  // problem's own momentum.
  const HyperAxis eta{Hyperparameter::eta, lo, hi};
  const HyperAxis other{Hyperparameter::momentum, base.momentum, base.momentum};
  scan.runs = render_hyper(base, theta0, eta, other, count, 1, options);
  if (theorem1_applies(base)) scan.eta_star = critical_step(base, theta0).eta_star;
  // The first η at which GD stops converging (diverging, or cycling above 1/|y| as Theorem 1 allows)
  for (int k = 1; k < count; ++k)
    if (!is_converged(static_cast<Status>(scan.runs.status[k])) &&
        is_converged(static_cast<Status>(scan.runs.status[k - 1]))) {
      scan.edge = {scan.etas[k - 1], scan.etas[k]};
      break;
    }
  return scan;
}

std::vector<double> scan_centres(double lo, double hi, int count) { return centres(lo, hi, count); }

RegionScan scan_region(const BasinJob& job, double lo, double hi, int count) { return scan_region_at(job, centres(lo, hi, count)); }

RegionScan scan_region_at(const BasinJob& job, const std::vector<double>& etas) {
  if (job.is_hyper()) throw InputError("scan a region of a parameter plane, not of a hyperparameter plane");
  job.require_factorization("gdchaos scan");
  RegionScan scan;
  scan.etas = etas;
  const auto points = job.points();
  const bool theorem = theorem1_applies(job.problem) && !job.is_quotient();
  std::vector<double> theta(job.problem.dim());
  for (double eta : etas) {
    Problem p = job.problem;
    p.eta = eta;
    const auto map = render(p, *points, job.options);
    const double inside = static_cast<double>(map.pixels() - map.counts[4]);
    if (inside == 0) throw InputError("the region has no pixel inside the quotient domain w >= 2|z|");
    scan.converged.push_back((map.counts[1] + map.counts[2]) / inside);
    scan.diverged.push_back(map.counts[3] / inside);
    scan.undecided.push_back(map.counts[0] / inside);
    std::int64_t steps = 0;
    for (std::int64_t px = 0; px < map.pixels(); ++px)
      if (map.status[px] != static_cast<std::uint8_t>(Status::outside_domain)) steps += map.steps[px];
    scan.mean_steps.push_back(steps / inside);
    if (theorem && 2 * p.data_coef * eta * std::abs(p.y()) < 1) {
      std::int64_t in = 0;
      for (std::int64_t px = 0; px < map.pixels(); ++px) {
        points->point(px, theta);
        in += theorem1_margin(p, theta) < 0;
      }
      scan.predicted.emplace_back(in / inside);
    } else {
      scan.predicted.emplace_back();
    }
  }
  return scan;
}

}  // namespace gdchaos
