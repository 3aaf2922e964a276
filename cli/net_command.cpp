// gdchaos net: GD on fully connected networks (the mlp family): `net basin` renders slices and
// hyperparameter planes, `net scan` scans the step size.
#include "commands.hpp"

namespace gdchaos::cli {

Command add_net_command(CLI::App& app) {
  auto* net = app.add_subcommand("net", "Networks: basins of full-batch GD on a fully connected network (basin, scan)");
  net->require_subcommand(1);
  const auto subcommands = std::make_shared<std::vector<Command>>(
      std::vector<Command>{add_net_basin_command(*net), add_net_scan_command(*net)});
  auto run = [subcommands]() -> int {
    for (const auto& c : *subcommands)
      if (c.app->parsed()) return c.run();
    return 2;
  };
  return {net, run};
}

}  // namespace gdchaos::cli
