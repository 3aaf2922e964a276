// gdchaos uncertainty (placeholder while it is being written).
#include "commands.hpp"
#include "gdchaos/error.hpp"

namespace gdchaos::cli {

Command add_uncertainty_command(CLI::App& app) {
  auto* sub = app.add_subcommand("uncertainty", "(not available yet)");
  return {sub, []() -> int { throw InputError("uncertainty is not available yet"); }};
}

}  // namespace gdchaos::cli
