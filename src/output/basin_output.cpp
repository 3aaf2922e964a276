#include "gdchaos/output/basin_output.hpp"

#include <algorithm>
#include <cmath>
#include <future>
#include <numeric>
#include <optional>
#include <span>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>
#include <zlib.h>

#include "gdchaos/analysis/theorem1_agreement.hpp"
#include "gdchaos/core/attractors.hpp"
#include "gdchaos/core/control.hpp"
#include "gdchaos/output/basin_checkpoint.hpp"
#include "gdchaos/output/basin_image.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/engine/simd_target.hpp"
#include "gdchaos/sample/hyper.hpp"
#include "gdchaos/io/npy.hpp"
#include "gdchaos/io/output_target.hpp"
#include "gdchaos/io/png.hpp"
#include "gdchaos/version.hpp"

namespace gdchaos {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Bands of about a million pixels: large enough to keep both cores busy, small enough that a
// 16384² render holds only a few dozen MB at a time.
constexpr std::int64_t kBandPixels = std::int64_t{1} << 20;
// The colour scale's percentiles come from at most this many sampled pixels (every pixel of
// smaller maps).
constexpr std::int64_t kColourSamples = std::int64_t{1} << 22;

json plane_meta(const BasinJob& job) {
  if (job.is_quotient())
    return {{"kind", "quotient"}, {"alpha", "z = u^T v"}, {"beta", "w = |u|^2 + |v|^2"},
            {"domain", "w >= 2|z| (status 4 outside)"}};
  if (job.is_hyper()) {
    const auto& h = job.hyper();
    return {{"kind", "hyper"}, {"alpha", h.axis1.name()}, {"beta", h.axis2.name()},
            {"alpha_scale", h.axis1.log ? "log10" : "linear"}, {"beta_scale", h.axis2.log ? "log10" : "linear"},
            {"init", h.init}};
  }
  return job.plane().to_json();
}

json job_meta(const BasinJob& job) {
  const std::vector<std::int64_t> shape = {job.grid.height, job.grid.width};
  json arrays = {{"status", {{"dtype", "uint8"}, {"shape", shape}}},
                 {"steps", {{"dtype", "int32"}, {"shape", shape}}},
                 {"attractor", {{"dtype", "int16"}, {"shape", shape}}}};
  for (const auto& f : job.fields()) arrays[f.name] = {{"dtype", "float32"}, {"shape", shape}};
  json problem = job.model->describe();
  problem["eta"] = job.optimizer.eta;
  problem["momentum"] = job.optimizer.momentum;
  return {
      {"gdchaos_version", kVersion},
      {"command", job.model->family() == "mlp" ? "net basin" : "basin"},
      {"recipe", job.recipe},
      {"rerun", std::string(job.model->family() == "mlp" ? "gdchaos net basin" : "gdchaos basin") +
                    " --preset <this meta.json> --out <new dir>"},
      {"problem", problem},
      {"plane", plane_meta(job)},
      {"grid", job.grid.to_json()},
      {"pixel_centres", "alpha_j = a0 + (j + 1/2)(a1 - a0)/W, beta_i = b0 + (i + 1/2)(b1 - b0)/H; row i <-> beta_i"},
      {"decision",
       {{"max_iter", job.options.decision.max_iter}, {"tol", job.options.decision.tol},
        {"escape", job.options.decision.escape}, {"check_every", job.options.decision.check_every}}},
      {"status_codes", {{"0", "undecided"}, {"1", "converged to a global minimizer"}, {"2", "converged to another critical point"},
                        {"3", "diverged"}, {"4", "outside the quotient domain"}}},
      {"arrays", arrays},
  };
}

const PixelArray<float>* field_of(const BasinMap& m, const std::string& color) {
  return m.has(color) ? &m.field(color) : nullptr;
}

}  // namespace

std::int64_t basin_output_bytes(std::int64_t pixels, const FieldSet& fields) {
  return basin_map_bytes(pixels, fields) + pixels * 3;  // the arrays, and the PNG (at most 3 a pixel)
}

