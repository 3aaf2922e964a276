// Input files: regular files only, JSON bounded in size and depth.
#include "gdchaos/io/input_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"

using namespace gdchaos;
namespace fs = std::filesystem;

TEST(InputFile, OnlyRegularReadableFiles) {
  const auto dir = fs::temp_directory_path() / ("gdchaos_input_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  ::mkfifo((dir / "fifo").c_str(), 0600);
  EXPECT_THROW(check_input_file(dir / "fifo", "--preset"), InputError);  // and does not hang
  EXPECT_THROW(check_input_file(dir, "--preset"), InputError);
  EXPECT_THROW(check_input_file(dir / "missing", "--preset"), InputError);
  EXPECT_THROW(check_input_file("/dev/zero", "--preset"), InputError);
  std::ofstream(dir / "ok.json") << R"({"eta": 1})";
  EXPECT_EQ(read_json_file(dir / "ok.json", "--preset")["eta"], 1);
  fs::remove_all(dir);
}

TEST(InputFile, JsonWithinBounds) {
  EXPECT_EQ(parse_json_text(std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']'), "x").size(), 1u);
  EXPECT_THROW(parse_json_text(std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']'), "x"), InputError);
  EXPECT_THROW(parse_json_text(std::string(100000, '['), "x"), InputError);  // no stack overflow
  // brackets inside a string are text, not nesting
  const std::string brackets(2 * kMaxJsonDepth, '[');
  EXPECT_EQ(parse_json_text("{\"a\": \"" + brackets + "\"}", "x")["a"].get<std::string>(), brackets);
  EXPECT_THROW(parse_json_text(std::string("{\"a\": 1}\0", 9), "x"), InputError);
  EXPECT_THROW(parse_json_text("{\"a\": ", "x"), InputError);
  EXPECT_THROW(parse_json_text(std::string(kMaxJsonBytes + 1, ' '), "x"), InputError);
}

TEST(InputFile, AnEscapedQuoteDoesNotEndAString) {
  // "\"[[[…" is one string holding a quote and brackets: text, not nesting.
  const std::string brackets(2 * kMaxJsonDepth, '[');
  const std::string text = "{\"a\": \"\\\"" + brackets + "\", \"b\": [[1]]}";
  const auto j = parse_json_text(text, "x");
  EXPECT_EQ(j["a"].get<std::string>(), "\"" + brackets);
  EXPECT_EQ(j["b"][0][0], 1);
  // an escaped backslash does end the escape: the quote after it closes the string
  EXPECT_EQ(parse_json_text("{\"a\": \"\\\\\", \"b\": 2}", "x")["b"], 2);
  EXPECT_THROW(parse_json_text("{\"a\": \"\\\\\", \"b\": " + std::string(kMaxJsonDepth + 1, '[') + "]}", "x"),
               InputError);
}
