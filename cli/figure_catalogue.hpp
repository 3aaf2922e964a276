#pragma once
// The paper's figure catalogue: figures/catalogue.json, compiled into the binary
// (cmake/EmbedText.cmake). `gdchaos reproduce` runs its steps; python/plots/report.py reads the
// same file (reproduce writes it into the report) for the captions and the plot functions.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace gdchaos::cli {

/// The catalogue's text, byte for byte as in figures/catalogue.json.
std::string_view figure_catalogue_text();

struct CatalogueStep {
  std::string run;              ///< a gdchaos command line without `gdchaos` (paths relative to the report)
  std::string stdout_file;      ///< where its stdout goes (relative), or empty
  std::set<int> ok_exit_codes;  ///< exit codes that count as success
  std::string builtin;          ///< instead of `run`: work done inside reproduce, by name
  std::string description;      ///< what the builtin does, for the log and the report
  nlohmann::json parameters;    ///< the whole step, the quality's numbers substituted
};

struct CatalogueFigure {
  std::string id;
  std::vector<CatalogueStep> steps;
};

/// The qualities the catalogue defines (draft, default, high).
std::vector<std::string> catalogue_qualities();
/// Every figure, in the catalogue's order, with {name} in its steps replaced by the quality's
/// number of that name. Throws InputError for an unknown quality.
std::vector<CatalogueFigure> catalogue_figures(const std::string& quality);

}  // namespace gdchaos::cli