std::int64_t basin_output_bytes(const BasinJob& job) { return basin_output_bytes(job.grid.pixels(), job.fields()); }

BandSource render_bands(const BasinJob& job) {
  return [&job](std::int64_t row_begin, std::int64_t row_end) {
    RenderOptions options = job.options;
    const std::int64_t W = job.grid.width, total = job.grid.pixels();
    if (job.options.progress)
      options.progress = [&job, W, row_begin, total](std::int64_t done, std::int64_t) {
        job.options.progress(row_begin * W + done, total);
      };
    return job.render_rows(row_begin, row_end, options);
  };
}

namespace {

// CRC-32 of a band's bytes, array by array in the order of the contract: 1 MiB pieces on every
// thread, joined in order with zlib's crc32_combine (the same value as one pass over the bytes).
std::uint32_t band_crc(std::span<const std::uint8_t> status, std::span<const std::int32_t> steps,
                       std::span<const std::int16_t> attractor, const std::vector<std::span<const float>>& fields,
                       int threads) {
  struct Piece {
    const Bytef* bytes;
    uInt size;
    uLong crc;
  };
  static constexpr std::size_t kPiece = std::size_t{1} << 20;
  std::vector<Piece> pieces;
  const auto add = [&pieces](const void* data, std::size_t bytes) {
    const auto* p = static_cast<const Bytef*>(data);
    for (std::size_t done = 0; done < bytes; done += kPiece)
      pieces.push_back({p + done, static_cast<uInt>(std::min(kPiece, bytes - done)), 0});
  };
  add(status.data(), status.size_bytes());
  add(steps.data(), steps.size_bytes());
  add(attractor.data(), attractor.size_bytes());
  for (const auto& f : fields) add(f.data(), f.size_bytes());
  const auto n = static_cast<std::int64_t>(pieces.size());
#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::int64_t k = 0; k < n; ++k) pieces[k].crc = crc32(crc32(0L, Z_NULL, 0), pieces[k].bytes, pieces[k].size);
  uLong crc = crc32(0L, Z_NULL, 0);
  for (const auto& piece : pieces) crc = crc32_combine(crc, piece.crc, static_cast<z_off_t>(piece.size));
  return static_cast<std::uint32_t>(crc);
}

npy::RangeMode array_mode(bool resuming) { return resuming ? npy::RangeMode::reopen : npy::RangeMode::create_resumable; }

}  // namespace

struct BasinWriter::State {
  fs::path dir;
  const RenderSpec& job;
  std::int64_t W, H, stride;
  FieldSet fields;
  std::optional<Checkpoint> earlier;  // the interrupted run's records, when resuming
  npy::RangeWriter<std::uint8_t> status;
  npy::RangeWriter<std::int32_t> steps;
  npy::RangeWriter<std::int16_t> attractor;
  std::vector<std::unique_ptr<npy::RangeWriter<float>>> field_out;
  std::vector<std::uint8_t> row_done;
  AttractorTable attractors;  // ids in order of first sight; made canonical in finish()
  std::array<std::int64_t, kStatusCount> counts{};
  std::int64_t point_iterations = 0;
  double wall = 0;
  std::string engine;
  std::optional<Theorem1Agreement> theorem1;
  std::vector<float> samples;  // float: the percentiles only place the colour scale
  std::unique_ptr<CheckpointLog> log;

  static std::optional<Checkpoint> earlier_run(const fs::path& d, const RenderSpec& j) {
    const fs::path file = d / kCheckpointName;
    std::error_code ec;
    if (!fs::exists(file, ec)) return std::nullopt;
    auto c = read_checkpoint(file);
    if (c.identity != job_meta(j).dump())
      throw InputError("`resume`: the interrupted run into this place rendered another job (its recipe, grid or "
                       "version differ); run without `resume` to start afresh");
    return c;
  }

