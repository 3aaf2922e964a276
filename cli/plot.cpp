#include "plot.hpp"

#include <cstdlib>
#include <stdexcept>

namespace gdchaos::cli {

std::string shell_quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q.append("'\\''");
    else q.push_back(c);
  }
  q.push_back('\'');
  return q;
}

namespace {
std::string from_env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}
}  // namespace

void run_plot_script(const std::string& script, const std::vector<std::string>& args) {
  std::string cmd = shell_quoted(from_env("GDCHAOS_PYTHON", GDCHAOS_PYTHON));
  cmd.push_back(' ');
  cmd.append(shell_quoted(from_env("GDCHAOS_PYTHON_DIR", GDCHAOS_PYTHON_DIR) + "/plots/" + script + ".py"));
  for (const auto& a : args) {
    cmd.push_back(' ');
    cmd.append(shell_quoted(a));
  }
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("plotting failed: " + cmd);
}

}  // namespace gdchaos::cli
