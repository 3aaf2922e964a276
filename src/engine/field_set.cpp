#include "gdchaos/engine/field_set.hpp"

namespace gdchaos {

FieldSet basin_fields(const Model& model, bool with_coord) {
  FieldSet fields = {{"loss", "L(θ*) at the limit"},
                     {"norm2", "‖θ*‖² at the limit"},
                     {"sharpness", "the largest eigenvalue of ∇²L(θ*)"}};
  for (auto& f : model.fields()) fields.push_back(std::move(f));
  if (with_coord) fields.push_back({"coord", "θ*_K, the coordinate --coord K of the limit"});
  return fields;
}

int field_index(const FieldSet& fields, std::string_view name) {
  for (std::size_t k = 0; k < fields.size(); ++k)
    if (fields[k].name == name) return static_cast<int>(k);
  return -1;
}

std::vector<std::string> colourings(const FieldSet& fields) {
  std::vector<std::string> names = {"status", "attractor", "steps"};
  for (const auto& f : fields) names.push_back(f.name);
  return names;
}

}  // namespace gdchaos