  State(const fs::path& d, const RenderSpec& j)
      : dir(d), job(j), W(j.grid.width), H(j.grid.height), stride((W * H + kColourSamples - 1) / kColourSamples),
        fields(j.fields()), earlier(earlier_run(d, j)), status(d / "status.npy", {H, W}, array_mode(earlier.has_value())),
        steps(d / "steps.npy", {H, W}, array_mode(earlier.has_value())),
        attractor(d / "attractor.npy", {H, W}, array_mode(earlier.has_value())), row_done(static_cast<std::size_t>(H), 0) {
    for (const auto& f : fields)
      field_out.push_back(std::make_unique<npy::RangeWriter<float>>(d / (f.name + ".npy"), std::vector<std::int64_t>{H, W},
                                                                    array_mode(earlier.has_value())));
    std::vector<BandRecord> kept;
    if (earlier) kept = take_over(std::move(earlier->bands));
    log = std::make_unique<CheckpointLog>(d / kCheckpointName, job_meta(j).dump(), kept);
  }

  // What the band's rows add to the tallies (its attractor merge is done by the caller).
  void account(const BandRecord& r) {
    for (int st = 0; st < kStatusCount; ++st) counts[st] += r.counts[st];
    point_iterations += r.point_iterations;
    wall += r.wall_seconds;
    engine = r.engine;
    if (r.theorem1) {
      if (!theorem1) theorem1 = Theorem1Agreement{};
      *theorem1 += *r.theorem1;
    }
  }

  // Every stride-th pixel of the whole map, wherever the band lies: the same sample in any order.
  void sample(std::int64_t first, std::span<const std::uint8_t> st, const float* field, std::span<const std::int32_t> n) {
    const std::string& color = job.color;
    if (!continuous_colouring(color)) return;
    for (std::int64_t px = (stride - first % stride) % stride; px < static_cast<std::int64_t>(st.size()); px += stride)
      samples.push_back(static_cast<float>(colour_value(color, static_cast<Status>(st[px]), field ? field[px] : 0.0f, n[px])));
  }

  // The interrupted run's bands, replayed in the order they were written while their bytes are
  // intact; returns those kept.
  std::vector<BandRecord> take_over(std::vector<BandRecord> records) {
    std::vector<BandRecord> kept;
    for (auto& r : records) {
      if (r.row + r.rows > H || std::any_of(row_done.begin() + r.row, row_done.begin() + r.row + r.rows, [](auto d) { return d; }))
        break;
      const std::int64_t first = r.row * W, n = r.rows * W;
      const auto st = npy::read_range<std::uint8_t>(dir / "status.npy", first, n);
      const auto it = npy::read_range<std::int32_t>(dir / "steps.npy", first, n);
      const auto id = npy::read_range<std::int16_t>(dir / "attractor.npy", first, n);
      std::vector<std::vector<float>> fv;
      std::vector<std::span<const float>> fs_;
      for (const auto& f : fields) fv.push_back(npy::read_range<float>(dir / (f.name + ".npy"), first, n));
      for (const auto& v : fv) fs_.emplace_back(v);
      if (band_crc(st, it, id, fs_, worker_threads(job.options.threads)) != r.crc) break;  // torn or damaged: render it, and what came after, again
      attractors.merge(r.attractors, r.attractors_overflowed);
      account(r);
      std::fill(row_done.begin() + r.row, row_done.begin() + r.row + r.rows, 1);
      status.credit(n), steps.credit(n), attractor.credit(n);
      for (auto& f : field_out) f->credit(n);
      const float* field = nullptr;
      for (std::size_t k = 0; k < fields.size(); ++k)
        if (fields[k].name == job.color) field = fv[k].data();
      sample(first, st, field, it);
      kept.push_back(std::move(r));
    }
    return kept;
  }
};

BasinWriter::BasinWriter(const fs::path& dir, const RenderSpec& job) : s_(std::make_unique<State>(dir, job)) {}
BasinWriter::~BasinWriter() = default;

std::int64_t BasinWriter::band_rows() const {
  // A multiple of the engine's tile rows, so that bands never cut a tile (render_spec.hpp).
  const std::int64_t q = s_->job.band_row_quantum();
  return std::max<std::int64_t>(1, kBandPixels / s_->W / q) * q;
}

