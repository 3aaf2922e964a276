#include "child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <string_view>

namespace gdchaos::cli {

namespace {

std::atomic<pid_t> g_child_group{0};
volatile sig_atomic_t g_received = 0;
constexpr int kForwarded[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void forward_signal(int sig) {
  g_received = sig;
  if (const pid_t group = g_child_group.load(); group > 0) ::kill(-group, sig);
}

// Installs the forwarding handlers for the lifetime of one child, then restores the old ones.
struct Forwarding {
  struct sigaction old[3];
  Forwarding() {
    struct sigaction sa {};
    sa.sa_handler = forward_signal;
    sa.sa_flags = SA_RESTART;  // the waits below resume after a forwarded signal
    sigemptyset(&sa.sa_mask);
    for (int k = 0; k < 3; ++k) ::sigaction(kForwarded[k], &sa, &old[k]);
  }
  ~Forwarding() {
    for (int k = 0; k < 3; ++k) ::sigaction(kForwarded[k], &old[k], nullptr);
    g_child_group = 0;
  }
};

[[noreturn]] void child_fail(int fd, const char* what) {
  const int e = errno;
  (void)!::write(fd, &e, sizeof e);
  (void)!::write(fd, what, std::strlen(what));
  ::_exit(127);
}

}  // namespace

Interrupted::Interrupted(int signal)
    : std::runtime_error(std::string("interrupted (") + ::strsignal(signal) + ")"), signal_(signal) {}

int run_child(const std::vector<std::string>& argv, const ChildOptions& options) {
  if (argv.empty()) throw std::runtime_error("run_child: no program");
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const std::string out = options.stdout_file.empty() ? "/dev/null" : options.stdout_file.string();
  const std::string err = options.stderr_file.string(), cwd = options.cwd.string();
  // The child's environment is built here: between fork and exec only async-signal-safe calls.
  std::vector<std::string> env_entries = options.environment;
  for (char** e = environ; *e; ++e) {
    const std::string_view entry(*e);
    const auto name = entry.substr(0, entry.find('=') + 1);  // "NAME="
    // An MPI launcher's variables stay with this process: a child gdchaos would otherwise take
    // itself for a rank of this job (cluster/session.hpp).
    if (name.starts_with("OMPI_") || name.starts_with("PMIX_") || name.starts_with("PMI_")) continue;
    if (std::none_of(options.environment.begin(), options.environment.end(),
                     [&](const std::string& set) { return set.starts_with(name); }))
      env_entries.emplace_back(entry);
  }
  std::vector<char*> env;
  for (auto& e : env_entries) env.push_back(e.data());
  env.push_back(nullptr);

  // A pipe closed on exec tells the parent whether the child got as far as exec.
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  g_received = 0;
  Forwarding forwarding;
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(report[0]), ::close(report[1]);
    throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::close(report[0]);
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(128 + SIGTERM);  // the parent died before prctl
    for (int s : kForwarded) ::signal(s, SIG_DFL);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) child_fail(report[1], "chdir");
    const int fo = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fo < 0 || ::dup2(fo, STDOUT_FILENO) < 0) child_fail(report[1], "open stdout");
    if (!err.empty()) {
      const int fe = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
      if (fe < 0 || ::dup2(fe, STDERR_FILENO) < 0) child_fail(report[1], "open stderr");
    }
    ::execve(args[0], args.data(), env.data());
    child_fail(report[1], "exec");
  }
  ::setpgid(pid, pid);  // also here, so the group exists before any signal is forwarded
  g_child_group = pid;
  if (g_received) ::kill(-pid, g_received);
  ::close(report[1]);
  int child_errno = 0;
  char what[32] = {};
  const bool failed = ::read(report[0], &child_errno, sizeof child_errno) == sizeof child_errno;
  if (failed) (void)!::read(report[0], what, sizeof what - 1);
  ::close(report[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (failed)
    throw std::runtime_error("cannot run " + argv[0] + " (" + what + ": " + std::strerror(child_errno) + ")");
  if (g_received) throw Interrupted(g_received);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return -1;
}

}  // namespace gdchaos::cli
