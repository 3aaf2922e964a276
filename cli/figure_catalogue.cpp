#include "figure_catalogue.hpp"

#include <algorithm>
#include <stdexcept>
#include <string_view>

#include "gdchaos/core/error.hpp"

namespace gdchaos::cli {

using nlohmann::json;

namespace {

const json& catalogue() {
  static const json parsed = json::parse(figure_catalogue_text());
  return parsed;
}

bool is_placeholder_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

// "{name}" alone becomes the number itself; inside a longer string it is replaced by its digits.
// Braces around anything but a lower-case name are text (the captions' ℝ^{4×2}).
json substitute(const json& value, const json& numbers) {
  if (value.is_object() || value.is_array()) {
    json out = value;
    for (auto& item : out) item = substitute(item, numbers);
    return out;
  }
  if (!value.is_string()) return value;
  const auto& text = value.get_ref<const std::string&>();
  std::string out;
  for (std::size_t at = 0;;) {
    const auto open = text.find('{', at);
    if (open == std::string::npos) return out + text.substr(at);
    const auto close = text.find('}', open);
    const std::string name = close == std::string::npos ? "" : text.substr(open + 1, close - open - 1);
    if (!is_placeholder_name(name)) {
      out += text.substr(at, open + 1 - at);
      at = open + 1;
      continue;
    }
    if (!numbers.contains(name)) throw std::logic_error("figure catalogue: no quality number '" + name + "'");
    if (open == 0 && close + 1 == text.size()) return numbers[name];
    out += text.substr(at, open - at) + numbers[name].dump();
    at = close + 1;
  }
}

CatalogueStep step_from(const json& raw, const json& numbers) {
  CatalogueStep step;
  step.parameters = substitute(raw, numbers);
  const json& p = step.parameters;
  step.run = p.value("run", "");
  step.builtin = p.value("builtin", "");
  if (step.run.empty() == step.builtin.empty())
    throw std::logic_error("figure catalogue: a step has either `run` or `builtin`: " + raw.dump());
  step.stdout_file = p.value("stdout", "");
  step.description = p.value("description", "");
  for (int code : p.value("ok_exit_codes", std::vector<int>{0})) step.ok_exit_codes.insert(code);
  return step;
}

}  // namespace

std::vector<std::string> catalogue_qualities() {
  std::vector<std::string> names;
  for (const auto& [name, numbers] : catalogue().at("qualities").items()) names.push_back(name);
  return names;
}

std::vector<CatalogueFigure> catalogue_figures(const std::string& quality) {
  const json& qualities = catalogue().at("qualities");
  if (!qualities.contains(quality)) {
    std::string known;
    for (const auto& name : catalogue_qualities()) known += (known.empty() ? "" : ", ") + name;
    throw InputError("--quality: expected one of " + known + ", got '" + quality + "'");
  }
  std::vector<CatalogueFigure> out;
  for (const auto& f : catalogue().at("figures")) {
    CatalogueFigure fig{f.at("id").get<std::string>(), {}};
    for (const auto& s : f.at("steps")) fig.steps.push_back(step_from(s, qualities.at(quality)));
    out.push_back(std::move(fig));
  }
  return out;
}

}  // namespace gdchaos::cli
