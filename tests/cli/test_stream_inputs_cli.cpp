// Maps read by streaming: `dimension`, `uncertainty` and `preimages --kind quotient-copies` give
// what the whole-map computations give, refuse a FIFO or a truncated array with one line (and
// without hanging), and check memory for their own work before doing it.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"
#include "gdchaos/analysis/basin_entropy.hpp"
#include "gdchaos/analysis/box_counting.hpp"
#include "gdchaos/analysis/outcome_map.hpp"
#include "gdchaos/analysis/preimages.hpp"
#include "gdchaos/analysis/uncertainty.hpp"
#include "gdchaos/io/npy.hpp"
#include "gdchaos/core/memory_budget.hpp"

namespace fs = std::filesystem;
using gdchaos::testing::CliResult;
using gdchaos::testing::slurp;
using nlohmann::json;

namespace {

class StreamInputsCli : public gdchaos::testing::CliTest {
 protected:
  // Like run(), under `timeout`: a command that blocks (e.g. on a FIFO) exits 124 instead of hanging.
  CliResult run_bounded(const std::string& args, int seconds = 60) const {
    const auto out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    const std::string cmd = "timeout " + std::to_string(seconds) + " " + std::string(GDCHAOS_CLI) + " " + args + " >" +
                            out.string() + " 2>" + err.string() + " </dev/null";
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
  }
  void expect_one_line_error(const CliResult& r, const std::string& mentions, const std::string& what) const {
    EXPECT_EQ(r.code, 2) << what << "\n" << r.err;  // 124 would mean it hung
    EXPECT_EQ(r.err_lines(), 1) << what << "\n" << r.err;
    EXPECT_NE(r.err.find(mentions), std::string::npos) << what << "\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << what << "\n" << r.out;
  }
  fs::path copy_of(const fs::path& map, const std::string& name) const {
    const auto d = dir_ / name;
    fs::create_directories(d);
    for (const char* f : {"meta.json", "status.npy", "attractor.npy"}) fs::copy_file(map / f, d / f);
    return d;
  }
};

gdchaos::LabelImage whole_image(const fs::path& map) {
  const auto s = gdchaos::npy::read(map / "status.npy");
  const auto a = gdchaos::npy::read(map / "attractor.npy");
  gdchaos::LabelImage im;
  im.height = s.shape[0];
  im.width = s.shape[1];
  for (double v : s.data) im.status.push_back(static_cast<std::uint8_t>(v));
  for (double v : a.data) im.attractor.push_back(static_cast<std::int16_t>(v));
  return im;
}

void expect_same_dimension(const json& j, const gdchaos::DimensionEstimate& e) {
  ASSERT_EQ(j["counts"].size(), e.counts.size());
  for (std::size_t k = 0; k < e.counts.size(); ++k) {
    EXPECT_EQ(j["counts"][k]["box_size"], e.counts[k].box_size);
    EXPECT_EQ(j["counts"][k]["count"], e.counts[k].count);
    EXPECT_EQ(j["counts"][k]["per_offset"], json(e.counts[k].per_offset));
  }
  EXPECT_EQ(j["boundary_pixels"], e.boundary_pixels);
  EXPECT_EQ(j["isolated_pixels"], e.isolated_pixels);
  if (e.supported) {
    // JSON numbers round-trip doubles exactly.
    EXPECT_EQ(j["dimension"].get<double>(), e.dimension);
    EXPECT_EQ(j["ci"][0].get<double>(), e.ci_lo);
    EXPECT_EQ(j["ci"][1].get<double>(), e.ci_hi);
    EXPECT_EQ(j["fit_range"], json({e.fit_lo, e.fit_hi}));
  } else {
    EXPECT_TRUE(j["dimension"].is_null());
  }
}

}  // namespace

TEST_F(StreamInputsCli, DimensionEqualsTheWholeMapComputation) {
  // A quotient-plane render: status 4 outside the domain, two minimizers, a fractal boundary.
  const auto q = render("q", "--y 0.5 --lambda 0.2 --eta 1 --plane quotient --window -1.5,2.5,0,6 --res 200,173");
  const auto image = whole_image(q);
  for (const char* boundary : {"converged", "label", "attractor:0"}) {
    SCOPED_TRACE(boundary);
    const auto r = run("dimension " + q.string() + " --quiet --boundary " + boundary + " --plot " +
                       (dir_ / (std::string("p") + boundary[0] + ".png")).string());
    ASSERT_TRUE(r.code == 0 || r.code == 3) << r.err;
    const auto j = json::parse(r.out);
    expect_same_dimension(j, gdchaos::box_counting_dimension(image, gdchaos::BoundarySelection::parse(boundary)));
    std::int64_t undecided = 0;
    for (auto s : image.status) undecided += s == 0;
    EXPECT_EQ(j["undecided_pixels"], undecided);
  }
}

