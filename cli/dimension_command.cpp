// gdchaos dimension (placeholder while it is being written).
#include "commands.hpp"
#include "gdchaos/error.hpp"

namespace gdchaos::cli {

Command add_dimension_command(CLI::App& app) {
  auto* sub = app.add_subcommand("dimension", "(not available yet)");
  return {sub, []() -> int { throw InputError("dimension is not available yet"); }};
}

}  // namespace gdchaos::cli
