#pragma once
// Step-size scans of a network (the paper's Fig. 6): one run from the same θ₀ for each η of an
// evenly spaced list (both ends included), its final loss, ‖θ‖² and sharpness S after the step
// budget, and the regimes those values show against the stability edge E(η) = (2 + 2β)/η:
//   - edge of stability: not diverged, |S/E − 1| ≤ kEdgeTolerance, and regular (below);
//   - irregular: the final values are not a smooth function of η there: the second difference
//     over the point and its two neighbours of log ‖θ‖² exceeds kIrregularity or that of S/E
//     exceeds kSharpnessIrregularity (a smooth function's second difference at these spacings is
//     far below; a chaotic one's is O(1)); or the run survived beside one that diverged while
//     others survive on both sides within kInterleave points (divergence interleaved with
//     training, the clearest sign that the outcome depends sensitively on η);
//   - diverged, or below the edge (stable) otherwise.
// The edge-of-stability interval is the longest run of edge-of-stability points (gaps of up to
// three other points that did not diverge allowed); the chaotic interval the longest run of
// irregular points and of diverged points interleaved with surviving ones (gaps of up to two
// others), with at least kChaoticMinimumPoints irregular points. Both are reported with their
// point counts; EoS oscillations make S/E wander by several per cent from step to step, hence
// the tolerances.
#include <optional>
#include <string>
#include <vector>

#include "gdchaos/engine/render.hpp"
#include "gdchaos/model/mlp.hpp"

namespace gdchaos {

inline constexpr double kEdgeTolerance = 0.15;
inline constexpr double kIrregularity = 0.05;
inline constexpr double kSharpnessIrregularity = 0.2;
inline constexpr int kInterleave = 3;
inline constexpr int kChaoticMinimumPoints = 4;

enum class ScanRegime { stable, edge_of_stability, irregular, diverged, undecided_nonfinite };
const char* scan_regime_name(ScanRegime r);

struct EtaInterval {
  double lo = 0, hi = 0;
  int points = 0;  ///< points of the regime inside [lo, hi]
  int span = 0;    ///< all scanned points inside [lo, hi]
};

struct NetScan {
  std::vector<double> etas;
  double momentum = 0;
  BasinMap runs;  ///< 1 × K: status, steps, loss, norm2, sharpness of each run
  std::vector<ScanRegime> regimes;
  std::optional<EtaInterval> edge_of_stability, chaotic;
  std::optional<double> first_divergence;  ///< the smallest η whose run diverged
};

/// count step sizes lo + k(hi − lo)/(count − 1), k = 0 … count − 1 (count ≥ 2; 1 gives lo).
std::vector<double> evenly_spaced(double lo, double hi, int count);

/// The runs of a scan alone (1 × etas.size()), each from θ₀ at its η: a run does not depend on
/// which other step sizes are scanned with it, so a scan may be split (cluster/distributed_scan.hpp).
BasinMap run_network_scan(const Mlp& model, const Optimizer& base, const std::vector<double>& theta0,
                          const std::vector<double>& etas, const RenderOptions& options);
/// Runs the scan on the network engine and classifies it.
NetScan scan_network(const Mlp& model, const Optimizer& base, const std::vector<double>& theta0, std::vector<double> etas,
                     const RenderOptions& options);
/// The regimes and intervals of a scan whose runs are filled in (separate, to be tested alone).
void classify_scan(NetScan& scan);

}  // namespace gdchaos
