// gdchaos preimages (placeholder while it is being written).
#include "commands.hpp"
#include "gdchaos/error.hpp"

namespace gdchaos::cli {

Command add_preimages_command(CLI::App& app) {
  auto* sub = app.add_subcommand("preimages", "(not available yet)");
  return {sub, []() -> int { throw InputError("preimages is not available yet"); }};
}

}  // namespace gdchaos::cli
