#include "gdchaos/cluster/distributed_render.hpp"

#include <algorithm>
#include <chrono>
#include <memory>

#include "gdchaos/cluster/band_codec.hpp"
#include "gdchaos/cluster/work_queue.hpp"
#include "gdchaos/output/basin_output.hpp"

#include <nlohmann/json.hpp>

namespace gdchaos::cluster {

nlohmann::json write_basin_output_across(const Session& session, OutputDir* out, const BasinJob& job,
                                         const nlohmann::json& extra, const RowProgress& progress) {
  const auto start = std::chrono::steady_clock::now();
  const std::int64_t H = job.grid.height;
  std::unique_ptr<BasinWriter> writer;
  std::vector<WorkUnit> units;
  std::int64_t done = 0;
  session.on_rank0([&] {
    writer = std::make_unique<BasinWriter>(out->path(), job);
    // Bands of whole tiles (render_spec.hpp), so that every pixel comes out as in one process.
    const std::int64_t q = job.band_row_quantum();
    const std::int64_t rows =
        std::clamp<std::int64_t>(H / (std::int64_t{session.size()} * kBandsPerRank) / q, 1, writer->band_rows() / q) * q;
    for (const auto& [b, e] : split_rows(writer->missing_rows(), rows)) units.push_back({b, e});
    done = writer->rows_done();
  });
  RenderOptions options = job.options;
  options.progress = nullptr;  // rank 0 reports the bands that reach it
  run_work_queue(
      session, units,
      [&](const WorkUnit& u) { return encode_band(job.render_rows(u.begin, u.end, options)); },
      [&](const WorkUnit& u, std::string&& bytes) {
        writer->write_rows(u.begin, decode_band(bytes));
        done += u.end - u.begin;
        if (progress) progress(done, H);
      });
  const double queue_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  nlohmann::json meta;
  session.on_rank0([&] {
    meta = writer->finish();
    meta["queue_seconds"] = queue_seconds;
    meta["rank_seconds"] = meta["wall_seconds"];
    meta["wall_seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    meta.update(extra);
    out->write_json("meta.json", meta);
  });
  return meta;
}

}  // namespace gdchaos::cluster
