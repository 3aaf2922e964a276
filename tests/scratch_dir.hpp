#pragma once
// A fresh scratch directory per test, removed afterwards: temp/gdchaos_<PID>_<suite>_<test>.
#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace gdchaos::testing {

class ScratchDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("gdchaos_" + std::to_string(::getpid()) + "_" + info->test_suite_name() + "_" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path file(const std::string& name) const { return dir_ / name; }

  std::filesystem::path dir_;
};

}  // namespace gdchaos::testing
