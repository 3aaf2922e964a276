#include "common_flags.hpp"

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

}  // namespace gdchaos::cli
