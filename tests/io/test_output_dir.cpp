// OutputDir: an output appears whole or not at all, and never at the cost of a file it did not write.
#include "gdchaos/io/output_dir.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "scratch_dir.hpp"

using namespace gdchaos;
namespace fs = std::filesystem;

namespace {

class OutputDirTest : public gdchaos::testing::ScratchDirTest {
 protected:

  // An output with one file, committed.
  void make_output(const fs::path& dir, const std::string& content = "x") {
    OutputDir out(dir, true);
    std::ofstream(out.path() / "a.txt") << content;
    out.commit();
  }
  std::vector<std::string> names(const fs::path& dir) const {
    std::vector<std::string> n;
    for (const auto& e : fs::directory_iterator(dir)) n.push_back(e.path().filename().string());
    std::sort(n.begin(), n.end());
    return n;
  }
  const fs::path& root_ = dir_;
};

std::string read(const fs::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_F(OutputDirTest, CommitMovesTheStagedFilesIntoPlaceWithAManifest) {
  const auto dir = root_ / "o";
  {
    OutputDir out(dir, false);
    EXPECT_FALSE(fs::exists(dir));  // nothing at the destination until commit
    EXPECT_EQ(out.path().parent_path(), root_);
    std::ofstream(out.path() / "a.txt") << "x";
    out.commit();
  }
  EXPECT_EQ(read(dir / "a.txt"), "x");
  EXPECT_TRUE(fs::exists(dir / kManifestName));
  EXPECT_EQ(names(root_), std::vector<std::string>{"o"});  // no staging left behind
}

TEST_F(OutputDirTest, UncommittedLeavesNothingIncludingTheParentsItCreated) {
  {
    OutputDir out(root_ / "new" / "deeper" / "o", false);
    std::ofstream(out.path() / "a.txt") << "x";
  }
  EXPECT_TRUE(names(root_).empty());
}

TEST_F(OutputDirTest, ForceReplacesOnlyWhatTheManifestLists) {
  const auto dir = root_ / "o";
  make_output(dir, "old");
  make_output(dir, "new");  // ours: replaced
  EXPECT_EQ(read(dir / "a.txt"), "new");
  std::ofstream(dir / "notes.txt") << "mine";
  EXPECT_THROW(OutputDir(dir, true), InputError);
  EXPECT_EQ(read(dir / "notes.txt"), "mine");
  fs::remove(dir / "notes.txt");
  // an edited file (other size) is not what gdchaos wrote either
  std::ofstream(dir / "a.txt") << "edited by hand";
  try {
    OutputDir again(dir, true);
    FAIL() << "an edited output was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("a.txt"), std::string::npos) << e.what();
  }
}

TEST_F(OutputDirTest, WithoutAManifestNothingIsOurs) {
  const auto dir = root_ / "o";
  fs::create_directories(dir);
  std::ofstream(dir / "report.json") << R"({"gdchaos_version": "0.1.0"})";
  EXPECT_THROW(OutputDir(dir, true), InputError);
  EXPECT_TRUE(fs::exists(dir / "report.json"));
}

TEST_F(OutputDirTest, SomethingCreatedMeanwhileIsKeptAndTheCommitFails) {
  const auto dir = root_ / "o";
  OutputDir out(dir, false);
  std::ofstream(out.path() / "a.txt") << "x";
  fs::create_directories(dir);
  std::ofstream(dir / "thesis.tex") << "years of work";
  EXPECT_THROW(out.commit(), std::runtime_error);
  EXPECT_EQ(read(dir / "thesis.tex"), "years of work");
  EXPECT_FALSE(fs::exists(dir / "a.txt"));
}

TEST_F(OutputDirTest, AnEmptyDirectoryThatFillsMeanwhileIsSwappedBack) {
  const auto dir = root_ / "o";
  fs::create_directories(dir);
  OutputDir out(dir, false);
  std::ofstream(out.path() / "a.txt") << "x";
  std::ofstream(dir / "thesis.tex") << "years of work";
  EXPECT_THROW(out.commit(), std::runtime_error);
  EXPECT_EQ(read(dir / "thesis.tex"), "years of work");
  EXPECT_EQ(names(dir), std::vector<std::string>{"thesis.tex"});
}

TEST_F(OutputDirTest, AnEarlierOutputChangedMeanwhileIsSwappedBack) {
  const auto dir = root_ / "o";
  make_output(dir, "old");
  OutputDir out(dir, true);
  std::ofstream(out.path() / "a.txt") << "new";
  std::ofstream(dir / "added.txt") << "mine";
  EXPECT_THROW(out.commit(), std::runtime_error);
  EXPECT_EQ(read(dir / "a.txt"), "old");
  EXPECT_EQ(read(dir / "added.txt"), "mine");
}

TEST_F(OutputDirTest, ASecondLiveRunIntoTheSamePlaceIsRefused) {
  const auto dir = root_ / "o";
  OutputDir first(dir, false);
  try {
    OutputDir second(dir, false);
    FAIL() << "a second run was allowed";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("another gdchaos run"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::exists(first.path()));  // the first run's staging is untouched
  first.commit();
  EXPECT_TRUE(fs::exists(dir / kManifestName));
}

TEST_F(OutputDirTest, RefusesPlacesThatAreNeverReplaced) {
  std::ofstream(root_ / "file") << "x";
  fs::create_symlink(root_ / "file", root_ / "link");
  fs::create_directories(root_ / "real");
  fs::create_directory_symlink(root_ / "real", root_ / "dirlink");
  ::mkfifo((root_ / "fifo").c_str(), 0600);
  for (const auto& p : {root_ / "file", root_ / "link", root_ / "dirlink", root_ / "fifo", fs::path("/"),
                        fs::current_path(), fs::current_path().parent_path(), fs::path("/proc")})
    EXPECT_THROW(check_output_dir(p, true), InputError) << p;
  EXPECT_EQ(read(root_ / "file"), "x");
  EXPECT_TRUE(fs::is_symlink(root_ / "dirlink"));
}

TEST_F(OutputDirTest, RefusesADirectoryHoldingAnInput) {
  const auto dir = root_ / "o";
  make_output(dir);
  EXPECT_THROW(check_output_dir(dir, true, {dir / "a.txt"}), InputError);
  EXPECT_THROW(check_output_dir(dir, true, {dir}), InputError);
  EXPECT_NO_THROW(check_output_dir(dir, true, {root_ / "elsewhere.json"}));
}

TEST_F(OutputDirTest, AFailedWriteIsAnError) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  std::ofstream full("/dev/full");
  full << std::string(1 << 16, 'x');
  EXPECT_THROW(close_checked(full, "/dev/full"), std::runtime_error);
}

namespace {

// Sets a file's modification time.
void set_mtime(const fs::path& p, fs::file_time_type t) { fs::last_write_time(p, t); }

// The current directory, restored at the end of the scope.
struct InDirectory {
  explicit InDirectory(const fs::path& dir) : old(fs::current_path()) { fs::current_path(dir); }
  ~InDirectory() { fs::current_path(old); }
  fs::path old;
};

// $HOME, restored at the end of the scope.
struct WithHome {
  explicit WithHome(const fs::path& home) {
    if (const char* h = std::getenv("HOME")) old = h, had = true;
    ::setenv("HOME", home.c_str(), 1);
  }
  ~WithHome() {
    if (had) ::setenv("HOME", old.c_str(), 1);
    else ::unsetenv("HOME");
  }
  std::string old;
  bool had = false;
};

std::string refusal(const fs::path& p, bool force = true) {
  try {
    check_output_dir(p, force);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_F(OutputDirTest, ForceComparesEveryFilesSizeAndModificationTime) {
  const auto dir = root_ / "o";
  make_output(dir, "x");
  const auto t = fs::last_write_time(dir / "a.txt");
  // the same size, another time: edited
  std::ofstream(dir / "a.txt") << "y";
  set_mtime(dir / "a.txt", t + std::chrono::seconds(1));
  EXPECT_NE(refusal(dir).find("a.txt"), std::string::npos) << refusal(dir);
  // another size, the time put back: edited too
  std::ofstream(dir / "a.txt") << "yy";
  set_mtime(dir / "a.txt", t);
  EXPECT_NE(refusal(dir).find("a.txt"), std::string::npos) << refusal(dir);
  // exactly what was written (content, size and time): ours again
  std::ofstream(dir / "a.txt") << "x";
  set_mtime(dir / "a.txt", t);
  EXPECT_NO_THROW(check_output_dir(dir, true));
}

TEST_F(OutputDirTest, AnEarlierOutputWithSubdirectoriesIsReplacedWhole) {
  const auto dir = root_ / "o";
  for (const char* content : {"old", "new"}) {
    OutputDir out(dir, true);
    fs::create_directories(out.path() / "sub" / "deeper");
    std::ofstream(out.path() / "a.txt") << content;
    std::ofstream(out.path() / "sub" / "b.txt") << content;
    std::ofstream(out.path() / "sub" / "deeper" / "c.txt") << content;
    out.commit();
  }
  EXPECT_EQ(read(dir / "sub" / "deeper" / "c.txt"), "new");
  EXPECT_EQ(names(root_), std::vector<std::string>{"o"});  // the old output is gone, nothing kept aside
}

TEST_F(OutputDirTest, AManifestNamingSomethingOutsideIsNotGdchaos) {
  const auto dir = root_ / "o";
  std::ofstream(root_ / "victim.txt") << "mine";
  for (const std::string& name : std::vector<std::string>{"../victim.txt", "sub/../../victim.txt", (root_ / "victim.txt").string()}) {
    make_output(dir);
    auto manifest = nlohmann::json::parse(read(dir / kManifestName));
    manifest["entries"].push_back({{"name", name}, {"size", 4}, {"mtime_ns", 0}});
    std::ofstream(dir / kManifestName) << manifest.dump();
    EXPECT_THROW(OutputDir(dir, true), InputError) << name;
    EXPECT_EQ(read(root_ / "victim.txt"), "mine");
    fs::remove_all(dir);
  }
}

TEST_F(OutputDirTest, AnEarlierOutputSwappedForALookalikeIsSwappedBack) {
  // While the run works, the earlier output is moved aside and a copy put in its place, with the
  // same names, sizes and times: not the directory that was checked, so it is not removed.
  const auto dir = root_ / "o";
  make_output(dir, "old");
  OutputDir out(dir, true);
  std::ofstream(out.path() / "a.txt") << "new";
  fs::rename(dir, root_ / "o.moved");
  fs::create_directory(dir);
  std::ofstream(dir / "a.txt") << "old";
  set_mtime(dir / "a.txt", fs::last_write_time(root_ / "o.moved" / "a.txt"));
  fs::copy_file(root_ / "o.moved" / kManifestName, dir / kManifestName);
  EXPECT_THROW(out.commit(), std::runtime_error);
  EXPECT_EQ(read(dir / "a.txt"), "old");
  EXPECT_EQ(read(root_ / "o.moved" / "a.txt"), "old");
}

TEST_F(OutputDirTest, RefusesADirectoryHoldingTheCurrentOrTheHomeDirectory) {
  // An earlier output, otherwise replaceable with --force, with a subdirectory.
  const auto dir = root_ / "o";
  {
    OutputDir out(dir, false);
    fs::create_directories(out.path() / "sub");
    out.commit();
  }
  ASSERT_NO_THROW(check_output_dir(dir, true));
  {
    InDirectory here(dir / "sub");
    EXPECT_NE(refusal(dir).find("current directory"), std::string::npos) << refusal(dir);
    EXPECT_NE(refusal(dir / "sub").find("current directory"), std::string::npos) << refusal(dir / "sub");
  }
  {
    WithHome home(dir / "sub");
    EXPECT_NE(refusal(dir).find("home directory"), std::string::npos) << refusal(dir);
  }
  EXPECT_NO_THROW(check_output_dir(dir, true));
}

TEST_F(OutputDirTest, RefusesAMountPointOrADeviceAsSuch) {
  // Refused for what they are, before their content is looked at.
  struct stat root {}, proc {};
  if (::stat("/", &root) == 0 && ::stat("/proc", &proc) == 0 && root.st_dev != proc.st_dev) {
    EXPECT_NE(refusal("/proc").find("mount point"), std::string::npos) << refusal("/proc");
  }
  ::mkfifo((root_ / "fifo").c_str(), 0600);
  EXPECT_NE(refusal(root_ / "fifo").find("device, FIFO or socket"), std::string::npos) << refusal(root_ / "fifo");
  EXPECT_NE(refusal(root_ / "fifo", false).find("device, FIFO or socket"), std::string::npos);
}
