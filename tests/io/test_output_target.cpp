// Where an output may go: the checks made before any work refuse what the header lists and create
// nothing; a staging directory is a locked hidden sibling; the commit never replaces what appeared.
#include "gdchaos/io/output_target.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "gdchaos/core/error.hpp"
#include "scratch_dir.hpp"

using namespace gdchaos;
namespace fs = std::filesystem;

namespace {

class OutputTargetTest : public gdchaos::testing::ScratchDirTest {
 protected:
  // The message of the InputError check_output_place throws, or "" when it accepts.
  static std::string refusal(const fs::path& target, bool directory) {
    try {
      check_output_place(target, directory, "`out`");
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), fs::directory_iterator{}));
  }
};

TEST_F(OutputTargetTest, NormalisedPathsNameOnePlace) {
  EXPECT_EQ(normalized_output_path(dir_ / "out/"), dir_ / "out");
  EXPECT_EQ(normalized_output_path(dir_ / "a/../out/./"), dir_ / "out");
  EXPECT_TRUE(normalized_output_path("relative").is_absolute());
  EXPECT_EQ(normalized_output_path("relative"), fs::current_path() / "relative");
  EXPECT_THROW(normalized_output_path(""), InputError);
}

TEST_F(OutputTargetTest, AcceptsANewPathAnEmptyDirectoryOrAFileAndCreatesNothing) {
  EXPECT_EQ(refusal(dir_ / "new", true), "");
  EXPECT_EQ(refusal(dir_ / "deeper" / "still" / "new", true), "");
  fs::create_directory(dir_ / "empty");
  EXPECT_EQ(refusal(dir_ / "empty", true), "");
  std::ofstream(dir_ / "f.npy") << "x";
  EXPECT_EQ(refusal(dir_ / "f.npy", false), "");
  EXPECT_EQ(entries(), 2u) << "the checks create nothing";
  EXPECT_FALSE(fs::exists(dir_ / "deeper"));
}

TEST_F(OutputTargetTest, RefusesTheRootTheCurrentAndTheHomeDirectory) {
  EXPECT_NE(refusal("/", true).find("root directory"), std::string::npos);
  EXPECT_NE(refusal(fs::current_path(), true).find("current directory"), std::string::npos);
  EXPECT_NE(refusal(fs::current_path().parent_path(), true).find("current directory"), std::string::npos);
  if (const char* home = std::getenv("HOME"); home && *home && fs::path(home) != fs::current_path()) {
    EXPECT_NE(refusal(fs::weakly_canonical(home), true).find("home directory"), std::string::npos);
  }
}

TEST_F(OutputTargetTest, RefusesANameWithoutRoomForTheStagingName) {
  EXPECT_NE(refusal(dir_ / std::string(240, 'x'), true).find("too long"), std::string::npos);
  EXPECT_EQ(refusal(dir_ / std::string(200, 'x'), true), "");
}

TEST_F(OutputTargetTest, RefusesLinksTheWrongKindAndSpecialFiles) {
  fs::create_directory(dir_ / "d");
  std::ofstream(dir_ / "f") << "x";
  fs::create_directory_symlink(dir_ / "d", dir_ / "link");
  ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
  EXPECT_NE(refusal(dir_ / "link", true).find("symbolic link"), std::string::npos);
  EXPECT_NE(refusal(dir_ / "link", false).find("symbolic link"), std::string::npos);
  EXPECT_NE(refusal(dir_ / "f", true).find("not a directory"), std::string::npos);
  EXPECT_NE(refusal(dir_ / "d", false).find("is a directory"), std::string::npos);
  EXPECT_NE(refusal(dir_ / "fifo", false).find("not a regular file"), std::string::npos);
  EXPECT_NE(refusal(dir_ / "fifo", true).find("not a regular file"), std::string::npos);
  // under a file nothing can be created
  EXPECT_NE(refusal(dir_ / "f" / "out", true), "");
  EXPECT_NE(refusal(dir_ / "d" / "..", true), "");
}

TEST_F(OutputTargetTest, TheFlagNamesTheOptionInTheMessage) {
  std::ofstream(dir_ / "f") << "x";
  try {
    check_output_place(dir_ / "f", true, "`plot`");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("`plot` " + (dir_ / "f").string() + ": ", 0), 0u) << e.what();
  }
}

