#include "gdchaos/cluster/distributed_scan.hpp"

#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "gdchaos/cluster/band_codec.hpp"
#include "gdchaos/cluster/work_queue.hpp"
#include "gdchaos/core/attractors.hpp"

namespace gdchaos::cluster {

namespace {
// Units of a scan: a few a rank, since one η of a network runs thousands of full-batch steps.
constexpr int kUnitsPerRank = 4;

std::vector<double> slice(const std::vector<double>& v, const WorkUnit& u) {
  return {v.begin() + u.begin, v.begin() + u.end};
}
}  // namespace

BasinMap join_columns(std::vector<BasinMap> parts) {
  BasinMap all;
  all.height = 1;
  AttractorTable table;
  bool overflowed = false;
  for (auto& p : parts) {
    if (p.height != 1) throw std::invalid_argument("join_columns: maps of one row only");
    if (all.fields.empty())
      for (const auto& f : p.fields) all.fields.push_back({f.name, {}});
    if (p.fields.size() != all.fields.size()) throw std::invalid_argument("join_columns: maps of different fields");
    const auto ids = table.merge(p.attractors, p.attractors_overflowed);
    overflowed = overflowed || p.attractors_overflowed;
    relabel_attractors(p.attractor, ids);
    all.width += p.width;
    all.status.insert(all.status.end(), p.status.begin(), p.status.end());
    all.steps.insert(all.steps.end(), p.steps.begin(), p.steps.end());
    all.attractor.insert(all.attractor.end(), p.attractor.begin(), p.attractor.end());
    for (std::size_t k = 0; k < p.fields.size(); ++k)
      all.fields[k].values.insert(all.fields[k].values.end(), p.fields[k].values.begin(), p.fields[k].values.end());
    for (int s = 0; s < kStatusCount; ++s) all.counts[s] += p.counts[s];
    all.wall_seconds += p.wall_seconds;
    all.engine = p.engine;
  }
  if (table.overflowed()) {
    relabel_attractors(all.attractor, {}, true);
  } else {
    // canonical ids, as one render's (engine/render.cpp)
    relabel_attractors(all.attractor, table.canonical_order());
    for (int id = 0; id < table.size(); ++id) {
      const auto pt = table.point(id);
      all.attractors.emplace_back(pt.begin(), pt.end());
    }
  }
  all.attractors_overflowed = table.overflowed() || overflowed;
  return all;
}

NetScan scan_network_across(const Session& session, const Mlp& model, const Optimizer& base,
                            const std::vector<double>& theta0, const std::vector<double>& etas,
                            const RenderOptions& options, const EtaProgress& progress) {
  const auto K = static_cast<std::int64_t>(etas.size());
  const auto units = split_evenly(K, session.size(), kUnitsPerRank, K);
  RenderOptions quiet = options;
  quiet.progress = nullptr;
  std::map<std::int64_t, BasinMap> parts;  // by first η: joined in η order
  std::int64_t done = 0;
  run_work_queue(
      session, units,
      [&](const WorkUnit& u) { return encode_band(run_network_scan(model, base, theta0, slice(etas, u), quiet)); },
      [&](const WorkUnit& u, std::string&& bytes) {
        parts.emplace(u.begin, decode_band(bytes));
        done += u.end - u.begin;
        if (progress) progress(done, K);
      });
  NetScan scan;
  if (session.rank() != 0) return scan;
  std::vector<BasinMap> ordered;
  for (auto& [k, m] : parts) ordered.push_back(std::move(m));
  scan.runs = join_columns(std::move(ordered));
  scan.etas = etas;
  scan.momentum = base.momentum;
  classify_scan(scan);
  return scan;
}

RegionScan scan_region_across(const Session& session, const BasinJob& job, const std::vector<double>& etas,
                              const EtaProgress& progress) {
  const auto K = static_cast<std::int64_t>(etas.size());
  const auto units = split_evenly(K, session.size(), kUnitsPerRank, K);
  std::map<std::int64_t, RegionScan> parts;
  std::int64_t done = 0;
  // JSON keeps every double exactly (shortest round-trip form).
  run_work_queue(
      session, units,
      [&](const WorkUnit& u) {
        const auto r = scan_region_at(job, slice(etas, u));
        nlohmann::json predicted = nlohmann::json::array();
        for (const auto& p : r.predicted) predicted.push_back(p ? nlohmann::json(*p) : nlohmann::json(nullptr));
        return nlohmann::json{{"converged", r.converged}, {"diverged", r.diverged}, {"undecided", r.undecided},
                              {"mean_steps", r.mean_steps}, {"predicted", predicted}}
            .dump();
      },
      [&](const WorkUnit& u, std::string&& bytes) {
        const auto j = nlohmann::json::parse(bytes);
        RegionScan r;
        r.etas = slice(etas, u);
        r.converged = j["converged"].get<std::vector<double>>();
        r.diverged = j["diverged"].get<std::vector<double>>();
        r.undecided = j["undecided"].get<std::vector<double>>();
        r.mean_steps = j["mean_steps"].get<std::vector<double>>();
        for (const auto& p : j["predicted"]) r.predicted.push_back(p.is_null() ? std::nullopt : std::optional<double>(p.get<double>()));
        parts.emplace(u.begin, std::move(r));
        done += u.end - u.begin;
        if (progress) progress(done, K);
      });
  RegionScan scan;
  if (session.rank() != 0) return scan;
  for (auto& [k, r] : parts) {
    const auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
    append(scan.etas, r.etas), append(scan.converged, r.converged), append(scan.diverged, r.diverged);
    append(scan.undecided, r.undecided), append(scan.mean_steps, r.mean_steps), append(scan.predicted, r.predicted);
  }
  return scan;
}

}  // namespace gdchaos::cluster
