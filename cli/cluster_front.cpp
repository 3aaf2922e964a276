#include "cluster_front.hpp"

#include <cstdlib>
#include <thread>

#include "gdchaos/core/control.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/output/basin_output.hpp"

#ifdef GDCHAOS_HAVE_MPI
#include "gdchaos/cluster/distributed_render.hpp"
#include "gdchaos/cluster/distributed_scan.hpp"
#include "gdchaos/cluster/session.hpp"
#endif

namespace gdchaos::cli {

#ifdef GDCHAOS_HAVE_MPI
namespace {
const cluster::Session& session() { return cluster::Session::get(); }

// A rank other than 0 leaves as rank 0 failed: with its message, quietly (main prints on rank 0 only).
template <class F>
auto as_rank0_failed(F&& f) {
  try {
    return f();
  } catch (const cluster::PeerFailed& e) {
    if (e.input_error()) throw InputError(e.what());
    throw std::runtime_error(e.what());
  }
}
}  // namespace

void start_cluster() { (void)session(); }
int cluster_rank() { return session().rank(); }
int cluster_ranks() { return session().size(); }
int local_ranks() { return session().local_size(); }
void on_rank0(const std::function<void()>& step) {
  as_rank0_failed([&] { session().on_rank0(step); });
}
void on_every_rank(const std::function<void()>& step) {
  if (!session().distributed()) return step();
  std::exception_ptr error;
  std::string message;
  int code = 0;
  try {
    step();
  } catch (const InputError& e) {
    error = std::current_exception(), message = e.what(), code = 2;
  } catch (const std::exception& e) {
    error = std::current_exception(), message = e.what(), code = 1;
  }
  const auto all = session().agree(code);
  if (all.worst == 0) return;
  if (all.first_rank == session().rank()) {
    if (session().rank() == 0) std::rethrow_exception(error);
    throw RankError(session().rank(), message, code);
  }
  throw QuietExit(all.worst);
}
#else
void start_cluster() {}
int cluster_rank() { return 0; }
int cluster_ranks() { return 1; }
int local_ranks() { return 1; }
void on_rank0(const std::function<void()>& step) { step(); }
void on_every_rank(const std::function<void()>& step) { step(); }
#endif

int rank_threads(int requested) {
  if (requested > 0 || local_ranks() <= 1) return requested;
  // The machine's share of this rank, and no more than the CPUs it is bound to (which OpenMP
  // already counts: a launcher that binds each rank to its cores has divided the machine itself).
  const int share = static_cast<int>(std::thread::hardware_concurrency()) / local_ranks();
  return std::max(1, std::min(worker_threads(0), share));
}

nlohmann::json write_basin(OutputDir* out, const BasinJob& job, nlohmann::json extra, ProgressBar& bar) {
  extra["ranks"] = cluster_ranks();
  extra["threads"] = worker_threads(job.options.threads);
#ifdef GDCHAOS_HAVE_MPI
  if (session().distributed()) {
    const std::int64_t W = job.grid.width;
    return as_rank0_failed([&] {
      return cluster::write_basin_output_across(session(), out, job, extra,
                                                [&bar, W](std::int64_t done, std::int64_t total) { bar.update(done * W, total * W); });
    });
  }
#endif
  BasinJob with_bar = job;
  with_bar.options.progress = [&bar](std::int64_t done, std::int64_t total) { bar.update(done, total); };
  return write_basin_output(*out, with_bar, render_bands(with_bar), extra);
}

NetScan scan_network_here(const Mlp& model, const Optimizer& base, const std::vector<double>& theta0,
                          const std::vector<double>& etas, const RenderOptions& options, ProgressBar& bar) {
#ifdef GDCHAOS_HAVE_MPI
  if (session().distributed())
    return as_rank0_failed([&] {
      return cluster::scan_network_across(session(), model, base, theta0, etas, options,
                                          [&bar](std::int64_t done, std::int64_t total) { bar.update(done, total); });
    });
#endif
  RenderOptions with_bar = options;
  with_bar.progress = [&bar](std::int64_t done, std::int64_t total) { bar.update(done, total); };
  return scan_network(model, base, theta0, etas, with_bar);
}

RegionScan scan_region_here(const BasinJob& job, const std::vector<double>& etas, ProgressBar& bar) {
#ifdef GDCHAOS_HAVE_MPI
  if (session().distributed())
    return as_rank0_failed([&] {
      return cluster::scan_region_across(session(), job, etas,
                                         [&bar](std::int64_t done, std::int64_t total) { bar.update(done, total); });
    });
#endif
  (void)bar;
  return scan_region_at(job, etas);
}

}  // namespace gdchaos::cli
