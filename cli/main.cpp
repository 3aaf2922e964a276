// gdchaos: basins of gradient descent with large step sizes. A thin front end over the library.
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "cluster_front.hpp"
#include "commands.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/engine/simd_target.hpp"
#include "gdchaos/version.hpp"

namespace {

// An error is one line on stderr, whatever a path in it holds: control characters are escaped.
// The library names parameters `like_this` (core/error.hpp): here they are spelled as flags.
std::string one_line(const char* raw) {
  const std::string message = gdchaos::spell_parameters(raw, gdchaos::flag_spelling);
  std::string out;
  for (const char* c = message.c_str(); *c; ++c) {
    const auto u = static_cast<unsigned char>(*c);
    if (u == '\n') out += "\\n";
    else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else out += *c;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  gdchaos::cli::start_cluster();
  // In an MPI job every rank parses and checks the same arguments; rank 0 alone speaks.
  const bool speaks = gdchaos::cli::cluster_rank() == 0;
  CLI::App app{"gdchaos: basins of gradient descent with large step sizes, on factorization losses and networks"};
  // GDCHAOS_SIMD=avx2 (or baseline, avx512, best) runs the kernels on that target: for benchmarks
  // and tests, since every target renders the same map.
  if (const char* simd = std::getenv("GDCHAOS_SIMD"); simd && *simd) {
    try {
      gdchaos::choose_simd_target(simd);
    } catch (const gdchaos::InputError& e) {
      if (speaks) std::fprintf(stderr, "gdchaos: error: GDCHAOS_SIMD: %s\n", one_line(e.what()).c_str());
      return 2;
    }
  }
  app.set_version_flag("--version", [] {
    std::string targets;
    for (const auto& t : gdchaos::simd_targets()) targets += (targets.empty() ? "" : ", ") + t;
    return std::string(gdchaos::kVersion) + "\nSIMD target: " + gdchaos::simd_target() + " (this CPU runs: " + targets + ")";
  });
  app.require_subcommand(1);
  using namespace gdchaos::cli;
  const Command commands[] = {add_basin_command(app),       add_critical_command(app), add_dimension_command(app),
                              add_uncertainty_command(app), add_sensitivity_command(app), add_scan_command(app),
                              add_preimages_command(app), add_reproduce_command(app), add_net_command(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return speaks ? app.exit(e) : 0;
  } catch (const CLI::CallForAllHelp& e) {
    return speaks ? app.exit(e) : 0;
  } catch (const CLI::CallForVersion& e) {
    return speaks ? app.exit(e) : 0;
  } catch (const CLI::ParseError& e) {
    if (speaks) std::fprintf(stderr, "gdchaos: error: %s\n", one_line(e.what()).c_str());
    return 2;
  }
  try {
    for (const auto& command : commands) {
      if (!command.app->parsed()) continue;
      // Commands that do not share their work across ranks run on rank 0 alone.
      const std::string name = command.app->get_name();
      if (!speaks && name != "basin" && name != "scan" && name != "net") return 0;
      const int code = command.run();
      // The JSON summaries go to stdout, often into a file: a failed write there is a failure too.
      if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        std::fprintf(stderr, "gdchaos: failed: cannot write standard output\n");
        return 1;
      }
      return code;
    }
    return 2;
  } catch (const RankError& e) {
    // a failure of this rank alone (cli/cluster_front.hpp): said here, with the rank
    std::fprintf(stderr, "gdchaos: error: rank %d: %s\n", e.rank(), one_line(e.what()).c_str());
    return e.code();
  } catch (const QuietExit& e) {
    return e.code();
  } catch (const Interrupted& e) {
    if (speaks) std::fprintf(stderr, "gdchaos: %s\n", one_line(e.what()).c_str());
    return 128 + e.signal();
  } catch (const gdchaos::InputError& e) {
    if (speaks) std::fprintf(stderr, "gdchaos: error: %s\n", one_line(e.what()).c_str());
    return 2;
  } catch (const nlohmann::json::exception& e) {
    if (speaks) std::fprintf(stderr, "gdchaos: error: bad value in a JSON input (%s)\n", one_line(e.what()).c_str());
    return 2;
  } catch (const std::exception& e) {
    if (speaks) std::fprintf(stderr, "gdchaos: failed: %s\n", one_line(e.what()).c_str());
    return 1;
  }
}