TEST_F(StreamInputsCli, UncertaintyEntropyEqualsTheWholeMapComputation) {
  const auto map = render("m", "--y 0.5 --lambda 0.2 --eta 1 --window -4,4,-4,4 --res 97,83");
  const auto whole = gdchaos::read_outcome_map(map);
  for (const char* boundary : {"outcome", "convergence"}) {
    SCOPED_TRACE(boundary);
    const auto r = run("uncertainty " + map.string() + " --samples 200 --eps-count 3 --bootstrap 0 --box 6 --quiet --boundary " +
                       boundary);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = json::parse(r.out);
    std::vector<int> labels(whole.labels.size());
    for (std::size_t k = 0; k < labels.size(); ++k)
      labels[k] = gdchaos::comparison_label(whole.status[k], whole.attractor[k], std::string(boundary) == "convergence");
    const auto e = gdchaos::basin_entropy(labels, whole.width, whole.height, 6);
    EXPECT_EQ(j["S_b"].get<double>(), e.entropy);
    EXPECT_EQ(j["S_bb"].get<double>(), e.boundary_entropy);
    EXPECT_EQ(j["basin_entropy"]["boxes"], e.boxes);
    EXPECT_EQ(j["basin_entropy"]["boundary_boxes"], e.boundary_boxes);
    EXPECT_EQ(j["basin_entropy"]["outcomes"], e.outcomes);
    EXPECT_EQ(j["basin_entropy"]["pixels"], e.pixels);
    EXPECT_GT(e.boundary_boxes, 0);
  }
}

