#pragma once
// A basin map held in memory for Python: the engine's BasinMap (from a render, or read back from
// an output directory) with the recipe it came from. Its arrays are handed out as numpy views
// (numpy_view.hpp); save() writes the output contract through the library's safe output path.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gdchaos/engine/render.hpp"
#include "gdchaos/recipe/recipe.hpp"

namespace gdchaos::python {

class RenderedMap {
 public:
  /// A fresh render of `job`.
  RenderedMap(std::shared_ptr<const RenderSpec> job, BasinMap map, int threads);
  /// An output directory read back (every array it holds), with its meta.json.
  static RenderedMap load(const std::filesystem::path& dir);

  const BasinMap& map() const { return *map_; }
  const std::shared_ptr<const BasinMap>& owner() const { return map_; }
  /// The resolved recipe (every parameter).
  const nlohmann::json& recipe() const;
  /// The job, rebuilt from the recipe when the map was loaded (throws InputError if it cannot be).
  const RenderSpec& job() const;
  /// The array names in the contract's order: status, steps, attractor, then the float fields.
  std::vector<std::string> array_names() const;
  /// meta.json's content once known: after save(), or for a loaded map; none before.
  const std::optional<nlohmann::json>& meta() const { return meta_; }
  /// The directory the map was loaded from or last saved to, if any.
  const std::optional<std::filesystem::path>& directory() const { return directory_; }
  /// Writes the output directory `dir` (absent, empty, or with `force` an earlier gdchaos output);
  /// returns meta.json's content. Throws InputError for a refused destination.
  const nlohmann::json& save(const std::filesystem::path& dir, bool force);

 private:
  RenderedMap() = default;
  std::shared_ptr<const BasinMap> map_;
  mutable std::shared_ptr<const RenderSpec> job_;
  nlohmann::json recipe_;
  int threads_ = 0;
  std::optional<nlohmann::json> meta_;
  std::optional<std::filesystem::path> directory_;
  std::optional<std::filesystem::path> source_;  ///< the directory it was loaded from: an input of save()
};

}  // namespace gdchaos::python
