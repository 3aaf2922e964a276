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
  const std::string python_dir = from_env("GDCHAOS_PYTHON_DIR", GDCHAOS_PYTHON_DIR);
  std::vector<std::string> argv = {from_env("GDCHAOS_PYTHON", GDCHAOS_PYTHON), "-m", "plots." + script};
  argv.insert(argv.end(), args.begin(), args.end());
  const std::string inherited = from_env("PYTHONPATH", "");
  // PYTHONSAFEPATH: `-m` would otherwise put the current directory first on the path, where a
  // folder named plots/ would shadow the package.
  const ChildOptions options{{}, {}, {}, {"PYTHONPATH=" + python_dir + (inherited.empty() ? "" : ":" + inherited),
                                          "PYTHONSAFEPATH=1"}};
  const int code = run_child(argv, options);
  if (code != 0)
    throw std::runtime_error("plotting failed: " + argv[0] + " -m " + argv[2] + " exited with " +
                             (code < 0 ? std::string("a signal") : std::to_string(code)));
}

}  // namespace gdchaos::cli
