#pragma once
#include <string>
#include <vector>

namespace gdchaos::cli {

/// Runs the module plots.<script> of python/ (`python3 -m plots.<script> ARGS`, matplotlib) with
/// Debian's python3, as a child process (child_process.hpp) with python/ on PYTHONPATH.
/// $GDCHAOS_PYTHON and $GDCHAOS_PYTHON_DIR override the interpreter and the folder holding the
/// plots package. Throws std::runtime_error when the script fails.
void run_plot_script(const std::string& script, const std::vector<std::string>& args);

}  // namespace gdchaos::cli
