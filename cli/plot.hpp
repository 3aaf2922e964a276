#pragma once
#include <string>
#include <vector>

namespace gdchaos::cli {

/// Runs python/plots/<script>.py (matplotlib) with Debian's python3 and the given arguments, as a
/// child process (child_process.hpp). $GDCHAOS_PYTHON and $GDCHAOS_PYTHON_DIR override the
/// interpreter and the scripts' folder. Throws std::runtime_error when the script fails.
void run_plot_script(const std::string& script, const std::vector<std::string>& args);

}  // namespace gdchaos::cli