TEST_F(StreamInputsCli, AFifoInPlaceOfAnInputIsRefusedWithoutHanging) {
  const auto map = render("m", "--y 1 --eta 0.5 --res 16");
  const auto q = render("q", "--y 0.5 --lambda 0.2 --eta 1 --plane quotient --window -1.5,2.5,0,6 --res 24");
  int n = 0;  // directory names must not hold the file names the messages are checked for
  for (const char* file : {"status.npy", "attractor.npy", "meta.json"}) {
    SCOPED_TRACE(file);
    const auto d = copy_of(map, "fifo" + std::to_string(n++));
    fs::remove(d / file);
    ASSERT_EQ(::mkfifo((d / file).c_str(), 0600), 0) << std::strerror(errno);
    expect_one_line_error(run_bounded("uncertainty " + d.string() + " --samples 100 --quiet"), file, "uncertainty");
    if (std::string(file) != "attractor.npy")  // the converged boundary does not read attractor.npy
      expect_one_line_error(run_bounded("dimension " + d.string() + " --quiet"), file, "dimension");
    else
      expect_one_line_error(run_bounded("dimension " + d.string() + " --boundary label --quiet"), file, "dimension");
  }
  const auto dq = copy_of(q, "fifoq");
  fs::remove(dq / "status.npy");
  ASSERT_EQ(::mkfifo((dq / "status.npy").c_str(), 0600), 0);
  const auto out = dir_ / "copies.npy";
  expect_one_line_error(run_bounded("preimages --kind quotient-copies --from " + dq.string() + " --quiet --out " + out.string()),
                        "status.npy", "preimages");
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(StreamInputsCli, ATruncatedOrCorruptArrayIsOneLine) {
  const auto map = render("m", "--y 1 --eta 0.5 --res 40");
  const auto q = render("q", "--y 0.5 --lambda 0.2 --eta 1 --plane quotient --window -1.5,2.5,0,6 --res 40");
  const auto info = gdchaos::npy::read_info(map / "status.npy");
  int n = 0;  // directory names must not hold the file names the messages are checked for
  for (const char* file : {"status.npy", "attractor.npy"}) {
    SCOPED_TRACE(file);
    const auto d = copy_of(map, "short" + std::to_string(n));
    fs::resize_file(d / file, static_cast<std::uintmax_t>(info.data_offset + 100));  // a few rows of data
    expect_one_line_error(run_bounded("uncertainty " + d.string() + " --samples 100 --quiet"), file, "uncertainty");
    expect_one_line_error(run_bounded("dimension " + d.string() + " --boundary label --quiet"), file, "dimension");
    // A header whose shape claims far more than the file holds: refused, not allocated.
    const auto h = copy_of(map, "huge" + std::to_string(n++));
    std::string bytes = slurp(h / file);
    const auto at = bytes.find("(40, 40)");
    ASSERT_NE(at, std::string::npos);
    bytes.replace(at, 8, "(4000000000, 40000)");
    bytes.erase(bytes.find('\n') - 11, 11);  // keep the header length
    std::ofstream(h / file, std::ios::binary | std::ios::trunc) << bytes;
    expect_one_line_error(run_bounded("uncertainty " + h.string() + " --samples 100 --quiet"), file, "uncertainty");
    expect_one_line_error(run_bounded("dimension " + h.string() + " --boundary label --quiet"), file, "dimension");
  }
  const auto dq = copy_of(q, "shortq");
  fs::resize_file(dq / "status.npy", static_cast<std::uintmax_t>(info.data_offset + 100));
  const auto out = dir_ / "copies.npy";
  expect_one_line_error(run_bounded("preimages --kind quotient-copies --from " + dq.string() + " --quiet --out " + out.string()),
                        "status.npy", "preimages");
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(StreamInputsCli, QuotientCopiesHonourMaxPoints) {
  const auto q = render("q", "--y 0.5 --lambda 0.2 --eta 1 --plane quotient --window -1.5,2.5,0,6 --res 96");
  const auto all = dir_ / "all.npy", few = dir_ / "few.npy";
  auto r = run("preimages --kind quotient-copies --from " + q.string() + " --quiet --out " + all.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const auto ja = json::parse(r.out);
  EXPECT_FALSE(ja["capped"].get<bool>());
  ASSERT_GT(ja["points"].get<int>(), 50);
  r = run("preimages --kind quotient-copies --from " + q.string() + " --max-points 50 --quiet --out " + few.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const auto jf = json::parse(r.out);
  EXPECT_TRUE(jf["capped"].get<bool>());
  EXPECT_EQ(jf["points"], 50);
  EXPECT_EQ(jf["boundary_pixels"], ja["boundary_pixels"]);  // the whole map was still scanned
  const auto a = gdchaos::npy::read(all), f = gdchaos::npy::read(few);
  ASSERT_EQ(f.shape, (std::vector<std::int64_t>{50, 3}));
  EXPECT_TRUE(std::equal(f.data.begin(), f.data.end(), a.data.begin()));  // the first 50 rows
}

TEST_F(StreamInputsCli, MemoryIsCheckedByTheCommandsBeforeWork) {
  const std::int64_t spare = gdchaos::physical_memory_bytes() * 7 / 10;
  // uncertainty: the runs of 2^31 samples × 200 eps (about 1.3 TB) are refused before any run.
  const auto map = render("m", "--y 1 --eta 0.5 --res 16");
  auto r = run_bounded("uncertainty " + map.string() + " --samples 2147483648 --eps-count 200 --quiet", 30);
  expect_one_line_error(r, "MiB", "uncertainty");
  EXPECT_NE(r.err.find("2147483648 samples"), std::string::npos) << r.err;
  // sensitivity: 1000 radii × 4096² starts; nothing is written.
  std::string radii;
  for (int k = 0; k < 1000; ++k) {
    if (k > 0) radii += ',';
    radii += std::to_string(1e-3 / (k + 1));
  }
  const auto out = dir_ / "sens";
  r = run_bounded("sensitivity --y 1 --data-coef 1 --eta 0.45 --side 4096 --radii " + radii + " --out " + out.string(), 30);
  expect_one_line_error(r, "MiB", "sensitivity");
  EXPECT_FALSE(fs::exists(out));
  // preimages: the largest --max-points, where this machine cannot hold it.
  gdchaos::BackwardOptions most;
  most.max_points = 200'000'000;
  if (most.max_points * 24 + gdchaos::backward_curves_memory_bytes(most) <= spare)
    GTEST_SKIP() << "this machine holds --max-points 200000000";
  const auto npy = dir_ / "saddle.npy";
  r = run_bounded("preimages --y 1 --data-coef 1 --eta 0.45 --kind saddle --depth 2 --max-points 200000000 --out " +
                      npy.string(),
                  30);
  expect_one_line_error(r, "--max-points", "preimages");
  EXPECT_FALSE(fs::exists(npy));
}