std::int64_t BasinWriter::rows_done() const { return std::count(s_->row_done.begin(), s_->row_done.end(), 1); }

std::vector<std::pair<std::int64_t, std::int64_t>> BasinWriter::missing_rows() const {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  const auto& done = s_->row_done;
  for (std::int64_t r = 0; r < s_->H;) {
    if (done[r]) {
      ++r;
      continue;
    }
    std::int64_t e = r;
    while (e < s_->H && !done[e]) ++e;
    out.emplace_back(r, e);
    r = e;
  }
  return out;
}

std::vector<std::pair<std::int64_t, std::int64_t>> split_rows(const std::vector<std::pair<std::int64_t, std::int64_t>>& ranges,
                                                              std::int64_t rows) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (const auto& [b, e] : ranges)
    for (std::int64_t r = b; r < e; r += rows) out.emplace_back(r, std::min(e, r + rows));
  return out;
}

void BasinWriter::write_rows(std::int64_t row_begin, BasinMap band) {
  auto& s = *s_;
  if (band.width != s.W || row_begin < 0 || band.height < 1 || band.height > s.H - row_begin)
    throw std::invalid_argument("BasinWriter: a band outside the map");
  for (std::int64_t r = row_begin; r < row_begin + band.height; ++r)
    if (s.row_done[r]) throw std::invalid_argument("BasinWriter: row " + std::to_string(r) + " written twice");
  BandRecord record;
  record.row = row_begin;
  record.rows = band.height;
  record.attractors = band.attractors;
  record.attractors_overflowed = band.attractors_overflowed;
  record.counts = band.counts;
  record.point_iterations = std::accumulate(band.steps.begin(), band.steps.end(), std::int64_t{0});
  record.wall_seconds = band.wall_seconds;
  record.engine = band.engine;
  record.theorem1 = theorem1_agreement(s.job, band.status, row_begin);
  relabel_attractors(band.attractor, s.attractors.merge(band.attractors, band.attractors_overflowed));
  const std::int64_t first = row_begin * s.W;
  std::vector<std::span<const float>> field_values;
  for (const auto& f : s.fields) field_values.emplace_back(band.field(f.name));
  record.crc = band_crc(band.status, band.steps, band.attractor, field_values, worker_threads(s.job.options.threads));
  s.status.write(first, band.status);
  s.steps.write(first, band.steps);
  s.attractor.write(first, band.attractor);
  for (std::size_t k = 0; k < s.fields.size(); ++k) s.field_out[k]->write(first, field_values[k]);
  std::fill(s.row_done.begin() + row_begin, s.row_done.begin() + row_begin + band.height, 1);
  s.account(record);
  const auto* field = field_of(band, s.job.color);
  s.sample(first, band.status, field ? field->data() : nullptr, band.steps);
  // Only once the band's bytes are written does the checkpoint claim it.
  s.log->append(record);
}

