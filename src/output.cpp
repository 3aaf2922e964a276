#include "gdchaos/output.hpp"

#include <numeric>

#include "gdchaos/analysis/theorem1_agreement.hpp"
#include "gdchaos/attractors.hpp"
#include "gdchaos/basin_image.hpp"
#include "gdchaos/error.hpp"
#include "gdchaos/hyper.hpp"
#include "gdchaos/io/npy.hpp"
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
  if (job.is_hyper())
    return {{"kind", "hyper"}, {"alpha", hyperparameter_name(job.hyper().axis1.which)},
            {"beta", hyperparameter_name(job.hyper().axis2.which)}, {"init", job.hyper().init}};
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
      {"command", "basin"},
      {"recipe", job.recipe},
      {"rerun", "gdchaos basin --preset <this meta.json> --out <new dir>"},
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

json write_basin_output(OutputDir& out, const BasinJob& job, const BandSource& bands, const json& extra) {
  const fs::path& tmp = out.path();
  const std::int64_t W = job.grid.width, H = job.grid.height, total = W * H;
  const std::vector<std::int64_t> shape = {H, W};
  const FieldSet fields = job.fields();
  npy::StreamWriter<std::uint8_t> status_out(tmp / "status.npy", shape);
  npy::StreamWriter<std::int32_t> steps_out(tmp / "steps.npy", shape);
  npy::StreamWriter<std::int16_t> attractor_out(tmp / "attractor.npy", shape);
  std::vector<std::unique_ptr<npy::StreamWriter<float>>> field_out;
  for (const auto& f : fields) field_out.push_back(std::make_unique<npy::StreamWriter<float>>(tmp / (f.name + ".npy"), shape));

  const std::int64_t band_rows = std::max<std::int64_t>(1, kBandPixels / W);
  const std::int64_t stride = (total + kColourSamples - 1) / kColourSamples;
  const std::string& color = job.color;
  AttractorTable attractors;  // ids in order of first sight across bands; made canonical at the end
  std::array<std::int64_t, kStatusCount> counts{};
  std::int64_t point_iterations = 0;
  double wall = 0;
  std::string engine;
  std::optional<Theorem1Agreement> theorem1;
  std::vector<float> samples;  // float: the percentiles only place the colour scale
  if (continuous_colouring(color)) samples.reserve(static_cast<std::size_t>((total + stride - 1) / stride));
  for (std::int64_t r0 = 0; r0 < H; r0 += band_rows) {
    const std::int64_t r1 = std::min(H, r0 + band_rows);
    BasinMap band = bands(r0, r1);
    wall += band.wall_seconds;
    engine = band.engine;
    if (band.attractors_overflowed) attractors.mark_overflowed();
    std::vector<int> ids(band.attractors.size());
    for (std::size_t k = 0; k < ids.size(); ++k) ids[k] = attractors.find_or_add(band.attractors[k]);
    for (auto& a : band.attractor)
      if (a >= 0) a = static_cast<std::int16_t>(ids[a]);
    status_out.append(band.status);
    steps_out.append(band.steps);
    attractor_out.append(band.attractor);
    for (std::size_t k = 0; k < fields.size(); ++k) field_out[k]->append(band.field(fields[k].name));
    for (int s = 0; s < kStatusCount; ++s) counts[s] += band.counts[s];
    point_iterations = std::accumulate(band.steps.begin(), band.steps.end(), point_iterations);
    if (const auto t = theorem1_agreement(job, band.status, r0)) {
      if (!theorem1) theorem1 = Theorem1Agreement{};
      *theorem1 += *t;
    }
    if (continuous_colouring(color)) {
      const auto* field = field_of(band, color);
      for (std::int64_t px = (stride - (r0 * W) % stride) % stride; px < band.pixels(); px += stride)
        samples.push_back(static_cast<float>(colour_value(color, static_cast<Status>(band.status[px]),
                                                          field ? (*field)[px] : 0.0f, band.steps[px])));
    }
  }
  status_out.finish();
  steps_out.finish();
  attractor_out.finish();
  for (auto& f : field_out) f->finish();

  // Attractor ids in canonical order (or −1 everywhere when the limits form a continuum).
  std::vector<int> canonical;
  if (!attractors.overflowed()) canonical = attractors.canonical_order();
  const bool identity = !attractors.overflowed() &&
                        std::all_of(canonical.begin(), canonical.end(), [k = 0](int c) mutable { return c == k++; });
  if (!identity)
    for (std::int64_t r0 = 0; r0 < H; r0 += band_rows) {
      const std::int64_t n = (std::min(H, r0 + band_rows) - r0) * W;
      auto ids = npy::read_range<std::int16_t>(tmp / "attractor.npy", r0 * W, n);
      for (auto& a : ids)
        if (a >= 0) a = static_cast<std::int16_t>(attractors.overflowed() ? -1 : canonical[a]);
      npy::write_range<std::int16_t>(tmp / "attractor.npy", r0 * W, ids);
    }

  // basin.png, β upward: rows from the top (i = H − 1) down, read back from the arrays.
  const ColourScale scale = colour_scale(std::move(samples), color == "steps");
  {
    png::RowWriter image(tmp / "basin.png", W, H);
    std::vector<Rgb> row(W);
    for (std::int64_t r1 = H; r1 > 0; r1 -= band_rows) {
      const std::int64_t r0 = std::max<std::int64_t>(0, r1 - band_rows), n = (r1 - r0) * W;
      const auto status = npy::read_range<std::uint8_t>(tmp / "status.npy", r0 * W, n);
      const auto ids = npy::read_range<std::int16_t>(tmp / "attractor.npy", r0 * W, n);
      std::vector<float> field;
      std::vector<std::int32_t> steps;
      if (color == "steps") steps = npy::read_range<std::int32_t>(tmp / "steps.npy", r0 * W, n);
      else if (continuous_colouring(color)) field = npy::read_range<float>(tmp / (color + ".npy"), r0 * W, n);
      for (std::int64_t i = r1 - 1; i >= r0; --i) {
        for (std::int64_t j = 0; j < W; ++j) {
          const std::int64_t px = (i - r0) * W + j;
          const auto s = static_cast<Status>(status[px]);
          const double v = continuous_colouring(color)
                               ? colour_value(color, s, field.empty() ? 0.0f : field[px], steps.empty() ? 0 : steps[px])
                               : 0.0;
          row[j] = pixel_colour(color, scale, s, ids[px], v);
        }
        image.write_row(row);
      }
    }
    image.finish();
  }

  json meta = job_meta(job);
  json count_json = json::object();
  for (int s = 0; s < kStatusCount; ++s) count_json[std::string(kStatusNames[s])] = counts[s];
  meta["engine"] = engine;
  meta["wall_seconds"] = wall;
  meta["counts"] = count_json;
  meta["point_iterations"] = point_iterations;
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
    meta["image"]["range_from"] = stride == 1 ? "all pixels" : "every " + std::to_string(stride) + "th pixel";
  }
  if (theorem1)
    meta["theorem1"] = {{"region", "D'_eta = { e s - e^2 y z < 4 - e^2 y^2 }, e = 2 a eta"},
                        {"pixels_checked", theorem1->checked},
                        {"pixels_agreeing", theorem1->agree},
                        {"fraction_agreeing", theorem1->fraction()},
                        {"pixels_cut_by_the_boundary", theorem1->straddling}};
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

}  // namespace gdchaos
