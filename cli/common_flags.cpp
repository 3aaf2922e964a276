#include "common_flags.hpp"

#include <cstdio>

#include "gdchaos/output/basin_output.hpp"

#include "number_options.hpp"
#include "recipe_flags.hpp"

namespace gdchaos::cli {

CLI::Option* add_out_option(CLI::App* sub, std::string& out, const std::string& help) {
  return sub->add_option("--out", out, help)->check(non_empty())->required();
}

CLI::Option* add_force_flag(CLI::App* sub, bool& force, const std::string& help) {
  return sub->add_flag("--force", force, help);
}

CLI::Option* add_quiet_flag(CLI::App* sub, bool& quiet, const std::string& help) {
  return sub->add_flag("--quiet", quiet, help);
}

CLI::Option* add_preset_option(CLI::App* sub, std::string& preset, const std::string& help) {
  return sub->add_option("--preset", preset, help)->check(non_empty());
}

CLI::Option* add_threads_option(CLI::App* sub, int& threads) {
  return add_integer_option(sub, "threads", threads, 0, 1024, "worker threads (default: all)");
}

CLI::Option* add_resume_flag(CLI::App* sub, bool& resume) {
  return sub->add_flag("--resume", resume,
                       "finish the run into --out that was killed part-way (its finished bands are kept); "
                       "a fresh run when there is none");
}

void open_basin_output(std::optional<OutputDir>& out, const std::string& dir, const OutputFlags& flags,
                       const std::vector<std::filesystem::path>& inputs, const RenderSpec& job) {
  check_output_dir(dir, flags.force, inputs);
  require_disk_space(dir, basin_output_bytes(job));
  // Everything is checked: only now is anything created.
  out.emplace(dir, flags.force, inputs, "`out`", flags.resume);
  if (!flags.resume || flags.quiet) return;
  if (out->resumed()) std::fprintf(stderr, "gdchaos: resuming the interrupted run into %s\n", out->target().c_str());
  else std::fprintf(stderr, "gdchaos: note: no interrupted run into %s to resume; starting afresh\n", out->target().c_str());
}

}  // namespace gdchaos::cli