json BasinWriter::finish() {
  auto& s = *s_;
  if (std::find(s.row_done.begin(), s.row_done.end(), 0) != s.row_done.end())
    throw std::invalid_argument("BasinWriter: finished before every row was written");
  s.status.finish();
  s.steps.finish();
  s.attractor.finish();
  for (auto& f : s.field_out) f->finish();
  const fs::path& tmp = s.dir;
  const std::int64_t W = s.W, H = s.H, band_rows = this->band_rows();
  const std::string& color = s.job.color;
  auto& attractors = s.attractors;

  // Attractor ids in canonical order (or −1 everywhere when the limits form a continuum).
  std::vector<int> canonical;
  if (!attractors.overflowed()) canonical = attractors.canonical_order();
  const bool identity = !attractors.overflowed() &&
                        std::all_of(canonical.begin(), canonical.end(), [k = 0](int c) mutable { return c == k++; });
  // Into a copy, not in place: until the checkpoint is gone, attractor.npy must still hold the ids
  // it records, so that a run killed while finishing resumes (and only finishes).
  const fs::path ids_file = identity ? tmp / "attractor.npy" : tmp / ".attractor.canonical.npy";
  if (!identity) {
    fs::copy_file(tmp / "attractor.npy", ids_file, fs::copy_options::overwrite_existing);
    for (std::int64_t r0 = 0; r0 < H; r0 += band_rows) {
      const std::int64_t n = (std::min(H, r0 + band_rows) - r0) * W;
      auto ids = npy::read_range<std::int16_t>(ids_file, r0 * W, n);
      relabel_attractors(ids, canonical, attractors.overflowed());
      npy::write_range<std::int16_t>(ids_file, r0 * W, ids);
    }
  }

  // basin.png, β upward: rows from the top (i = H − 1) down, read back from the arrays a band at a
  // time (a map larger than memory is never held whole), each band coloured on every thread.
  ColourScale scale = colour_scale(std::move(s.samples), color == "steps");
  const bool fixed_lo = s.job.vmin.has_value(), fixed_hi = s.job.vmax.has_value();
  // The user's ends, in the units the scale works in (log10 of the steps for "steps"); an end left
  // to the percentiles that falls on the wrong side of a given one is moved just past it.
  auto unit = [&](double v) { return scale.log_scale ? std::log10(v) : v; };
  if (fixed_lo) scale.lo = unit(*s.job.vmin);
  if (fixed_hi) scale.hi = unit(*s.job.vmax);
  if (!(scale.hi > scale.lo)) {
    const double span = std::max(1.0, std::abs(fixed_lo ? scale.lo : scale.hi));
    if (fixed_lo) scale.hi = std::isfinite(scale.lo + span) ? scale.lo + span : std::nextafter(scale.lo, INFINITY);
    else scale.lo = std::isfinite(scale.hi - span) ? scale.hi - span : std::nextafter(scale.hi, -INFINITY);
  }
  const PixelPainter paint(color, scale);
  {
    png::RowWriter image(tmp / "basin.png", W, H);
    std::vector<Rgb> rgb;
    for (std::int64_t r1 = H; r1 > 0; r1 -= band_rows) {
      const std::int64_t r0 = std::max<std::int64_t>(0, r1 - band_rows), n = (r1 - r0) * W;
      const auto status = npy::read_range<std::uint8_t>(tmp / "status.npy", r0 * W, n);
      const auto ids = npy::read_range<std::int16_t>(ids_file, r0 * W, n);
      std::vector<float> field;
      std::vector<std::int32_t> steps;
      if (paint.reads_steps()) steps = npy::read_range<std::int32_t>(tmp / "steps.npy", r0 * W, n);
      if (paint.reads_field()) field = npy::read_range<float>(tmp / (color + ".npy"), r0 * W, n);
      rgb.resize(static_cast<std::size_t>(n));
#pragma omp parallel for schedule(static) num_threads(worker_threads(s.job.options.threads))
      for (std::int64_t px = 0; px < n; ++px)
        rgb[px] = paint(static_cast<Status>(status[px]), ids[px], field.empty() ? 0.0f : field[px],
                        steps.empty() ? 0 : steps[px]);
      for (std::int64_t i = r1 - 1; i >= r0; --i) image.write_row(std::span(rgb).subspan((i - r0) * W, W));
    }
    image.finish();
  }
  // Complete: nothing is left to resume, and the canonical ids take their place.
  s.log->remove();
  if (!identity) fs::rename(ids_file, tmp / "attractor.npy");

  json meta = job_meta(s.job);
  json count_json = json::object();
  for (int st = 0; st < kStatusCount; ++st) count_json[std::string(kStatusNames[st])] = s.counts[st];
  meta["engine"] = s.engine;
  meta["simd"] = simd_target();  // (the speed, never the map: every target computes the same)
  meta["wall_seconds"] = s.wall;
  meta["counts"] = count_json;
  meta["point_iterations"] = s.point_iterations;
  meta["attractors"] = json::array();
  for (int id = 0; id < attractors.size(); ++id) {
    const auto pt = attractors.point(id);
    meta["attractors"].push_back(std::vector<double>(pt.begin(), pt.end()));
  }
  meta["image"] = {{"file", "basin.png"}, {"color", color}, {"orientation", "beta upward, alpha rightward"}};
  if (continuous_colouring(color)) {
    meta["image"]["range"] = color == "steps" ? json{std::pow(10.0, scale.lo), std::pow(10.0, scale.hi)}
                                              : json{scale.lo, scale.hi};
    meta["image"]["log_scale"] = scale.log_scale;
    const std::string pixels = s.stride == 1 ? "all pixels" : "every " + std::to_string(s.stride) + "th pixel";
    const bool lo_given = s.job.vmin.has_value(), hi_given = s.job.vmax.has_value();
    meta["image"]["range_from"] = lo_given && hi_given ? std::string("vmin and vmax")
                                  : lo_given           ? "vmin; the upper end the 99.5th percentile of " + pixels
                                  : hi_given           ? "vmax; the lower end the 0.5th percentile of " + pixels
                                                       : "the 0.5th and 99.5th percentiles of " + pixels;
  }
  if (s.theorem1)
    meta["theorem1"] = {{"region", "D'_eta = { e s - e^2 y z < 4 - e^2 y^2 }, e = 2 a eta"},
                        {"pixels_checked", s.theorem1->checked},
                        {"pixels_agreeing", s.theorem1->agree},
                        {"fraction_agreeing", s.theorem1->fraction()},
                        {"pixels_cut_by_the_boundary", s.theorem1->straddling}};
  return meta;
}

