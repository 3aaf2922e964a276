// Manifests: what gdchaos wrote, recorded so that a later --force replaces only that. A file
// added or edited afterwards is found; a manifest gdchaos did not write is not one.
#include "gdchaos/io/manifest.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

#include <gtest/gtest.h>

#include "scratch_dir.hpp"

using namespace gdchaos;
namespace fs = std::filesystem;

namespace {

class ManifestTest : public gdchaos::testing::ScratchDirTest {
 protected:
  // An output tree: a.txt, sub/, sub/b.npy.
  fs::path make_tree() {
    const auto root = dir_ / "out";
    fs::create_directories(root / "sub");
    std::ofstream(root / "a.txt") << "hello";
    std::ofstream(root / "sub" / "b.npy") << "0123456789";
    return root;
  }
  static void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }
};

const ManifestEntry* find(const Manifest& m, const std::string& name) {
  for (const auto& e : m.entries)
    if (e.name == name) return &e;
  return nullptr;
}

TEST_F(ManifestTest, TheTreeIsListedParentsFirstWithSizes) {
  const auto root = make_tree();
  write(root / kManifestName, "{}");  // the manifest is not listed in itself
  const auto m = manifest_of_tree(root);
  ASSERT_EQ(m.entries.size(), 3u);
  const auto* a = find(m, "a.txt");
  const auto* sub = find(m, "sub");
  const auto* b = find(m, "sub/b.npy");
  ASSERT_TRUE(a && sub && b);
  EXPECT_FALSE(a->directory);
  EXPECT_EQ(a->size, 5u);
  EXPECT_TRUE(sub->directory);
  EXPECT_EQ(b->size, 10u);
  EXPECT_LT(sub - m.entries.data(), b - m.entries.data()) << "parents before their children";
  EXPECT_EQ(find(m, kManifestName), nullptr);
}

TEST_F(ManifestTest, WrittenAndReadBackItIsTheSame) {
  const auto root = make_tree();
  const auto m = manifest_of_tree(root);
  write_manifest(root / kManifestName, m);
  const auto back = read_manifest(root / kManifestName);
  ASSERT_TRUE(back.has_value());
  ASSERT_EQ(back->entries.size(), m.entries.size());
  for (std::size_t k = 0; k < m.entries.size(); ++k) {
    EXPECT_EQ(back->entries[k].name, m.entries[k].name);
    EXPECT_EQ(back->entries[k].directory, m.entries[k].directory);
    EXPECT_EQ(back->entries[k].size, m.entries[k].size);
    EXPECT_EQ(back->entries[k].mtime_ns, m.entries[k].mtime_ns);
  }
  EXPECT_EQ(unlisted_entry(root, *back), std::nullopt);
}

TEST_F(ManifestTest, AnAddedFileIsFound) {
  const auto root = make_tree();
  const auto m = manifest_of_tree(root);
  write(root / "sub" / "notes.txt", "mine");
  EXPECT_EQ(unlisted_entry(root, m), "sub/notes.txt");
}

TEST_F(ManifestTest, AnEditedFileIsFoundBySizeOrByModificationTime) {
  const auto root = make_tree();
  const auto m = manifest_of_tree(root);
  write(root / "a.txt", "hello, world");  // another size
  EXPECT_EQ(unlisted_entry(root, m), "a.txt");
  // the same size, a new modification time
  const auto m2 = manifest_of_tree(root);
  write(root / "sub" / "b.npy", "9876543210");
  const auto later = fs::last_write_time(root / "sub" / "b.npy") + std::chrono::seconds(3);
  fs::last_write_time(root / "sub" / "b.npy", later);
  EXPECT_EQ(unlisted_entry(root, m2), "sub/b.npy");
}

TEST_F(ManifestTest, ADirectoryWhereAFileWasAndALinkAreFound) {
  const auto root = make_tree();
  const auto m = manifest_of_tree(root);
  fs::remove(root / "a.txt");
  fs::create_directory(root / "a.txt");
  EXPECT_EQ(unlisted_entry(root, m), "a.txt");
  fs::remove(root / "a.txt");
  fs::create_symlink("sub/b.npy", root / "a.txt");
  EXPECT_EQ(unlisted_entry(root, m), "a.txt");
  EXPECT_THROW(manifest_of_tree(root), std::runtime_error);  // a gdchaos output never holds a link
}

