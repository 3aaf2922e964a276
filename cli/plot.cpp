#include "plot.hpp"

#include <cstdlib>
#include <stdexcept>

#include "child_process.hpp"

namespace gdchaos::cli {

namespace {
std::string from_env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}
}  // namespace

void run_plot_script(const std::string& script, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {from_env("GDCHAOS_PYTHON", GDCHAOS_PYTHON),
                                   from_env("GDCHAOS_PYTHON_DIR", GDCHAOS_PYTHON_DIR) + "/plots/" + script + ".py"};
  argv.insert(argv.end(), args.begin(), args.end());
  const int code = run_child(argv);
  if (code != 0)
    throw std::runtime_error("plotting failed: " + argv[0] + " " + argv[1] + " exited with " +
                             (code < 0 ? std::string("a signal") : std::to_string(code)));
}

}  // namespace gdchaos::cli
