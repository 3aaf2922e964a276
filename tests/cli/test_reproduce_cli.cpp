// gdchaos reproduce end to end at draft quality: every figure file is produced and non-trivial.
#include <filesystem>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"
#include "gdchaos/io/npy.hpp"
#include "gdchaos/io/png.hpp"

namespace fs = std::filesystem;
using gdchaos::testing::slurp;

namespace {

class ReproduceCli : public gdchaos::testing::CliTest {};

// As Python's html.escape, which report.py applies to the catalogue's text.
std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#x27;"; break;
      default: out += c;
    }
  return out;
}

TEST_F(ReproduceCli, AllFiguresAtDraftQuality) {
  const auto out = dir_ / "report";
  const auto r = run("reproduce --all --quality draft --quiet --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string index = slurp(out / "index.html");
  for (const char* fig : {"fig1", "fig2", "fig3", "fig4", "fig5", "prop5", "fig6", "fig7", "sd"}) {
    for (const char* ext : {".png", ".svg"}) EXPECT_GT(fs::file_size(out / (std::string(fig) + ext)), 10000u) << fig << ext;
    EXPECT_NE(index.find(std::string("src=\"") + fig + ".png\""), std::string::npos) << fig;
    // a figure, not a blank canvas: many distinct colours
    std::int64_t w = 0, h = 0;
    const auto pixels = gdchaos::png::read(out / (std::string(fig) + ".png"), w, h);
    std::set<int> colours;
    for (const auto& p : pixels) colours.insert(p.r << 16 | p.g << 8 | p.b);
    EXPECT_GT(colours.size(), 20u) << fig;
  }
  // every basin panel shows more than one class of pixels
  int basins = 0;
  for (const auto& e : fs::recursive_directory_iterator(out / "data"))
    if (e.path().filename() == "status.npy") {
      ++basins;
      const auto s = gdchaos::npy::read(e.path());
      EXPECT_GT(std::set<double>(s.data.begin(), s.data.end()).size(), 1u) << e.path();
    }
  EXPECT_GE(basins, 13);
  // the measure-zero basins are non-empty curves, the boundary copies exist
  for (const char* curve : {"data/fig2/saddle.npy", "data/fig2/unstable.npy", "data/fig4/saddle_c.npy", "data/fig3/copies.npy"}) {
    const auto c = gdchaos::npy::read(out / curve);
    ASSERT_EQ(c.shape.size(), 2u) << curve;
    EXPECT_GT(c.shape[0], 100) << curve;
  }
  const auto report = nlohmann::json::parse(slurp(out / "report.json"));
  EXPECT_EQ(report["figures"].size(), 9u);
  EXPECT_NE(index.find("Theorem 1"), std::string::npos);

  // The report carries the catalogue its figures came from: the source tree's, byte for byte.
  const std::string text = slurp(out / "catalogue.json");
  EXPECT_EQ(text, slurp(fs::path(GDCHAOS_SOURCE_DIR) / "figures/catalogue.json"));
  const auto catalogue = nlohmann::json::parse(text);
  ASSERT_EQ(report["figures"].size(), catalogue["figures"].size());
  for (std::size_t k = 0; k < catalogue["figures"].size(); ++k) {
    const auto& described = catalogue["figures"][k];
    EXPECT_EQ(report["figures"][k]["id"], described["id"]);
    EXPECT_EQ(report["figures"][k]["steps"].size(), described["steps"].size()) << described["id"];
    for (const char* key : {"title", "caption", "note"})
      EXPECT_NE(index.find(html_escape(described[key].get<std::string>())), std::string::npos)
          << described["id"] << " " << key;
  }
  // the draft quality's numbers reached the commands
  const auto draft = catalogue["qualities"]["draft"];
  const auto left = nlohmann::json::parse(slurp(out / "data/fig1/left/meta.json"));
  EXPECT_EQ(left["grid"]["width"], draft["basin"]);
  const auto prop5 = nlohmann::json::parse(slurp(out / "data/prop5/basin/meta.json"));
  EXPECT_EQ(prop5["grid"]["width"], draft["dense"]);
}

TEST_F(ReproduceCli, BadInputIsOneLineAndExitCodeTwo) {
  for (const char* bad : {"reproduce", "reproduce --fig 9", "reproduce --all --quality ultra"}) {
    const auto r = run(std::string(bad) + " --out " + (dir_ / "bad").string());
    EXPECT_EQ(r.code, 2) << bad << "\n" << r.err;
    EXPECT_EQ(r.err_lines(), 1) << r.err;
    EXPECT_FALSE(fs::exists(dir_ / "bad"));
  }
}

}  // namespace