TEST_F(ManifestTest, AMissingListedFileIsNotAnUnlistedEntry) {
  const auto root = make_tree();
  const auto m = manifest_of_tree(root);
  fs::remove(root / "a.txt");  // fewer files than listed: nothing of the user's is there
  EXPECT_EQ(unlisted_entry(root, m), std::nullopt);
}

TEST_F(ManifestTest, OnlyAManifestGdchaosWroteIsOne) {
  const auto root = make_tree();
  EXPECT_EQ(read_manifest(root / "absent.json"), std::nullopt);
  write(root / "m1.json", R"({"entries": []})");  // no format
  EXPECT_EQ(read_manifest(root / "m1.json"), std::nullopt);
  write(root / "m2.json", R"({"format": "gdchaos output manifest 1", "entries": [{"name": "../escape", "size": 1, "mtime_ns": 0}]})");
  EXPECT_EQ(read_manifest(root / "m2.json"), std::nullopt);  // a name climbing out of the output
  write(root / "m3.json", R"({"format": "gdchaos output manifest 1", "entries": [{"name": "/etc/passwd", "size": 1, "mtime_ns": 0}]})");
  EXPECT_EQ(read_manifest(root / "m3.json"), std::nullopt);
  write(root / "m4.json", R"({"format": "gdchaos output manifest 1", "entries": [{"name": "a.txt"}]})");
  EXPECT_EQ(read_manifest(root / "m4.json"), std::nullopt);  // a file without size
  write(root / "m5.json", "not json");
  EXPECT_EQ(read_manifest(root / "m5.json"), std::nullopt);
  fs::create_directory(root / "m6.json");
  EXPECT_EQ(read_manifest(root / "m6.json"), std::nullopt);
  write(root / "m7.json", R"({"format": "gdchaos output manifest 1", "entries": []})");
  ASSERT_TRUE(read_manifest(root / "m7.json").has_value());
  EXPECT_TRUE(read_manifest(root / "m7.json")->entries.empty());
}

TEST_F(ManifestTest, RemoveListedRemovesThoseEntriesAndNothingElse) {
  const auto root = make_tree();
  const auto m = manifest_of_tree(root);
  write_manifest(root / kManifestName, m);
  EXPECT_TRUE(remove_listed(root, m));
  EXPECT_FALSE(fs::exists(root));

  const auto again = make_tree();
  const auto m2 = manifest_of_tree(again);
  write(again / "sub" / "mine.txt", "keep me");
  EXPECT_FALSE(remove_listed(again, m2));
  EXPECT_TRUE(fs::exists(again / "sub" / "mine.txt"));
  EXPECT_FALSE(fs::exists(again / "a.txt"));
}

TEST_F(ManifestTest, SingleFileOutputsHaveASidecarBesideThem) {
  EXPECT_EQ(sidecar_manifest_path("/x/y/plot.png"), fs::path("/x/y/.plot.png.gdchaos-manifest.json"));
  EXPECT_EQ(sidecar_manifest_path("plot.png"), fs::path(".plot.png.gdchaos-manifest.json"));
  write(dir_ / "f.npy", "abc");
  const auto m = manifest_of_file(dir_ / "f.npy");
  ASSERT_EQ(m.entries.size(), 1u);
  EXPECT_EQ(m.entries[0].name, "f.npy");
  EXPECT_EQ(m.entries[0].size, 3u);
  EXPECT_THROW(manifest_of_file(dir_), std::runtime_error);
  EXPECT_THROW(manifest_of_file(dir_ / "absent"), std::runtime_error);
}

// A plot saved into an output later is the output's too while its sidecar still describes it.
TEST_F(ManifestTest, SingleFileOutputsInsideAnOutputAreAccountedFor) {
  const auto root = make_tree();
  const auto m = manifest_of_tree(root);
  write(root / "sub" / "plot.png", "png");
  write_manifest(sidecar_manifest_path(root / "sub" / "plot.png"), manifest_of_file(root / "sub" / "plot.png"));
  EXPECT_NE(unlisted_entry(root, m), std::nullopt);
  const auto with = with_single_file_outputs(root, m);
  EXPECT_EQ(with.entries.size(), m.entries.size() + 2);
  EXPECT_EQ(unlisted_entry(root, with), std::nullopt);
  // edited afterwards, it is the user's
  write(root / "sub" / "plot.png", "edited png");
  const auto found = unlisted_entry(root, with_single_file_outputs(root, m));
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(*found == "sub/plot.png" || *found == "sub/.plot.png.gdchaos-manifest.json") << *found;
}

}  // namespace
