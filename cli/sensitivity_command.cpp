// gdchaos sensitivity (placeholder while it is being written).
#include "commands.hpp"
#include "gdchaos/error.hpp"

namespace gdchaos::cli {

Command add_sensitivity_command(CLI::App& app) {
  auto* sub = app.add_subcommand("sensitivity", "(not available yet)");
  return {sub, []() -> int { throw InputError("sensitivity is not available yet"); }};
}

}  // namespace gdchaos::cli
