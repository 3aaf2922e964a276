#include "recipe_flags.hpp"

#include <algorithm>
#include <utility>

#include "gdchaos/core/error.hpp"
#include "gdchaos/data/dataset.hpp"
#include "gdchaos/recipe/recipe.hpp"
#include "gdchaos/recipe/recipe_schema.hpp"

namespace gdchaos::cli {

namespace {

// The schema's keys of one group, as flags (recipe_schema.hpp).
FlagList flags_of(RecipeGroup group) {
  FlagList flags;
  for (const auto& key : recipe_schema())
    if (key.group == group) flags.emplace_back(flag_name(key.name), spell_parameters(key.help, flag_spelling));
  return flags;
}

}  // namespace

const FlagList& problem_flags() {
  static const FlagList flags = flags_of(RecipeGroup::problem);
  return flags;
}

const FlagList& model_flags() {
  static const FlagList flags = flags_of(RecipeGroup::model);
  return flags;
}

const FlagList& slice_flags() {
  static const FlagList flags = flags_of(RecipeGroup::slice);
  return flags;
}

const FlagList& picture_flags() {
  static const FlagList flags = flags_of(RecipeGroup::picture);
  return flags;
}

const FlagList& decision_flags() {
  static const FlagList flags = flags_of(RecipeGroup::decision);
  return flags;
}

const FlagList& network_flags() {
  static const FlagList flags = [] {
    FlagList out;
    const auto keep = [](const RecipeKey& k) {
      if (k.group == RecipeGroup::network) return true;
      if (k.group == RecipeGroup::problem) return k.name == "eta" || k.name == "momentum";
      if (k.group == RecipeGroup::model) return false;
      if (k.group == RecipeGroup::slice) return k.name != "base";
      return k.name != "max_iter";
    };
    for (const auto& key : recipe_schema())
      if (keep(key)) out.emplace_back(flag_name(key.name), spell_parameters(key.help, flag_spelling));
    return out;
  }();
  return flags;
}

void RecipeFlags::add(CLI::App* sub, const FlagList& flags) {
  for (const auto& [name, help] : flags) {
    values_.emplace_back(name, "");
    options_.emplace_back(name, sub->add_option(std::string("--") + name, values_.back().second, help));
  }
}

bool RecipeFlags::given(const std::string& name) const {
  for (const auto& [n, opt] : options_)
    if (n == name) return opt->count() > 0;
  return false;
}

void RecipeFlags::refuse_contradictions() const {
  if (given("y") && given("target")) throw InputError("give either --y or --target, not both");
  if (given("lambda") && given("reg-coef")) throw InputError("give either --lambda or --reg-coef, not both");
  if (given("window") && (given("center") || given("width"))) throw InputError("give either --window or --center/--width");
}

nlohmann::json RecipeFlags::recipe(const std::string& preset) const {
  refuse_contradictions();
  return overlay(preset.empty() ? nlohmann::json::object() : load_preset(preset));
}

nlohmann::json RecipeFlags::recipe_over(nlohmann::json base) const {
  refuse_contradictions();
  return overlay(std::move(base));
}

nlohmann::json RecipeFlags::overlay(nlohmann::json recipe) const {
  for (std::size_t k = 0; k < options_.size(); ++k) {
    if (options_[k].second->count() == 0) continue;
    std::string key = options_[k].first;
    for (auto& c : key) c = c == '-' ? '_' : c;
    // A flag replaces the preset's way of saying the same thing.
    if (key == "y" || key == "target") recipe.erase("y"), recipe.erase("target");
    if (key == "lambda" || key == "reg_coef") recipe.erase("lambda"), recipe.erase("reg_coef");
    if (key == "window") recipe.erase("center"), recipe.erase("width");
    recipe[key] = values_[k].second;
  }
  return recipe;
}

CLI::Validator non_empty() {
  return CLI::Validator([](std::string& v) { return v.empty() ? std::string("an empty value names nothing") : std::string(); },
                        "", "NON_EMPTY");
}

std::vector<std::filesystem::path> recipe_inputs(const nlohmann::json& recipe, const std::string& preset) {
  std::vector<std::filesystem::path> files;
  const auto names = preset_names();
  if (!preset.empty() && std::find(names.begin(), names.end(), preset) == names.end()) files.emplace_back(preset);
  if (recipe.contains("plane") && recipe["plane"].is_string()) {
    const auto plane = recipe["plane"].get<std::string>();
    if (plane != "coords" && plane != "random" && plane != "quotient" && plane != "hyper") files.emplace_back(plane);
  }
  if (recipe.contains("data") && recipe["data"].is_string())
    for (const auto& f : dataset_inputs(recipe["data"].get<std::string>())) files.push_back(f);
  if (recipe.contains("init") && recipe["init"].is_string()) {
    const std::filesystem::path init(recipe["init"].get<std::string>());
    if (init.extension() == ".npy") files.push_back(init);
  }
  if (recipe.contains("target") && recipe["target"].is_string()) {
    const std::filesystem::path target(recipe["target"].get<std::string>());
    if (target.extension() == ".npy" || target.extension() == ".json") files.push_back(target);
  }
  return files;
}

}  // namespace gdchaos::cli
