// The data sources: published facts about the packaged sets, the preparation's properties, and
// every promised one-line refusal.
#include "gdchaos/data/dataset.hpp"

#include <zip.h>
#include <zlib.h>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/io/npy.hpp"
#include "scratch_dir.hpp"

namespace gdchaos {
namespace {

using testing::ScratchDirTest;

std::string refusal(const DataRequest& r) {
  try {
    load_dataset(r);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

DataRequest request(const std::string& source, int samples = 0, int downsample = 1, bool standardize = true) {
  DataRequest r;
  r.source = source, r.samples = samples, r.downsample = downsample, r.standardize = standardize;
  return r;
}

TEST(Dataset, FashionMnistHoldsSixThousandOfEachTrainingClass) {
  const auto d = load_dataset(request("fashion-mnist:0,1"));
  EXPECT_EQ(d.n, 12000);
  EXPECT_EQ(d.p, 784);
  int plus = 0;
  for (double y : d.y) {
    ASSERT_TRUE(y == 1 || y == -1);
    plus += y == 1;
  }
  EXPECT_EQ(plus, 6000);
  const auto test = load_dataset(request("fashion-mnist-test:3,9"));
  EXPECT_EQ(test.n, 2000);  // 1000 a class among the 10 000 test images
}

TEST(Dataset, DigitsHoldTheirPublishedClassCounts) {
  // sklearn's digits: 178 zeros and 182 ones among 1797 8×8 images
  const auto d = load_dataset(request("digits:0,1"));
  EXPECT_EQ(d.n, 360);
  EXPECT_EQ(d.p, 64);
  int minus = 0;
  for (double y : d.y) minus += y == -1;
  EXPECT_EQ(minus, 178);
}

TEST(Dataset, PixelsAreScaledAndPooledByBlockAverages) {
  const auto full = load_dataset(request("fashion-mnist:2,5", 40, 1, false));
  const auto pooled = load_dataset(request("fashion-mnist:2,5", 40, 4, false));
  ASSERT_EQ(pooled.p, 49);
  ASSERT_EQ(pooled.n, 40);
  EXPECT_EQ(full.y, pooled.y);
  for (int i = 0; i < 40; ++i)
    for (int r = 0; r < 7; ++r)
      for (int c = 0; c < 7; ++c) {
        double sum = 0;
        for (int dr = 0; dr < 4; ++dr)
          for (int dc = 0; dc < 4; ++dc) sum += full.X[i * 784 + (4 * r + dr) * 28 + 4 * c + dc];
        EXPECT_NEAR(pooled.X[i * 49 + r * 7 + c], sum / 16, 1e-15);
      }
  for (double x : full.X) {
    ASSERT_GE(x, 0);
    ASSERT_LE(x, 1);
    ASSERT_NEAR(x * 255, std::round(x * 255), 1e-9);  // a byte / 255
  }
}

TEST(Dataset, StandardizedFeaturesHaveMeanZeroAndUnitOrZeroVariance) {
  const auto d = load_dataset(request("fashion-mnist:0,1", 300, 2));
  ASSERT_EQ(d.p, 196);
  int constant = 0;
  for (int j = 0; j < d.p; ++j) {
    double mean = 0, var = 0;
    for (int i = 0; i < d.n; ++i) mean += d.X[i * d.p + j];
    mean /= d.n;
    for (int i = 0; i < d.n; ++i) var += (d.X[i * d.p + j] - mean) * (d.X[i * d.p + j] - mean);
    var /= d.n;
    EXPECT_NEAR(mean, 0, 1e-12);
    if (var == 0) ++constant;
    else EXPECT_NEAR(var, 1, 1e-12);
  }
  EXPECT_LT(constant, d.p / 4);
  EXPECT_EQ((*d.description)["standardize"], true);
}

TEST(Dataset, GaussianDataIsReproducibleFromItsSeed) {
  DataRequest r = request("gaussian", 200);
  r.features = 5, r.seed = 7;
  const auto a = load_dataset(r), b = load_dataset(r);
  EXPECT_EQ(a.X, b.X);
  EXPECT_EQ(a.y, b.y);
  ASSERT_EQ(a.X.size(), 1000u);
  r.seed = 8;
  EXPECT_NE(load_dataset(r).X, a.X);
  double mean = 0, m2 = 0;
  for (double x : a.X) mean += x, m2 += x * x;
  mean /= 1000, m2 /= 1000;
  EXPECT_NEAR(mean, 0, 0.15);  // 5 standard errors
  EXPECT_NEAR(m2, 1, 0.25);
}

TEST(Dataset, RefusesUnknownSourcesAndClasses) {
  EXPECT_NE(refusal(request("cifar10:0,1")).find("unknown source"), std::string::npos);
  EXPECT_NE(refusal(request("fashion-mnist:0,12")).find("class '12' is not one of 0…9"), std::string::npos);
  EXPECT_NE(refusal(request("fashion-mnist:3,3")).find("must differ"), std::string::npos);
  EXPECT_NE(refusal(request("digits:1")).find("class pair"), std::string::npos);
  EXPECT_NE(refusal(request("fashion-mnist:0,1", 20000)).find("holds only 12000"), std::string::npos);
  EXPECT_NE(refusal(request("fashion-mnist:0,1", 10, 3)).find("does not divide"), std::string::npos);
  EXPECT_NE(refusal(request("gaussian")).find("`samples` must be >= 1"), std::string::npos);
}

class DatasetFiles : public ScratchDirTest {
 protected:
  void TearDown() override {
    ::unsetenv("GDCHAOS_DATA_ROOT");
    ScratchDirTest::TearDown();
  }
  void write_gzip(const std::filesystem::path& path, const std::string& bytes, std::size_t keep = std::string::npos) {
    const auto tmp = path.string() + ".tmp";
    gzFile f = gzopen(tmp.c_str(), "wb");
    gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(f);
    std::ifstream in(tmp, std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(in)), {});
    std::ofstream(path, std::ios::binary) << all.substr(0, std::min(keep, all.size()));
    std::filesystem::remove(tmp);
  }
  // An archive of the given .npy files (name → path), as numpy.savez writes one.
  void write_npz(const std::filesystem::path& archive, const std::vector<std::pair<std::string, std::filesystem::path>>& members) {
    int error = 0;
    zip_t* z = zip_open(archive.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    ASSERT_NE(z, nullptr);
    for (const auto& [name, path] : members) {
      zip_source_t* src = zip_source_file(z, path.c_str(), 0, -1);
      ASSERT_NE(src, nullptr);
      ASSERT_GE(zip_file_add(z, (name + ".npy").c_str(), src, ZIP_FL_OVERWRITE), 0);
    }
    ASSERT_EQ(zip_close(z), 0);
  }
};

TEST_F(DatasetFiles, AMissingPackageNamesIt) {
  ::setenv("GDCHAOS_DATA_ROOT", dir_.c_str(), 1);
  EXPECT_NE(refusal(request("fashion-mnist:0,1")).find("apt-get install dataset-fashion-mnist"), std::string::npos);
  EXPECT_NE(refusal(request("digits:0,1")).find("apt-get install python3-sklearn"), std::string::npos);
}

TEST_F(DatasetFiles, MalformedImageFilesAreRefused) {
  ::setenv("GDCHAOS_DATA_ROOT", dir_.c_str(), 1);
  std::filesystem::create_directories(dir_ / "fashion-mnist");
  const auto images = dir_ / "fashion-mnist" / "train-images-idx3-ubyte.gz";
  const auto labels = dir_ / "fashion-mnist" / "train-labels-idx1-ubyte.gz";
  const std::string header_images("\0\0\x08\x03\0\0\0\x02\0\0\0\x02\0\0\0\x02", 16);
  const std::string header_labels("\0\0\x08\x01\0\0\0\x02", 8);
  write_gzip(images, header_images + std::string(8, '\x10'));
  write_gzip(labels, header_labels + std::string("\x00\x01", 2));
  const auto tiny = load_dataset(request("fashion-mnist:0,1", 0, 1, false));  // the well-formed two
  EXPECT_EQ(tiny.n, 2);
  EXPECT_EQ(tiny.p, 4);
  EXPECT_DOUBLE_EQ(tiny.X[0], 16.0 / 255);
  write_gzip(labels, header_labels + std::string("\x00", 1));
  EXPECT_NE(refusal(request("fashion-mnist:0,1")).find("does not hold one label per image"), std::string::npos);
  write_gzip(labels, header_labels + std::string("\x00\x01", 2));
  write_gzip(images, "\0\0\x08\x02" + header_images.substr(4) + std::string(8, '\x10'));
  EXPECT_NE(refusal(request("fashion-mnist:0,1")).find("not an idx3 image file"), std::string::npos);
  write_gzip(images, header_images + std::string(7, '\x10'));
  EXPECT_NE(refusal(request("fashion-mnist:0,1")).find("fewer or more bytes"), std::string::npos);
  write_gzip(images, header_images + std::string(8000, '\x10'), 40);  // a gzip stream cut short
  EXPECT_NE(refusal(request("fashion-mnist:0,1")).find("gzip"), std::string::npos);
  write_gzip(dir_ / "digits.csv.gz", "1,2,3\n");
  EXPECT_NE(refusal(request("digits:0,1")).find("64 pixels and a label"), std::string::npos);
}

TEST_F(DatasetFiles, UserArraysAreUsedExactlyAsGiven) {
  const std::vector<double> X = {0.25, -3, 1e-7, 5, 2, 2};
  const std::vector<double> y = {1, -0.5, 3};
  npy::write<double>(file("X.npy"), X, {3, 2});
  npy::write<double>(file("y.npy"), y, {3});
  const auto pair = load_dataset(request(file("X.npy").string() + "," + file("y.npy").string()));
  EXPECT_EQ(pair.X, X);
  EXPECT_EQ(pair.y, y);
  EXPECT_EQ(pair.p, 2);
  write_npz(file("data.npz"), {{"X", file("X.npy")}, {"y", file("y.npy")}});
  const auto npz = load_dataset(request(file("data.npz").string()));
  EXPECT_EQ(npz.X, X);
  EXPECT_EQ(npz.y, y);
  EXPECT_EQ(load_dataset(request(file("data.npz").string(), 2)).n, 2);
  EXPECT_EQ(dataset_inputs(file("data.npz").string()).size(), 1u);
}

TEST_F(DatasetFiles, MismatchedOrMalformedUserArraysAreRefused) {
  npy::write<double>(file("X.npy"), std::vector<double>{1, 2, 3, 4, 5, 6}, {3, 2});
  npy::write<double>(file("y2.npy"), std::vector<double>{1, 2}, {2});
  npy::write<double>(file("ynan.npy"), std::vector<double>{1, NAN, 2}, {3});
  npy::write<double>(file("X1.npy"), std::vector<double>{1, 2, 3}, {3});
  const auto both = [&](const char* x, const char* y) { return file(x).string() + "," + file(y).string(); };
  EXPECT_NE(refusal(request(both("X.npy", "y2.npy"))).find("one target per row of X (X is 3×2, y has 2)"), std::string::npos);
  EXPECT_NE(refusal(request(both("X.npy", "ynan.npy"))).find("non-finite"), std::string::npos);
  EXPECT_NE(refusal(request(both("X1.npy", "ynan.npy"))).find("2-D array"), std::string::npos);
  EXPECT_NE(refusal(request(both("X.npy", "y2.npy"), 0, 2)).find("used as given"), std::string::npos);
  write_npz(file("onlyX.npz"), {{"X", file("X.npy")}});
  EXPECT_NE(refusal(request(file("onlyX.npz").string())).find("holds no array 'y'"), std::string::npos);
  std::ofstream(file("junk.npz")) << "not a zip";
  EXPECT_NE(refusal(request(file("junk.npz").string())).find("not a .npz (zip) archive"), std::string::npos);
  std::ofstream(file("bad.npy")) << "\x93NUMPY garbage";
  write_npz(file("bad.npz"), {{"X", file("bad.npy")}, {"y", file("y2.npy")}});
  const auto message = refusal(request(file("bad.npz").string()));
  EXPECT_NE(message.find("bad.npz[X.npy]"), std::string::npos) << message;
  EXPECT_NE(refusal(request(file("missing.npz").string())), "");
}

}  // namespace
}  // namespace gdchaos
