// The plot scripts' palette (python/plots/palette.py) is basin.png's: maps holding every status
// and several attractors are rendered by the CLI, and each pixel's colour in basin.png must be the
// palette's colour for that pixel's status (or attractor id).
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"
#include "gdchaos/core/status.hpp"
#include "gdchaos/io/npy.hpp"
#include "gdchaos/io/png.hpp"

namespace fs = std::filesystem;
using gdchaos::testing::slurp;
using nlohmann::json;

namespace {

class PaletteCli : public gdchaos::testing::CliTest {
 protected:
  /// `python3 -m plots.palette`: the palette module's colours as JSON.
  json python_palette() const {
    const auto out = dir_ / "palette.json";
    const std::string cmd = std::string("PYTHONPATH=") + GDCHAOS_PYTHON_DIR + " PYTHONSAFEPATH=1 " + GDCHAOS_PYTHON +
                            " -m plots.palette >" + out.string();
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return json::parse(slurp(out));
  }
};

std::string hex(const gdchaos::Rgb& p) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02X%02X%02X", p.r, p.g, p.b);
  return buf;
}

/// For every pixel of DIR/status.npy: the colour basin.png gives it, with the pixel's status and
/// attractor id. basin.png has β upward: its top row is the map's last row.
struct Coloured {
  int status;
  int attractor;
  std::string colour;
};
std::vector<Coloured> coloured_pixels(const fs::path& dir) {
  const auto status = gdchaos::npy::read(dir / "status.npy");
  const auto attractor = gdchaos::npy::read(dir / "attractor.npy");
  std::int64_t w = 0, h = 0;
  const auto png = gdchaos::png::read(dir / "basin.png", w, h);
  EXPECT_EQ(status.shape, (std::vector<std::int64_t>{h, w}));
  std::vector<Coloured> out;
  for (std::int64_t i = 0; i < h; ++i)
    for (std::int64_t j = 0; j < w; ++j)
      out.push_back({static_cast<int>(status.data[i * w + j]), static_cast<int>(attractor.data[i * w + j]),
                     hex(png[(h - 1 - i) * w + j])});
  return out;
}

TEST_F(PaletteCli, StatusColoursAreBasinPngs) {
  const json statuses = python_palette().at("statuses");
  ASSERT_EQ(statuses.size(), static_cast<std::size_t>(gdchaos::kStatusCount));
  // Fig. 4's λ = 0 map stopped early: undecided, converged, diverged, and the saddle's pixels on
  // u = −v (other critical point); the quotient plane adds the outside of its domain.
  const auto early = render("early", "--preset fig4a --res 48 --max-iter 40 --color status");
  const auto quotient = render("quotient", "--preset fig3 --plane quotient --window -3,3,0,6 --res 32 --color status");
  std::set<int> seen;
  for (const auto& dir : {early, quotient})
    for (const auto& px : coloured_pixels(dir)) {
      const std::string name(gdchaos::kStatusNames.at(px.status));
      ASSERT_EQ(px.colour, statuses.at(name).get<std::string>()) << name << " in " << dir;
      seen.insert(px.status);
    }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(gdchaos::kStatusCount)) << "a status the maps did not show";
}

TEST_F(PaletteCli, AttractorColoursAreBasinPngs) {
  const json attractors = python_palette().at("attractors");
  const auto dir = render("attractor", "--preset fig3 --res 48 --color attractor");
  std::set<int> seen;
  for (const auto& px : coloured_pixels(dir)) {
    if (px.attractor < 0) continue;
    ASSERT_EQ(px.colour, attractors.at(px.attractor % attractors.size()).get<std::string>()) << px.attractor;
    seen.insert(px.attractor);
  }
  EXPECT_GE(seen.size(), 3u);  // the two minimizers and the saddle
}

}  // namespace
