#pragma once
// The keys of a basin recipe, written down once. A recipe key NAME is the flag --NAME (with '-'
// for '_') of every command that takes its group; presets and meta.json's "recipe" use the same
// keys. recipe.cpp reads and writes recipes against this list, and the CLI builds its flags from
// it, so a new key is one entry here (and its meaning in recipe.cpp).
#include <span>
#include <string>
#include <string_view>

namespace gdchaos {

enum class RecipeGroup {
  problem,   ///< the loss and the optimizer: target, d, m, n, eta, lambda, …
  model,     ///< model families beyond the factorization (depth)
  slice,     ///< where the orbits start and the grid: plane, window, res, …
  picture,   ///< what basin.png shows and which extra field is recorded: color, coord
  decision,  ///< when an orbit is decided, and which engine runs it
  network,   ///< the mlp family: data, architecture, initialization, step budget (`gdchaos net`)
};

struct RecipeKey {
  std::string_view name;  ///< the recipe key, e.g. "max_iter"
  RecipeGroup group;
  std::string_view help;  ///< one line, for --help and the docs
};

/// Every key, grouped, in the order --help lists them.
std::span<const RecipeKey> recipe_schema();
/// True for a key of the schema.
bool is_recipe_key(std::string_view name);
/// The flag of a key: "max_iter" → "max-iter".
std::string flag_name(std::string_view key);

}  // namespace gdchaos
