#pragma once
// The float fields of the output contract, as data. At every converged pixel a render records
//   loss, norm2 (‖θ*‖²), sharpness (the largest Hessian eigenvalue at θ*),
// then the model's own fields (Model::fields(), e.g. the factorization's imbalance), then θ*_K as
// "coord" when asked for (--coord K). Each becomes NAME.npy (float32, NaN where the pixel did not
// converge), an entry of meta.json's "arrays", and a colouring of basin.png: adding a field to a
// family is one entry of its fields(); a field for every family is one entry of basin_fields().
#include <string_view>
#include <vector>

#include "gdchaos/model/model.hpp"

namespace gdchaos {

using FieldSpec = ModelField;
using FieldSet = std::vector<FieldSpec>;

/// Engines record the first kEngineFields values themselves (loss, norm2, sharpness), in that order.
inline constexpr int kEngineFields = 3;

/// The float fields of a render of `model`, in the order engines record them.
FieldSet basin_fields(const Model& model, bool with_coord);
/// The position of `name` in `fields`, or −1.
int field_index(const FieldSet& fields, std::string_view name);
/// The colourings a render with these fields offers: status, attractor, steps and every field.
std::vector<std::string> colourings(const FieldSet& fields);

}  // namespace gdchaos
