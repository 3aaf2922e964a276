#pragma once
// What `gdchaos uncertainty` measures of a rendered map, as one result: the basin entropy of the
// map, the uncertainty exponent from engine re-runs of its recipe, and the fractal-or-smooth
// verdict of the two; with its JSON form (the command's output, docs/uncertainty.md).
#include <nlohmann/json_fwd.hpp>

#include "gdchaos/analysis/basin_entropy.hpp"
#include "gdchaos/analysis/fractal_verdict.hpp"
#include "gdchaos/analysis/uncertainty.hpp"

namespace gdchaos {

class BasinReader;

struct UncertaintyReport {
  UncertaintyOptions options;  ///< as measured with (progress aside)
  BasinEntropy entropy;
  UncertaintyResult result;
  FractalVerdict verdict;
};

/// Basin entropy of `map` in boxes of box × box pixels, over the labels uncertainty compares
/// (comparison_label with options.convergence_only), read in bands of rows, so a map of any size
/// is measured in bounded memory; then uncertainty_exponent(job, options) and fractal_verdict.
/// `job` is the map's recipe. Throws InputError as BasinEntropyStream and uncertainty_exponent do.
UncertaintyReport measure_uncertainty(BasinReader& map, const BasinJob& job, const UncertaintyOptions& options, int box);

/// The report as `gdchaos uncertainty` prints it, less where the map came from (its "dir" and
/// "recipe", which the caller adds).
void to_json(nlohmann::json& out, const UncertaintyReport& report);

}  // namespace gdchaos
