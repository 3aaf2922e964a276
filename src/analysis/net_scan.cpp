#include "gdchaos/analysis/net_scan.hpp"

#include <algorithm>
#include <cmath>

#include "gdchaos/core/error.hpp"
#include "gdchaos/sample/network_hyper.hpp"

namespace gdchaos {

const char* scan_regime_name(ScanRegime r) {
  switch (r) {
    case ScanRegime::stable: return "stable";
    case ScanRegime::edge_of_stability: return "edge_of_stability";
    case ScanRegime::irregular: return "irregular";
    case ScanRegime::diverged: return "diverged";
    default: return "undecided_nonfinite";
  }
}

std::vector<double> evenly_spaced(double lo, double hi, int count) {
  if (count < 1) throw InputError("a scan needs at least one step size");
  if (count == 1) return {lo};
  std::vector<double> etas(count);
  for (int k = 0; k < count; ++k) etas[k] = k == count - 1 ? hi : lo + (hi - lo) * k / (count - 1);
  return etas;
}

BasinMap run_network_scan(const Mlp& model, const Optimizer& base, const std::vector<double>& theta0,
                          const std::vector<double>& etas, const RenderOptions& options) {
  for (double eta : etas) Optimizer{eta, base.momentum}.validate();
  const NetworkStepSizes steps = [&](std::int64_t px, double& momentum) {
    momentum = base.momentum;
    return std::vector<double>(model.layers(), etas[static_cast<std::size_t>(px)]);
  };
  return render_network_runs(model, base, theta0, static_cast<std::int64_t>(etas.size()), 1, steps, options);
}

NetScan scan_network(const Mlp& model, const Optimizer& base, const std::vector<double>& theta0, std::vector<double> etas,
                     const RenderOptions& options) {
  NetScan scan;
  scan.runs = run_network_scan(model, base, theta0, etas, options);
  scan.etas = std::move(etas);
  scan.momentum = base.momentum;
  classify_scan(scan);
  return scan;
}

namespace {

// The longest run of indices where `member` holds, allowing up to `gap` consecutive
// non-members that are not `barrier`s inside it.
template <class Member, class Barrier>
std::optional<EtaInterval> longest_run(const std::vector<double>& etas, int gap, Member member, Barrier barrier) {
  const int n = static_cast<int>(etas.size());
  std::optional<EtaInterval> best;
  int k = 0;
  while (k < n) {
    if (!member(k)) {
      ++k;
      continue;
    }
    int first = k, last = k, points = 1, j = k + 1, skipped = 0;
    for (; j < n; ++j) {
      if (member(j)) last = j, ++points, skipped = 0;
      else if (barrier(j) || ++skipped > gap) break;
    }
    if (!best || points > best->points) best = EtaInterval{etas[first], etas[last], points, last - first + 1};
    k = last + 1;
  }
  return best;
}

}  // namespace

void classify_scan(NetScan& scan) {
  const int n = static_cast<int>(scan.etas.size());
  const auto& status = scan.runs.status;
  const auto& norm2 = scan.runs.field("norm2");
  const auto& sharp = scan.runs.field("sharpness");
  std::vector<double> log_norm(n, NAN), ratio(n, NAN);
  const auto alive = [&](int k) {
    return static_cast<Status>(status[k]) != Status::diverged && std::isfinite(norm2[k]) && std::isfinite(sharp[k]) &&
           norm2[k] > 0;
  };
  for (int k = 0; k < n; ++k)
    if (alive(k)) {
      log_norm[k] = std::log(static_cast<double>(norm2[k]));
      ratio[k] = sharp[k] * scan.etas[k] / (2 + 2 * scan.momentum);
    }
  scan.regimes.assign(n, ScanRegime::stable);
  scan.first_divergence.reset();
  // Runs that did not diverge within kInterleave points before k and after it.
  const auto survivors_on_both_sides = [&](int k) {
    bool before = false, after = false;
    for (int j = std::max(0, k - kInterleave); j < k; ++j) before = before || alive(j);
    for (int j = k + 1; j <= std::min(n - 1, k + kInterleave); ++j) after = after || alive(j);
    return before && after;
  };
  for (int k = 0; k < n; ++k) {
    if (static_cast<Status>(status[k]) == Status::diverged) {
      scan.regimes[k] = ScanRegime::diverged;
      if (!scan.first_divergence) scan.first_divergence = scan.etas[k];
      continue;
    }
    if (!alive(k)) {
      scan.regimes[k] = ScanRegime::undecided_nonfinite;
      continue;
    }
    bool irregular = false;
    if (k > 0 && k + 1 < n && alive(k - 1) && alive(k + 1)) {
      // on an even grid the second difference; with uneven spacing, the deviation from the chord
      const double t = (scan.etas[k] - scan.etas[k - 1]) / (scan.etas[k + 1] - scan.etas[k - 1]);
      const auto bend = [&](const std::vector<double>& f) { return 2 * std::abs(f[k] - ((1 - t) * f[k - 1] + t * f[k + 1])); };
      irregular = bend(log_norm) > kIrregularity || bend(ratio) > kSharpnessIrregularity;
    } else if ((k > 0 && !alive(k - 1)) || (k + 1 < n && !alive(k + 1))) {
      irregular = survivors_on_both_sides(k);
    }
    if (irregular) scan.regimes[k] = ScanRegime::irregular;
    else if (std::abs(ratio[k] - 1) <= kEdgeTolerance) scan.regimes[k] = ScanRegime::edge_of_stability;
  }
  const auto is = [&](ScanRegime r) { return [&scan, r](int k) { return scan.regimes[k] == r; }; };
  const auto diverged = is(ScanRegime::diverged);
  scan.edge_of_stability = longest_run(scan.etas, 3, is(ScanRegime::edge_of_stability), diverged);
  // Irregular points, and diverged ones among survivors, make up the chaotic interval.
  const auto irregular = is(ScanRegime::irregular);
  const auto chaotic_member = [&](int k) { return irregular(k) || (diverged(k) && survivors_on_both_sides(k)); };
  scan.chaotic = longest_run(scan.etas, 2, chaotic_member, [](int) { return false; });
  // One jump of the final values (where two regimes meet) bends the two points beside it: a
  // chaotic interval is more than that.
  if (scan.chaotic) {
    int points = 0;
    for (int k = 0; k < n; ++k)
      if (irregular(k) && scan.etas[k] >= scan.chaotic->lo && scan.etas[k] <= scan.chaotic->hi) ++points;
    if (points < kChaoticMinimumPoints) scan.chaotic.reset();
    else scan.chaotic->points = points;
  }
}

}  // namespace gdchaos
