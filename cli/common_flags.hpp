#pragma once
// The flags most commands share, each spelled and checked in one place; the help text says what
// it means for the command at hand.
#include <string>

#include <CLI/CLI.hpp>

#include <optional>
#include <vector>

#include "gdchaos/io/output_dir.hpp"
#include "gdchaos/recipe/render_spec.hpp"

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
/// --resume: finish the interrupted run into --out that left a checkpoint (a fresh run if none).
CLI::Option* add_resume_flag(CLI::App* sub, bool& resume);
struct OutputFlags {
  bool force = false, resume = false, quiet = false;
};
/// The output directory of a basin render (`basin`, `net basin`) into `out`: the place and the
/// free disk checked before anything is created, an interrupted run taken over with --resume (and
/// said so on stderr unless quiet). Throws InputError.
void open_basin_output(std::optional<OutputDir>& out, const std::string& dir, const OutputFlags& flags,
                       const std::vector<std::filesystem::path>& inputs, const RenderSpec& job);

}  // namespace gdchaos::cli
