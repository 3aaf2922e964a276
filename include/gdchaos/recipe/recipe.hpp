#pragma once
// A recipe is the JSON form of a `gdchaos basin` request: the keys are the command's flag names
// (with '_' for '-'), so a preset, the flags and meta.json's "recipe" are one and the same thing.
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "gdchaos/model/problem.hpp"
#include "gdchaos/recipe/render_spec.hpp"

namespace gdchaos {

/// A recipe's render request (the name the commands use for it).
using BasinJob = RenderSpec;

/// Builds the problem (target, d, m, n, eta, lambda, data_coef, reg_coef, momentum) from a recipe.
Problem problem_from_recipe(const nlohmann::json& recipe);
/// Builds a whole job; throws InputError naming the first bad key.
BasinJob basin_job_from_recipe(const nlohmann::json& recipe);

/// A preset by name (compiled in from presets/) or a path to a JSON file: a preset, or a meta.json
/// whose "recipe" is used. Throws InputError for unknown names and malformed files.
nlohmann::json load_preset(const std::string& name_or_path);
/// Names of the compiled-in presets.
std::vector<std::string> preset_names();

/// Strict number parsing: the whole string must be one finite number, written plainly in decimal
/// or scientific notation ([sign] digits [. digits] [e [sign] digits]); no blanks, no "inf", "nan",
/// hex or doubled signs ("+-1"). Throws InputError naming `what`.
double parse_number(const std::string& text, const std::string& what);
std::vector<double> parse_number_list(const std::string& text, const std::string& what);
/// Strict integer parsing, exact (never through double): decimal digits with an optional leading
/// '-', in [lo, hi]; "1.0", "1e3", "0x10", "+1", " 1" are refused. Throws InputError naming `what`.
long long parse_integer(const std::string& text, const std::string& what, long long lo, long long hi);
/// The same for [0, 2⁶⁴ − 1] (seeds).
std::uint64_t parse_unsigned(const std::string& text, const std::string& what);

}  // namespace gdchaos
