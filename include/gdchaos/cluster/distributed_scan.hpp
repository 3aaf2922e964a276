#pragma once
// Step-size scans across the ranks of an MPI job, η by η from the work queue: a network's
// (`gdchaos net scan`) and a region's (`gdchaos scan`). Each η's run or render depends on that η
// alone, so the results, gathered on rank 0 in η order, are those of a single-process scan.
#include <functional>
#include <vector>

#include "gdchaos/analysis/net_scan.hpp"
#include "gdchaos/analysis/scan.hpp"
#include "gdchaos/cluster/session.hpp"

namespace gdchaos::cluster {

/// Step sizes done of all, on rank 0.
using EtaProgress = std::function<void(std::int64_t done, std::int64_t total)>;

/// scan_network across the ranks; the scan on rank 0 (empty elsewhere).
NetScan scan_network_across(const Session& session, const Mlp& model, const Optimizer& base,
                            const std::vector<double>& theta0, const std::vector<double>& etas,
                            const RenderOptions& options, const EtaProgress& progress = {});

/// scan_region_at across the ranks; the scan on rank 0 (empty elsewhere).
RegionScan scan_region_across(const Session& session, const BasinJob& job, const std::vector<double>& etas,
                              const EtaProgress& progress = {});

/// One 1 × (w₁ + w₂ + …) map of 1-row maps side by side: arrays concatenated, attractor tables
/// merged and put in canonical order (ids relabelled, as one render's), counts and wall time summed.
BasinMap join_columns(std::vector<BasinMap> parts);

}  // namespace gdchaos::cluster
