#pragma once
// The command line's view of an MPI job (the cluster layer, built with -DGDCHAOS_MPI=ON). The
// commands call these whether or not the build has MPI: without it, or without a launcher, the
// job is one rank and each function is its single-process counterpart. Under mpirun, `basin`,
// `net basin`, `scan` (over a region) and `net scan` share their work across the ranks; every
// other command runs on rank 0 alone.
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gdchaos/analysis/net_scan.hpp"
#include "gdchaos/analysis/scan.hpp"
#include "gdchaos/io/output_dir.hpp"
#include "gdchaos/recipe/recipe.hpp"
#include "progress_bar.hpp"

namespace gdchaos::cli {

/// Starts MPI when a launcher started this process; call first thing in main.
void start_cluster();
/// This process's rank (0 without MPI) and the job's ranks (1 without MPI).
int cluster_rank();
int cluster_ranks();
/// The job's ranks on this machine (1 without MPI).
int local_ranks();
/// Worker threads for a rank: `requested`, or for 0 this machine's hardware threads shared among
/// the ranks running on it.
int rank_threads(int requested);
/// Runs `step` on rank 0; the other ranks wait and fail as it fails (InputError stays InputError).
void on_rank0(const std::function<void()>& step);
/// Runs `step` on every rank (what each rank checks and loads for itself before the work is
/// shared); when it fails on any rank, every rank fails: rank 0 with its own error, or else the
/// lowest failing rank with RankError, the others with QuietExit.
void on_every_rank(const std::function<void()>& step);

/// A rank other than 0 failed alone: main prints the message with the rank, from that rank.
class RankError : public std::runtime_error {
 public:
  RankError(int rank, const std::string& message, int code) : std::runtime_error(message), rank_(rank), code_(code) {}
  int rank() const { return rank_; }
  int code() const { return code_; }

 private:
  int rank_, code_;
};
/// Another rank reports the failure: this one leaves with `code`, silently.
class QuietExit : public std::exception {
 public:
  explicit QuietExit(int code) : code_(code) {}
  int code() const { return code_; }
  const char* what() const noexcept override { return "another rank failed"; }

 private:
  int code_;
};

/// The output contract of `job` into `out` (rank 0's; nullptr elsewhere), across the ranks;
/// meta.json's content on rank 0 (null elsewhere), with `extra`, `ranks` and `threads` in it.
nlohmann::json write_basin(OutputDir* out, const BasinJob& job, nlohmann::json extra, ProgressBar& bar);
/// scan_network / scan_region_at across the ranks; the result on rank 0 (empty elsewhere).
NetScan scan_network_here(const Mlp& model, const Optimizer& base, const std::vector<double>& theta0,
                          const std::vector<double>& etas, const RenderOptions& options, ProgressBar& bar);
RegionScan scan_region_here(const BasinJob& job, const std::vector<double>& etas, ProgressBar& bar);

}  // namespace gdchaos::cli
