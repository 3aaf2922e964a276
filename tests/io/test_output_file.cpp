// OutputFile: a single file staged and moved into place; --force replaces only a file gdchaos wrote.
#include "gdchaos/io/output_file.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

#include "gdchaos/core/error.hpp"
#include "gdchaos/io/output_dir.hpp"
#include "scratch_dir.hpp"

using namespace gdchaos;
namespace fs = std::filesystem;

namespace {

class OutputFileTest : public gdchaos::testing::ScratchDirTest {
 protected:
  void write(const fs::path& file, const std::string& content, bool force) {
    OutputFile out(file, force);
    std::ofstream(out.path()) << content;
    out.commit();
  }
  const fs::path& root_ = dir_;
};

std::string read(const fs::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_F(OutputFileTest, WritesAndReplacesItsOwnFile) {
  const auto f = root_ / "p.npy";
  write(f, "one", false);
  EXPECT_EQ(read(f), "one");
  EXPECT_TRUE(fs::exists(sidecar_manifest_path(f)));
  EXPECT_THROW(write(f, "two", false), InputError);  // exists, no --force
  write(f, "two", true);
  EXPECT_EQ(read(f), "two");
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(root_)) ++entries;
  EXPECT_EQ(entries, 2u);  // the file and its manifest, no staging left
}

TEST_F(OutputFileTest, NeverReplacesAUsersFileOrAnEditedOne) {
  const auto f = root_ / "user.npy";
  std::ofstream(f) << "mine";
  EXPECT_THROW(write(f, "x", true), InputError);
  EXPECT_EQ(read(f), "mine");
  const auto g = root_ / "p.npy";
  write(g, "ours", false);
  std::ofstream(g) << "edited, longer";
  EXPECT_THROW(write(g, "x", true), InputError);
  EXPECT_EQ(read(g), "edited, longer");
}

TEST_F(OutputFileTest, NeverReplacesLinksDevicesOrDirectories) {
  std::ofstream(root_ / "target") << "t";
  fs::create_symlink(root_ / "target", root_ / "link.npy");
  ::mkfifo((root_ / "fifo.npy").c_str(), 0600);
  fs::create_directories(root_ / "dir.npy");
  for (const char* name : {"link.npy", "fifo.npy", "dir.npy"}) EXPECT_THROW(check_output_file(root_ / name, true), InputError) << name;
  if (::geteuid() == 0 && ::mknod((root_ / "null.npy").c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0) {
    EXPECT_THROW(check_output_file(root_ / "null.npy", true), InputError);
    struct stat st {};
    ASSERT_EQ(::lstat((root_ / "null.npy").c_str(), &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
  }
  EXPECT_EQ(read(root_ / "target"), "t");
}

TEST_F(OutputFileTest, AFileThatAppearsMeanwhileIsKept) {
  const auto f = root_ / "p.npy";
  OutputFile out(f, false);
  std::ofstream(out.path()) << "ours";
  std::ofstream(f) << "theirs";
  EXPECT_THROW(out.commit(), std::runtime_error);
  EXPECT_EQ(read(f), "theirs");
}

TEST_F(OutputFileTest, ItsOwnFileReplacedMeanwhileIsSwappedBack) {
  const auto f = root_ / "p.npy";
  write(f, "ours", false);
  OutputFile out(f, true);
  std::ofstream(out.path()) << "new";
  fs::remove(f);
  std::ofstream(f) << "theirs, written meanwhile";
  EXPECT_THROW(out.commit(), std::runtime_error);
  EXPECT_EQ(read(f), "theirs, written meanwhile");
}

TEST_F(OutputFileTest, NeedsAnExistingFolderAndIsNotAnInput) {
  EXPECT_THROW(check_output_file(root_ / "missing" / "p.npy", false), InputError);
  EXPECT_FALSE(fs::exists(root_ / "missing"));
  EXPECT_THROW(check_output_file(root_ / "in.json", false, {root_ / "in.json"}), InputError);
}

TEST_F(OutputFileTest, APlotSavedIntoADirectoryOutputKeepsItReplaceable) {
  const auto dir = root_ / "o";
  {
    OutputDir out(dir, false);
    std::ofstream(out.path() / "meta.json") << "{}";
    out.commit();
  }
  write(dir / "plot.png", "png", false);
  EXPECT_NO_THROW(check_output_dir(dir, true));
  std::ofstream(dir / "plot.png") << "edited by hand";  // no longer what its manifest says
  EXPECT_THROW(check_output_dir(dir, true), InputError);
}

TEST_F(OutputFileTest, ForceComparesTheFilesSizeAndModificationTime) {
  const auto g = root_ / "p.npy";
  write(g, "ours", false);
  const auto t = fs::last_write_time(g);
  std::ofstream(g) << "OURS";  // the same size, another time
  fs::last_write_time(g, t + std::chrono::seconds(1));
  EXPECT_THROW(check_output_file(g, true), InputError);
  std::ofstream(g) << "ours, longer";  // another size, the time put back
  fs::last_write_time(g, t);
  EXPECT_THROW(check_output_file(g, true), InputError);
  std::ofstream(g) << "ours";  // exactly what was written: replaceable again
  fs::last_write_time(g, t);
  EXPECT_NO_THROW(check_output_file(g, true));
}

TEST_F(OutputFileTest, ItsOwnFileEditedMeanwhileIsSwappedBack) {
  const auto f = root_ / "p.npy";
  write(f, "ours", false);
  OutputFile out(f, true);
  std::ofstream(out.path()) << "new";
  const auto t = fs::last_write_time(f);
  std::ofstream(f) << "OURS";  // edited in place: the same file, the same size, another time
  fs::last_write_time(f, t + std::chrono::seconds(1));
  EXPECT_THROW(out.commit(), std::runtime_error);
  EXPECT_EQ(read(f), "OURS");
}

TEST_F(OutputFileTest, ItsOwnFileReplacedByALookalikeIsSwappedBack) {
  // Another file with the same name, size and time is still not the file that was checked.
  const auto f = root_ / "p.npy";
  write(f, "ours", false);
  OutputFile out(f, true);
  std::ofstream(out.path()) << "new";
  const auto t = fs::last_write_time(f);
  fs::rename(f, root_ / "moved.npy");
  std::ofstream(f) << "ours";
  fs::last_write_time(f, t);
  EXPECT_THROW(out.commit(), std::runtime_error);
  EXPECT_EQ(read(f), "ours");
  EXPECT_EQ(read(root_ / "moved.npy"), "ours");
}

TEST_F(OutputFileTest, ADeviceOrFifoIsRefusedAsSuch) {
  ::mkfifo((root_ / "fifo.npy").c_str(), 0600);
  for (const bool force : {false, true}) {
    try {
      check_output_file(root_ / "fifo.npy", force);
      ADD_FAILURE() << "a FIFO was accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("device, FIFO or socket"), std::string::npos) << e.what();
    }
  }
}
