#pragma once
// Child processes (the plot scripts, reproduce's steps) started without a shell, in their own
// process group. While one runs, SIGINT, SIGTERM and SIGHUP are forwarded to its group, and a
// child whose parent dies gets SIGTERM, so an interrupted run leaves no orphan writing into a
// staging directory that is about to be removed.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace gdchaos::cli {

/// A child was stopped by a signal this process received; main exits with 128 + signal.
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal);
  int signal() const { return signal_; }

 private:
  int signal_;
};

struct ChildOptions {
  std::filesystem::path cwd;          ///< empty: this process's
  std::filesystem::path stdout_file;  ///< empty: /dev/null
  std::filesystem::path stderr_file;  ///< empty: this process's stderr
  std::vector<std::string> environment;  ///< NAME=VALUE: set in the child, over this process's environment
};

/// Runs argv (argv[0] a path, not looked up in PATH) and returns its exit code, or -1 when it was
/// killed by a signal it did not get from us. Throws Interrupted when we received one of the
/// forwarded signals meanwhile, std::runtime_error when it cannot be started.
int run_child(const std::vector<std::string>& argv, const ChildOptions& options = {});

}  // namespace gdchaos::cli
