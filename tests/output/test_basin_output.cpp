// The streamed output (band by band) is the render, exactly.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gdchaos/output/basin_image.hpp"
#include "gdchaos/io/npy.hpp"
#include "gdchaos/io/png.hpp"
#include "gdchaos/output/basin_output.hpp"

using namespace gdchaos;
namespace fs = std::filesystem;

TEST(Output, StreamedBandsEqualTheRenderInMemory) {
  // 1536×1024 pixels: more than one band of about 2^20 pixels, and both minimizers and the saddle
  auto job = basin_job_from_recipe({{"y", 0.5}, {"lambda", 0.2}, {"eta", 1}, {"window", "-4,4,-2.5,3"},
                                    {"res", "1536,1024"}, {"color", "attractor"}});
  const auto map = job.render();
  ASSERT_GE(map.attractors.size(), 2u);
  const fs::path dir = fs::temp_directory_path() / ("gdchaos_output_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  OutputDir out(dir, false);
  const auto meta = write_basin_output(out, job, render_bands(job));
  out.commit();
  auto read = [&](const char* name) { return npy::read(dir / name).data; };
  const auto status = read("status.npy"), attractor = read("attractor.npy"), norm2 = read("norm2.npy"),
             steps = read("steps.npy");
  for (std::int64_t px = 0; px < map.pixels(); ++px) {
    ASSERT_EQ(status[px], map.status[px]) << px;
    ASSERT_EQ(attractor[px], map.attractor[px]) << px;
    ASSERT_EQ(steps[px], map.steps[px]) << px;
    if (is_converged(map.at(px / map.width, px % map.width))) {
      ASSERT_EQ(static_cast<float>(norm2[px]), map.field("norm2")[px]);
    }
  }
  EXPECT_EQ(meta["attractors"].size(), map.attractors.size());
  EXPECT_EQ(meta["counts"]["converged"].get<std::int64_t>(), map.counts[1]);
  // basin.png: β upward, every pixel its colour
  std::int64_t w = 0, h = 0;
  const auto png = png::read(dir / "basin.png", w, h);
  ASSERT_EQ(w, map.width);
  ASSERT_EQ(h, map.height);
  for (std::int64_t i = 0; i < h; ++i)
    for (std::int64_t j = 0; j < w; ++j) {
      const std::int64_t px = i * w + j;
      ASSERT_EQ(png[(h - 1 - i) * w + j], pixel_colour("attractor", {}, map.at(i, j), map.attractor[px], 0.0)) << i << "," << j;
    }
  fs::remove_all(dir);
}

namespace {
// A band of `rows` rows in which every pixel converged (same values everywhere), ids −1.
BasinMap converged_band(std::int64_t width, std::int64_t rows) {
  BasinMap band;
  band.width = width, band.height = rows;
  const auto n = static_cast<std::size_t>(band.pixels());
  band.status.assign(n, 1);
  band.steps.assign(n, 16);
  for (const char* name : {"loss", "norm2", "sharpness", "imbalance"}) {
    band.fields.push_back({name, {}});
    band.fields.back().values.assign(n, 0.5f);
  }
  band.attractor.assign(n, -1);
  band.counts[1] = band.pixels();
  band.engine = "exact";
  return band;
}
}  // namespace

TEST(Output, AttractorIdsAreRewrittenToTheCanonicalOrderInEveryBand) {
  // A band source whose first band sees only the larger of two limits, so its local id 0 must
  // become canonical id 1 in the file, while the second band's ids are already canonical.
  const std::int64_t W = 4096, H = 300;  // bands of 2^20 / 4096 = 256 rows: two bands
  auto job = basin_job_from_recipe({{"y", 0.5}, {"lambda", 0.2}, {"eta", 1}, {"res", "4096,300"}, {"color", "attractor"}});
  const std::vector<double> A = {-0.5, -0.5}, B = {0.5, 0.5};
  int calls = 0;
  BandSource bands = [&](std::int64_t r0, std::int64_t r1) {
    BasinMap band = converged_band(W, r1 - r0);
    const auto n = static_cast<std::size_t>(band.pixels());
    if (calls++ == 0) {
      band.attractors = {B};
      std::fill(band.attractor.begin(), band.attractor.end(), 0);
    } else {
      band.attractors = {A, B};
      for (std::size_t k = 0; k < n; ++k) band.attractor[k] = static_cast<std::int16_t>(k % 2);
    }
    return band;
  };
  const fs::path dir = fs::temp_directory_path() / ("gdchaos_output_ids_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  OutputDir out(dir, false);
  const auto meta = write_basin_output(out, job, bands);
  out.commit();
  ASSERT_EQ(calls, 2);
  ASSERT_EQ(meta["attractors"].size(), 2u);
  EXPECT_EQ(meta["attractors"][0].get<std::vector<double>>(), A);
  EXPECT_EQ(meta["attractors"][1].get<std::vector<double>>(), B);
  const auto ids = npy::read(dir / "attractor.npy").data;
  const std::int64_t first_band = (std::int64_t{1} << 20) / W * W;
  for (std::int64_t px = 0; px < W * H; ++px) {
    const double expected = px < first_band ? 1.0 : static_cast<double>((px - first_band) % 2);
    ASSERT_EQ(ids[px], expected) << "pixel " << px;
  }
  fs::remove_all(dir);
}

TEST(Output, AContinuumInOneBandMakesEveryIdMinusOne) {
  // The first band's limits overflowed its table (more than 64 points: a continuum), so its ids
  // are −1; the second band sees only two limits. The map as a whole has a continuum of limits:
  // no attractor list, and −1 everywhere, also where the second band had ids.
  const std::int64_t W = 4096, H = 300;  // two bands of 256 and 44 rows
  auto job = basin_job_from_recipe({{"y", 0.5}, {"lambda", 0.2}, {"eta", 1}, {"res", "4096,300"}, {"color", "attractor"}});
  int calls = 0;
  BandSource bands = [&](std::int64_t r0, std::int64_t r1) {
    BasinMap band = converged_band(W, r1 - r0);
    const auto n = static_cast<std::size_t>(band.pixels());
    if (calls++ == 0) {
      band.attractors_overflowed = true;
    } else {
      band.attractors = {{-0.5, -0.5}, {0.5, 0.5}};
      for (std::size_t k = 0; k < n; ++k) band.attractor[k] = static_cast<std::int16_t>(k % 2);
    }
    return band;
  };
  const fs::path dir = fs::temp_directory_path() / ("gdchaos_output_continuum_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  OutputDir out(dir, false);
  const auto meta = write_basin_output(out, job, bands);
  out.commit();
  ASSERT_EQ(calls, 2);
  EXPECT_TRUE(meta["attractors"].empty()) << meta["attractors"].dump();
  const auto ids = npy::read(dir / "attractor.npy").data;
  ASSERT_EQ(static_cast<std::int64_t>(ids.size()), W * H);
  for (std::int64_t px = 0; px < W * H; ++px) ASSERT_EQ(ids[px], -1.0) << "pixel " << px;
  fs::remove_all(dir);
}

namespace {

// The writer takes bands in any order: a map written bottom band first, or shuffled, is the same
// bytes as one written in order (the contract a server's tiles and an MPI job's ranks rely on).
TEST(BasinWriter, BandsInAnyOrderWriteTheSameFiles) {
  auto job = basin_job_from_recipe({{"y", 0.5}, {"lambda", 0.2}, {"eta", 1}, {"res", "2048,1100"}, {"color", "norm2"}});
  const fs::path root = fs::temp_directory_path() / ("gdchaos_writer_order_" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "in_order");
  fs::create_directories(root / "shuffled");
  const auto bands = render_bands(job);
  std::vector<nlohmann::json> metas;
  for (const char* name : {"in_order", "shuffled"}) {
    BasinWriter writer(root / name, job);
    const std::int64_t H = job.grid.height, rows = writer.band_rows();
    ASSERT_LT(rows, H / 2) << "the test needs several bands";
    std::vector<std::int64_t> starts;
    for (std::int64_t r0 = 0; r0 < H; r0 += rows) starts.push_back(r0);
    if (std::string(name) == "shuffled") std::rotate(starts.begin(), starts.begin() + 1, starts.end()), std::reverse(starts.begin(), starts.end());
    for (auto r0 : starts) writer.write_rows(r0, bands(r0, std::min(H, r0 + rows)));
    metas.push_back(writer.finish());
  }
  for (const auto& entry : fs::directory_iterator(root / "in_order")) {
    const auto other = root / "shuffled" / entry.path().filename();
    std::ifstream a(entry.path(), std::ios::binary), b(other, std::ios::binary);
    const std::string sa((std::istreambuf_iterator<char>(a)), {}), sb((std::istreambuf_iterator<char>(b)), {});
    EXPECT_EQ(sa, sb) << entry.path().filename();
  }
  EXPECT_TRUE(fs::exists(root / "shuffled" / "basin.png"));
  for (auto& m : metas) m.erase("wall_seconds");
  EXPECT_EQ(metas[0], metas[1]);
  EXPECT_GE(metas[0]["attractors"].size(), 2u);
  fs::remove_all(root);
}

TEST(BasinWriter, EveryRowExactlyOnce) {
  auto job = basin_job_from_recipe({{"y", 0.5}, {"eta", 1}, {"res", "16,4"}});
  const fs::path dir = fs::temp_directory_path() / ("gdchaos_writer_rows_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto bands = render_bands(job);
  {
    BasinWriter writer(dir, job);
    writer.write_rows(0, bands(0, 2));
    EXPECT_THROW(writer.write_rows(1, bands(1, 3)), std::invalid_argument);  // row 1 again
    EXPECT_THROW(writer.finish(), std::invalid_argument);                   // rows 2, 3 missing
  }
  // An unfinished writer leaves its arrays with the checkpoint that says which rows they hold:
  // a writer on the same directory takes those over and asks for the rest.
  ASSERT_TRUE(fs::exists(dir / ".gdchaos-checkpoint.jsonl"));
  {
    BasinWriter again(dir, job);
    EXPECT_EQ(again.rows_done(), 2);
    using Rows = std::vector<std::pair<std::int64_t, std::int64_t>>;
    EXPECT_EQ(again.missing_rows(), (Rows{{2, 4}}));
    EXPECT_THROW(again.write_rows(0, bands(0, 1)), std::invalid_argument);  // taken over already
    again.write_rows(2, bands(2, 4));
    again.finish();
  }
  EXPECT_FALSE(fs::exists(dir / ".gdchaos-checkpoint.jsonl")) << "a finished output keeps no checkpoint";
  fs::remove_all(dir);
}

}  // namespace
