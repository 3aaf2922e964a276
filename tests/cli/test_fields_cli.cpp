// `--fields`: a render writes only the float arrays asked for (status, steps and attractor always),
// each byte for byte the array a full render writes; meta.json lists what is there and re-runs the
// same; a name that is not a field, or a colouring whose field is left out, is one line and exit 2.
#include <filesystem>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"

namespace fs = std::filesystem;
using gdchaos::testing::slurp;
using nlohmann::json;

namespace {

class FieldsCli : public gdchaos::testing::CliTest {};

std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

const std::string kFig3 = "--preset fig3 --res 48,40";

TEST_F(FieldsCli, KeptFieldsAreTheOnlyFloatArraysAndTheFullRendersBytes) {
  const auto full = render("full", kFig3 + " --color norm2");
  const auto kept = render("kept", kFig3 + " --color norm2 --fields norm2,imbalance");
  EXPECT_EQ(files_in(kept), (std::set<std::string>{".gdchaos-manifest.json", "meta.json", "basin.png", "status.npy", "steps.npy", "attractor.npy",
                                                   "norm2.npy", "imbalance.npy"}));
  for (const char* f : {"status.npy", "steps.npy", "attractor.npy", "norm2.npy", "imbalance.npy", "basin.png"})
    EXPECT_EQ(slurp(full / f), slurp(kept / f)) << f;
  const auto meta = json::parse(slurp(kept / "meta.json"));
  std::set<std::string> arrays;
  for (const auto& [name, v] : meta["arrays"].items()) arrays.insert(name);
  EXPECT_EQ(arrays, (std::set<std::string>{"status", "steps", "attractor", "norm2", "imbalance"}));
  // In the model's order, whatever order they were asked in.
  EXPECT_EQ(meta["recipe"]["fields"], json({"norm2", "imbalance"}));

  const auto again = dir_ / "again";
  ASSERT_EQ(run("basin --preset " + (kept / "meta.json").string() + " --quiet --out " + again.string()).code, 0);
  EXPECT_EQ(files_in(again), files_in(kept));
  EXPECT_EQ(slurp(again / "norm2.npy"), slurp(kept / "norm2.npy"));
}

TEST_F(FieldsCli, NoneWritesOnlyTheIntegerArrays) {
  const auto full = render("full", kFig3);
  const auto none = render("none", kFig3 + " --fields none");
  EXPECT_EQ(files_in(none), (std::set<std::string>{".gdchaos-manifest.json", "meta.json", "basin.png", "status.npy", "steps.npy", "attractor.npy"}));
  EXPECT_EQ(slurp(full / "basin.png"), slurp(none / "basin.png"));
  EXPECT_EQ(slurp(full / "attractor.npy"), slurp(none / "attractor.npy"));
  EXPECT_EQ(json::parse(slurp(none / "meta.json"))["recipe"]["fields"], json::array());
  // Without --fields the recipe says nothing of them: an old recipe re-runs as it did.
  EXPECT_FALSE(json::parse(slurp(full / "meta.json"))["recipe"].contains("fields"));
}

TEST_F(FieldsCli, NetworksKeepTheirFieldsToo) {
  const auto out = dir_ / "net";
  const auto r = run("net basin --data gaussian --arch 4 --steps 50 --eta 0.5 --res 8 --fields sharpness --color sharpness "
                     "--quiet --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(out / "sharpness.npy"));
  EXPECT_FALSE(fs::exists(out / "loss.npy"));
  EXPECT_FALSE(fs::exists(out / "norm2.npy"));
}

TEST_F(FieldsCli, BadFieldsAreOneLineAndExitCodeTwo) {
  struct Case {
    std::string args, says;
  };
  const Case cases[] = {
      {"basin " + kFig3 + " --fields loss,bogus", "no field 'bogus'"},
      {"basin " + kFig3 + " --fields ''", "an empty name"},
      {"basin " + kFig3 + " --fields loss,", "an empty name"},
      {"basin " + kFig3 + " --fields coord", "coord needs --coord"},
      {"basin " + kFig3 + " --color norm2 --fields loss", "add it to --fields"},
      {"net basin --data gaussian --arch 4 --steps 50 --eta 0.5 --res 8 --fields sharpness", "loss (the default)"},
  };
  for (const auto& c : cases) {
    const auto out = dir_ / "out";
    const auto r = run(c.args + " --out " + out.string());
    EXPECT_EQ(r.code, 2) << c.args;
    EXPECT_EQ(r.err_lines(), 1) << c.args << ": " << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << c.args << ": " << r.err;
    EXPECT_FALSE(fs::exists(out)) << c.args;
  }
}

}  // namespace
