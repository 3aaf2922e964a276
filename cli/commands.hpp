#pragma once
#include <CLI/CLI.hpp>

namespace gdchaos::cli {

/// A registered subcommand and the function that runs it once parsed (returns the exit code).
struct Command {
  CLI::App* app;
  std::function<int()> run;
};
Command add_basin_command(CLI::App& app);
Command add_critical_command(CLI::App& app);
Command add_dimension_command(CLI::App& app);
Command add_uncertainty_command(CLI::App& app);
Command add_sensitivity_command(CLI::App& app);
Command add_scan_command(CLI::App& app);
Command add_preimages_command(CLI::App& app);
Command add_reproduce_command(CLI::App& app);
/// gdchaos net: networks (basin, scan), one Command for the group.
Command add_net_command(CLI::App& app);
Command add_net_basin_command(CLI::App& net);
Command add_net_scan_command(CLI::App& net);

}  // namespace gdchaos::cli
