// BasinReader: what BasinWriter wrote, read back in bands of any height, bit for bit; bad
// directories and files refused with an InputError naming the file, before or while reading.
#include <sys/stat.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/io/npy.hpp"
#include "gdchaos/output/basin_output.hpp"
#include "gdchaos/output/basin_reader.hpp"
#include "scratch_dir.hpp"

using namespace gdchaos;
namespace fs = std::filesystem;

namespace {

class BasinReaderTest : public gdchaos::testing::ScratchDirTest {
 protected:
  // A 40×24 render with both minimizers, the saddle's basin and divergence.
  fs::path render(const std::string& name = "map") {
    const auto dir = dir_ / name;
    const auto job = basin_job_from_recipe({{"y", 0.5}, {"lambda", 0.2}, {"eta", 1}, {"res", "40,24"}});
    OutputDir out(dir, false);
    write_basin_output(out, job, render_bands(job));
    out.commit();
    return dir;
  }
  // The message of the InputError `f` throws (fails the test when it throws none).
  template <class F>
  std::string input_error(F&& f) {
    try {
      f();
    } catch (const InputError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no InputError";
    return {};
  }
};

template <class T, class Read>
std::vector<T> in_bands(std::int64_t width, std::int64_t height, std::int64_t band, Read read) {
  std::vector<T> all;
  for (std::int64_t first = 0; first < height; first += band) {
    const auto rows = std::min(band, height - first);
    std::vector<T> part(static_cast<std::size_t>(rows * width));
    read(first, rows, std::span<T>(part));
    all.insert(all.end(), part.begin(), part.end());
  }
  return all;
}

bool same_or_both_nan(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

TEST_F(BasinReaderTest, ReadsEveryArrayInBandsAsWritten) {
  const auto dir = render();
  BasinReader map(dir);
  EXPECT_EQ(map.width(), 40);
  EXPECT_EQ(map.height(), 24);
  EXPECT_EQ(map.dir(), dir);
  EXPECT_EQ(map.meta()["command"], "basin");
  const auto names = map.arrays();
  for (const char* n : {"status", "steps", "attractor", "loss", "norm2", "sharpness", "imbalance"})
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;

  const auto whole = [&](const char* name) { return npy::read(dir / (std::string(name) + ".npy")).data; };
  const auto status = whole("status"), attractor = whole("attractor");
  bool saw_attractor = false, saw_nan = false;
  for (const std::int64_t band : {1, 5, 24}) {
    SCOPED_TRACE(band);
    const auto s = in_bands<std::uint8_t>(40, 24, band, [&](auto f, auto n, auto out) { map.read_status(f, n, out); });
    const auto a = in_bands<std::int16_t>(40, 24, band, [&](auto f, auto n, auto out) { map.read_attractor(f, n, out); });
    ASSERT_EQ(s.size(), status.size());
    ASSERT_EQ(a.size(), attractor.size());
    for (std::size_t k = 0; k < s.size(); ++k) {
      ASSERT_EQ(s[k], status[k]) << k;
      ASSERT_EQ(a[k], attractor[k]) << k;
      saw_attractor = saw_attractor || a[k] >= 1;
    }
    for (const char* field : {"norm2", "sharpness", "steps"}) {
      const auto want = whole(field);
      const auto got = in_bands<double>(40, 24, band, [&](auto f, auto n, auto out) { map.read_field(field, f, n, out); });
      ASSERT_EQ(got.size(), want.size()) << field;
      for (std::size_t k = 0; k < got.size(); ++k) {
        ASSERT_TRUE(same_or_both_nan(got[k], want[k])) << field << " " << k;
        saw_nan = saw_nan || std::isnan(got[k]);
      }
    }
  }
  EXPECT_TRUE(saw_attractor);  // two minimizers: ids 0 and 1 both occur
  EXPECT_TRUE(saw_nan);        // diverged pixels have no limit
}

TEST_F(BasinReaderTest, BandRowsStayWithinTheBudgetAndTheMap) {
  BasinReader map(render());
  EXPECT_EQ(map.band_rows(1, 40 * 7), 7);
  EXPECT_EQ(map.band_rows(7, 1), 1);                      // at least one row
  EXPECT_EQ(map.band_rows(1), 24);                        // never more rows than the map
  EXPECT_EQ(map.band_rows(0, 40 * 3), 3);                 // a pixel costs at least a byte
}

TEST_F(BasinReaderTest, ArraysAreOpenedOnlyWhenAsked) {
  // The status alone needs no attractor.npy; asking for it then names the missing file.
  const auto dir = render();
  fs::remove(dir / "attractor.npy");
  fs::remove(dir / "norm2.npy");
  BasinReader map(dir);
  std::vector<std::uint8_t> s(40);
  map.read_status(3, 1, s);
  EXPECT_NE(input_error([&] { map.open("attractor"); }).find("attractor.npy"), std::string::npos);
  std::vector<double> f(40);
  EXPECT_NE(input_error([&] { map.read_field("norm2", 0, 1, f); }).find("norm2.npy"), std::string::npos);
}

TEST_F(BasinReaderTest, ANameMustBeAnArrayOfTheDirectory) {
  const auto dir = render();
  std::ofstream(dir_ / "secret.npy") << "outside the map";
  BasinReader map(dir);
  for (const char* name : {"../secret", "nothing", "", "meta.json", "/etc/passwd"})
    EXPECT_NE(input_error([&] { map.open(name); }).find("lists no array"), std::string::npos) << name;
  map.open("sharpness");  // listed: fine
}

TEST_F(BasinReaderTest, ABadDirectoryOrMetaJsonIsRefused) {
  EXPECT_NE(input_error([&] { BasinReader r(dir_ / "absent"); }).find("not a directory"), std::string::npos);
  const auto dir = render();
  const auto meta = dir / "meta.json";
  const auto text = [&] { std::ifstream in(meta); return std::string(std::istreambuf_iterator<char>(in), {}); }();
  std::ofstream(meta) << R"({"grid": {}})";
  EXPECT_NE(input_error([&] { BasinReader r(dir); }).find("recipe"), std::string::npos);
  std::ofstream(meta) << "{\"recipe\": ";
  EXPECT_NE(input_error([&] { BasinReader r(dir); }).find("meta.json"), std::string::npos);
  auto j = nlohmann::json::parse(text);
  j["recipe"]["res"] = {40, 25};
  std::ofstream(meta) << j.dump();
  EXPECT_NE(input_error([&] { BasinReader r(dir); }).find("res"), std::string::npos);
  fs::remove(meta);
  ASSERT_EQ(::mkfifo(meta.c_str(), 0600), 0);  // refused, not waited on
  EXPECT_NE(input_error([&] { BasinReader r(dir); }).find("meta.json"), std::string::npos);
}

TEST_F(BasinReaderTest, ArraysOfTheWrongShapeOrValuesAreRefused) {
  const auto dir = render();
  {
    const std::vector<std::uint8_t> flat(40 * 24, 1);
    npy::write<std::uint8_t>(dir / "status.npy", flat, {40 * 24});
    EXPECT_NE(input_error([&] { BasinReader r(dir); }).find("2-D"), std::string::npos);
  }
  {
    std::vector<std::uint8_t> status(40 * 24, 1);
    status[41] = 5;  // row 1
    npy::write<std::uint8_t>(dir / "status.npy", status, {24, 40});
    BasinReader map(dir);
    std::vector<std::uint8_t> row(40);
    map.read_status(0, 1, row);
    EXPECT_NE(input_error([&] { map.read_status(1, 1, row); }).find("not a status"), std::string::npos);
  }
  {
    std::vector<std::int16_t> ids(40 * 24, 0);
    ids.back() = -2;
    npy::write<std::int16_t>(dir / "attractor.npy", ids, {24, 40});
    BasinReader map(dir);
    std::vector<std::int16_t> all(ids.size());
    EXPECT_NE(input_error([&] { map.read_attractor(0, 24, all); }).find("not an attractor id"), std::string::npos);
  }
  {
    const std::vector<float> norm2(40 * 23, 1.0f);
    npy::write<float>(dir / "norm2.npy", norm2, {23, 40});
    BasinReader map(dir);
    const auto what = input_error([&] { map.open("norm2"); });
    EXPECT_NE(what.find("norm2.npy"), std::string::npos) << what;
    EXPECT_NE(what.find("[23, 40]"), std::string::npos) << what;
  }
}

}  // namespace
