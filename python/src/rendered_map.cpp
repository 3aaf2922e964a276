#include "rendered_map.hpp"

#include <algorithm>
#include <span>

#include "gdchaos/core/error.hpp"
#include "gdchaos/core/status.hpp"
#include "gdchaos/io/output_dir.hpp"
#include "gdchaos/output/basin_output.hpp"
#include "gdchaos/output/basin_reader.hpp"

namespace gdchaos::python {

namespace fs = std::filesystem;
using nlohmann::json;

RenderedMap::RenderedMap(std::shared_ptr<const RenderSpec> job, BasinMap map, int threads)
    : map_(std::make_shared<const BasinMap>(std::move(map))), job_(std::move(job)), recipe_(job_->recipe),
      threads_(threads) {}

RenderedMap RenderedMap::load(const fs::path& dir) {
  BasinReader reader(dir);
  const std::int64_t W = reader.width(), H = reader.height(), n = W * H;
  BasinMap map;
  map.width = W;
  map.height = H;
  map.status.resize(n);
  map.steps.resize(n);
  map.attractor.resize(n);
  reader.read_status(0, H, map.status);
  reader.read_attractor(0, H, map.attractor);
  // Other arrays come through doubles (exact for every dtype written), a band at a time.
  const std::int64_t band = reader.band_rows(sizeof(double));
  std::vector<double> values;
  auto read_converted = [&](const std::string& name, auto& out) {
    for (std::int64_t r0 = 0; r0 < H; r0 += band) {
      const std::int64_t rows = std::min(band, H - r0);
      values.resize(rows * W);
      reader.read_field(name, r0, rows, values);
      std::transform(values.begin(), values.end(), out.begin() + r0 * W,
                     [](double v) { return static_cast<typename std::decay_t<decltype(out)>::value_type>(v); });
    }
  };
  read_converted("steps", map.steps);
  for (const auto& name : reader.arrays()) {
    if (name == "status" || name == "steps" || name == "attractor") continue;
    FloatField field{name, PixelArray<float>(n)};
    read_converted(name, field.values);
    map.fields.push_back(std::move(field));
  }
  for (auto s : map.status) ++map.counts[s];
  const json& meta = reader.meta();
  if (meta.contains("attractors") && meta["attractors"].is_array())
    for (const auto& point : meta["attractors"]) map.attractors.push_back(point.get<std::vector<double>>());
  map.engine = meta.value("engine", "");
  map.wall_seconds = meta.value("wall_seconds", 0.0);

  RenderedMap loaded;
  loaded.map_ = std::make_shared<const BasinMap>(std::move(map));
  loaded.recipe_ = meta["recipe"];
  loaded.threads_ = meta.value("threads", 0);
  loaded.meta_ = meta;
  loaded.directory_ = dir;
  loaded.source_ = dir;
  return loaded;
}

const json& RenderedMap::recipe() const { return recipe_; }

const RenderSpec& RenderedMap::job() const {
  if (!job_) job_ = std::make_shared<const RenderSpec>(basin_job_from_recipe(recipe_));
  return *job_;
}

std::vector<std::string> RenderedMap::array_names() const {
  std::vector<std::string> names = {"status", "steps", "attractor"};
  for (const auto& f : map_->fields) names.push_back(f.name);
  return names;
}

const json& RenderedMap::save(const fs::path& dir, bool force) {
  const RenderSpec& spec = job();
  // What this map was read from, and the files its recipe reads, may not be replaced.
  std::vector<fs::path> inputs;
  if (source_) inputs.push_back(*source_);
  for (const char* key : {"plane", "target"})
    if (recipe_.contains(key) && recipe_[key].is_string() && fs::is_regular_file(recipe_[key].get<std::string>()))
      inputs.emplace_back(recipe_[key].get<std::string>());
  check_output_dir(dir, force, inputs, "`dir`");
  require_disk_space(dir, basin_output_bytes(spec));
  OutputDir out(dir, force, inputs, "`dir`");
  meta_ = write_basin_output(out, spec, *map_, {{"threads", threads_}, {"ranks", 1}});
  out.commit();
  directory_ = out.target();
  return *meta_;
}

}  // namespace gdchaos::python
