#pragma once
// Reading a recipe's values (recipe.cpp): a JSON number or the flag's string, strictly, naming the
// key in every refusal. Shared by the factorization and network recipes.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gdchaos/recipe/render_spec.hpp"
#include "gdchaos/sample/slice.hpp"

namespace gdchaos::detail {

double number(const nlohmann::json& v, const std::string& key);
std::vector<double> numbers(const nlohmann::json& v, const std::string& key);
long long integer(const nlohmann::json& v, const std::string& key, long long lo, long long hi);
std::uint64_t unsigned_integer(const nlohmann::json& v, const std::string& key);
std::vector<long long> integers(const nlohmann::json& v, const std::string& key, long long lo, long long hi);
/// res, window, center/width into `grid` (each over the grid's value so far), then checks the window.
void read_grid(const nlohmann::json& r, Grid& grid);
/// The largest ‖θ₀‖² over a slice's window: ‖base + α dir1 + β dir2‖² is convex, so at a corner.
double largest_norm2(const Plane& plane, const Window& window);
/// Throws InputError unless `color` is a colouring of these fields (and coord is recorded for "coord").
void check_colour(const std::string& color, const std::vector<std::string>& colourings, bool have_coord);
/// The recipe's "fields" ("loss,norm2", "none" or a list of names) into job.output_fields, checked
/// against the fields the model records; call once `coord` is set, before the colour is checked
/// (a continuous colouring needs its field). Returns what the resolved recipe records.
nlohmann::json read_output_fields(const nlohmann::json& r, RenderSpec& job);
/// The recipe's "vmin" and "vmax" into the job, checked against its colouring (call once the
/// colour is set); records them in `resolved`.
void read_colour_range(const nlohmann::json& r, RenderSpec& job, nlohmann::json& resolved);

}  // namespace gdchaos::detail
