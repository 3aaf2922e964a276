// gdchaos scan (placeholder while it is being written).
#include "commands.hpp"
#include "gdchaos/error.hpp"

namespace gdchaos::cli {

Command add_scan_command(CLI::App& app) {
  auto* sub = app.add_subcommand("scan", "(not available yet)");
  return {sub, []() -> int { throw InputError("scan is not available yet"); }};
}

}  // namespace gdchaos::cli
