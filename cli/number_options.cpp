#include "number_options.hpp"

#include "gdchaos/core/error.hpp"
#include "gdchaos/recipe/recipe.hpp"

namespace gdchaos::cli {

long long flag_integer(const std::string& name, const std::string& text, long long lo, long long hi) {
  try {
    return parse_integer(text, "--" + name, lo, hi);
  } catch (const InputError& e) {
    throw CLI::ValidationError(e.what());
  }
}

std::uint64_t flag_unsigned(const std::string& name, const std::string& text) {
  try {
    return parse_unsigned(text, "--" + name);
  } catch (const InputError& e) {
    throw CLI::ValidationError(e.what());
  }
}

double flag_number(const std::string& name, const std::string& text, const std::function<bool(double)>& valid,
                   const std::string& requirement) {
  double x = 0;
  try {
    x = parse_number(text, "--" + name);
  } catch (const InputError& e) {
    throw CLI::ValidationError(e.what());
  }
  if (!valid(x)) throw CLI::ValidationError("--" + name + " must be " + requirement + ", got " + text);
  return x;
}

}  // namespace gdchaos::cli
