#pragma once
// Running the gdchaos binary from tests: each test gets its own scratch directory.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace gdchaos::testing {

struct CliResult {
  int code;
  std::string out, err;
  /// Lines on stderr (a bad-input error must be exactly one).
  long err_lines() const { return std::count(err.begin(), err.end(), '\n'); }
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("gdchaos_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name() + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  /// Runs `gdchaos ARGS`, capturing stdout and stderr.
  CliResult run(const std::string& args) const {
    const auto out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    const std::string cmd = std::string(GDCHAOS_CLI) + " " + args + " >" + out.string() + " 2>" + err.string();
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
  }
  /// `gdchaos basin FLAGS --quiet --out dir_/NAME`, expected to succeed.
  std::filesystem::path render(const std::string& name, const std::string& flags) const {
    const auto out = dir_ / name;
    const auto r = run("basin " + flags + " --quiet --out " + out.string());
    EXPECT_EQ(r.code, 0) << r.err;
    return out;
  }

  std::filesystem::path dir_;
};

}  // namespace gdchaos::testing