json write_basin_output(OutputDir& out, const BasinJob& job, const BandSource& bands, const json& extra) {
  BasinWriter writer(out.path(), job);
  // The next band renders while the last one is written (its checksum, its arrays, its
  // checkpoint record): one band in flight on a thread of its own, so the engine's threads do not
  // wait for the disk. A failed write surfaces at the next band (get() rethrows); an exception
  // from the render waits for the write in flight (the future's destructor) before it unwinds.
  std::future<void> writing;
  for (const auto& [r0, r1] : split_rows(writer.missing_rows(), writer.band_rows())) {
    BasinMap band = bands(r0, r1);
    if (writing.valid()) writing.get();
    writing = std::async(std::launch::async,
                         [&writer, r0 = r0, b = std::move(band)]() mutable { writer.write_rows(r0, std::move(b)); });
  }
  if (writing.valid()) writing.get();
  json meta = writer.finish();
  meta.update(extra);
  out.write_json("meta.json", meta);
  return meta;
}

json write_basin_output(OutputDir& out, const BasinJob& job, const BasinMap& map, const json& extra) {
  return write_basin_output(
      out, job,
      [&map](std::int64_t r0, std::int64_t r1) {
        BasinMap band;
        const std::int64_t W = map.width, a = r0 * W, b = r1 * W;
        band.width = W;
        band.height = r1 - r0;
        band.engine = map.engine;
        band.wall_seconds = r0 == 0 ? map.wall_seconds : 0.0;
        band.attractors = map.attractors;
        band.attractors_overflowed = map.attractors_overflowed;
        auto slice = [&](const auto& v) { return std::decay_t<decltype(v)>(v.begin() + a, v.begin() + b); };
        band.status = slice(map.status);
        band.steps = slice(map.steps);
        band.attractor = slice(map.attractor);
        for (const auto& f : map.fields) band.fields.push_back({f.name, slice(f.values)});
        for (auto s : band.status) ++band.counts[s];
        return band;
      },
      extra);
}

json write_basin_output(OutputDir& out, const BasinJob& job, const BandSource& bands) {
  return write_basin_output(out, job, bands, json::object());
}

json write_basin_output(OutputDir& out, const BasinJob& job, const BasinMap& map) {
  return write_basin_output(out, job, map, json::object());
}

}  // namespace gdchaos
