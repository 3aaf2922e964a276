#pragma once
// What `gdchaos dimension` measures of a rendered map, as one result: the box-counting estimate
// of a boundary (box_counting.hpp), streamed from the output directory, with the map's size and
// window and the warnings it calls for; with its JSON form (the command's output, docs/dimension.md).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "gdchaos/analysis/box_counting.hpp"

namespace gdchaos {

class BasinReader;

struct DimensionReport {
  BoundarySelection selection;
  DimensionEstimate estimate;
  std::int64_t width = 0, height = 0;     ///< of the map, in pixels
  std::optional<std::array<double, 4>> window;  ///< meta.json's grid window a0, a1, b0, b1, when it has one
  std::int64_t undecided_pixels = 0;
  std::vector<std::string> warnings;
};

/// Streams status.npy (and attractor.npy for the attractor and label boundaries) from `map` in
/// bands of about `band_bytes`, through BoundaryStream, and estimates the dimension. Throws
/// InputError for a bad file or value (BasinReader) or a bad fit range (estimate_dimension).
DimensionReport measure_dimension(BasinReader& map, const BoundarySelection& selection,
                                  const DimensionOptions& options = {}, std::int64_t band_bytes = std::int64_t{32} << 20);

/// The report as `gdchaos dimension` prints it, less where the map came from (its "source",
/// "plane" and "recipe") and the plot's paths, which the caller adds.
void to_json(nlohmann::json& out, const DimensionReport& report);

}  // namespace gdchaos
