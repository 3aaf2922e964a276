#pragma once
// The flags most commands share, each spelled and checked in one place; the help text says what
// it means for the command at hand.
#include <string>

#include <CLI/CLI.hpp>

namespace gdchaos::cli {

/// --out PATH (required, non-empty): where the command writes.
CLI::Option* add_out_option(CLI::App* sub, std::string& out, const std::string& help);
/// --force: replace what gdchaos wrote there earlier (never anything else; io/output_target.hpp).
CLI::Option* add_force_flag(CLI::App* sub, bool& force, const std::string& help);
/// --quiet: less on stderr.
CLI::Option* add_quiet_flag(CLI::App* sub, bool& quiet, const std::string& help);
/// --preset NAME|FILE (non-empty): a preset of presets/ or a .json recipe (e.g. a meta.json).
CLI::Option* add_preset_option(CLI::App* sub, std::string& preset, const std::string& help);
/// --threads N in [0, 1024] (0: all cores).
CLI::Option* add_threads_option(CLI::App* sub, int& threads);

}  // namespace gdchaos::cli