TEST_F(OutputTargetTest, RefusesAnOutputThatIsOrHoldsAnInput) {
  fs::create_directories(dir_ / "o" / "sub");
  std::ofstream(dir_ / "o" / "sub" / "meta.json") << "{}";
  std::ofstream(dir_ / "elsewhere.json") << "{}";
  EXPECT_THROW(check_not_an_input(dir_ / "o", {dir_ / "o" / "sub" / "meta.json"}, "`out`"), InputError);
  EXPECT_THROW(check_not_an_input(dir_ / "o", {dir_ / "o"}, "`out`"), InputError);
  EXPECT_NO_THROW(check_not_an_input(dir_ / "o", {dir_ / "elsewhere.json", fs::path{}}, "`out`"));
  EXPECT_NO_THROW(check_not_an_input(dir_ / "o2", {dir_ / "o" / "sub" / "meta.json"}, "`out`"));  // a prefix of the name is not inside
}

TEST_F(OutputTargetTest, StagingIsALockedHiddenSiblingRemovedUncommitted) {
  const auto target = dir_ / "out";
  fs::path staged;
  {
    Staging s(target, "`out`");
    staged = s.path();
    EXPECT_EQ(staged.parent_path(), dir_);
    EXPECT_EQ(staged.filename().string().rfind(".out.partial-" + std::to_string(::getpid()) + "-", 0), 0u)
        << staged;
    EXPECT_TRUE(fs::is_directory(staged));
    // a second run into the same place while this one lives is refused
    EXPECT_THROW(Staging(target, "`out`"), InputError);
    EXPECT_TRUE(fs::is_directory(staged));
  }
  EXPECT_FALSE(fs::exists(staged));
  EXPECT_EQ(entries(), 0u);
}

// A killed run leaves its staging directory with the marker and no lock: the next run removes it.
TEST_F(OutputTargetTest, ADeadRunsLeftoversAreRemovedByTheNextRun) {
  const auto leftover = dir_ / ".out.partial-1-2";
  fs::create_directory(leftover);
  std::ofstream(leftover / ".gdchaos-partial");
  std::ofstream(leftover / "status.npy") << "half";
  fs::create_directory(dir_ / ".out.partial-3-4");  // killed before it wrote the marker: empty
  {
    Staging s(dir_ / "out", "`out`");
    EXPECT_FALSE(fs::exists(leftover));
    EXPECT_FALSE(fs::exists(dir_ / ".out.partial-3-4"));
  }
  // a directory of that name holding something else, without the marker, is not a leftover
  fs::create_directory(leftover);
  std::ofstream(leftover / "yours.txt") << "keep";
  { Staging s(dir_ / "out", "`out`"); }
  EXPECT_TRUE(fs::exists(leftover / "yours.txt"));
}

TEST_F(OutputTargetTest, CommitIntoAnAbsentPlaceNeverReplacesWhatAppeared) {
  const auto target = dir_ / "out";
  {
    Staging s(target, "`out`");
    std::ofstream(s.path() / "a.txt") << "x";
    s.release_marker();
    s.commit(s.path(), target, DestinationState{}, true, "`out`");
  }
  EXPECT_TRUE(fs::exists(target / "a.txt"));
  EXPECT_FALSE(fs::exists(target / ".gdchaos-partial"));
  EXPECT_EQ(entries(), 1u);

  const auto second = dir_ / "second";
  {
    Staging s(second, "`out`");
    std::ofstream(s.path() / "a.txt") << "new";
    fs::create_directory(second);  // someone else's, created while the run worked
    std::ofstream(second / "theirs.txt") << "theirs";
    EXPECT_THROW(s.commit(s.path(), second, DestinationState{}, true, "`out`"), std::runtime_error);
  }
  EXPECT_TRUE(fs::exists(second / "theirs.txt"));
  EXPECT_FALSE(fs::exists(second / "a.txt"));
  EXPECT_EQ(entries(), 2u) << "the staging directory is gone";
}

TEST_F(OutputTargetTest, StagingCreatesMissingParentsAndRemovesThemUncommitted) {
  { Staging s(dir_ / "new" / "deeper" / "out", "`out`"); EXPECT_TRUE(fs::is_directory(dir_ / "new" / "deeper")); }
  EXPECT_FALSE(fs::exists(dir_ / "new"));
}

}  // namespace
