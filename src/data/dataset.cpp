#include "gdchaos/data/dataset.hpp"

#include <cmath>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/core/portable_normal.hpp"
#include "gdchaos/data/image_set.hpp"
#include "gdchaos/data/npz.hpp"
#include "gdchaos/io/npy.hpp"

namespace gdchaos {

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::filesystem::path data_root_override() {
  const char* root = std::getenv("GDCHAOS_DATA_ROOT");
  return root && *root ? std::filesystem::path(root) : std::filesystem::path();
}

// "A,B" → two distinct classes in [0, 9].
std::pair<int, int> class_pair(const std::string& text, const std::string& source) {
  const auto comma = text.find(',');
  const auto one = [&](const std::string& t) {
    if (t.size() != 1 || t[0] < '0' || t[0] > '9')
      throw InputError("data " + source + ": class '" + t + "' is not one of 0…9 (write e.g. " +
                       source.substr(0, source.find(':')) + ":0,1)");
    return t[0] - '0';
  };
  if (comma == std::string::npos) throw InputError("data " + source + ": expected a class pair A,B (e.g. 0,1)");
  const int a = one(text.substr(0, comma)), b = one(text.substr(comma + 1));
  if (a == b) throw InputError("data " + source + ": the two classes must differ");
  return {a, b};
}

void standardize_features(Dataset& d) {
  for (int j = 0; j < d.p; ++j) {
    double mean = 0;
    for (int i = 0; i < d.n; ++i) mean += d.X[static_cast<std::size_t>(i) * d.p + j];
    mean /= d.n;
    double var = 0;
    for (int i = 0; i < d.n; ++i) {
      const double c = d.X[static_cast<std::size_t>(i) * d.p + j] - mean;
      var += c * c;
    }
    var /= d.n;
    const double inv = var > 0 ? 1 / std::sqrt(var) : 0;  // a constant feature carries nothing: 0
    for (int i = 0; i < d.n; ++i) {
      double& x = d.X[static_cast<std::size_t>(i) * d.p + j];
      x = (x - mean) * inv;
    }
  }
}

Dataset from_images(const ImageSet& images, const std::string& source, const std::string& pair, const DataRequest& r) {
  const auto [a, b] = class_pair(pair, source);
  const int k = r.downsample;
  if (k < 1) throw InputError("downsample must be >= 1");
  if (images.rows % k != 0 || images.cols % k != 0)
    throw InputError("downsample " + std::to_string(k) + " does not divide the " + std::to_string(images.rows) + "×" +
                     std::to_string(images.cols) + " images of " + source);
  const int rows = images.rows / k, cols = images.cols / k;
  Dataset d;
  d.p = rows * cols;
  int available = 0;
  for (int i = 0; i < images.count; ++i) available += images.labels[i] == a || images.labels[i] == b;
  if (available == 0) throw InputError("data " + source + ": holds no images of classes " + pair);
  if (r.samples > available)
    throw InputError("samples " + std::to_string(r.samples) + ": " + source + " holds only " + std::to_string(available) +
                     " images of classes " + pair);
  d.n = r.samples > 0 ? r.samples : available;
  d.X.reserve(static_cast<std::size_t>(d.n) * d.p);
  const std::size_t image_size = static_cast<std::size_t>(images.rows) * images.cols;
  const double scale = 1.0 / (images.max_value * k * k);  // pixels / max, averaged over k×k blocks
  int label_a = 0;
  for (int i = 0; i < images.count && static_cast<int>(d.y.size()) < d.n; ++i) {
    const int label = images.labels[i];
    if (label != a && label != b) continue;
    const std::uint8_t* img = images.pixels.data() + static_cast<std::size_t>(i) * image_size;
    for (int r0 = 0; r0 < rows; ++r0)
      for (int c0 = 0; c0 < cols; ++c0) {
        int sum = 0;
        for (int dr = 0; dr < k; ++dr)
          for (int dc = 0; dc < k; ++dc) sum += img[(r0 * k + dr) * images.cols + c0 * k + dc];
        d.X.push_back(sum * scale);
      }
    d.y.push_back(label == a ? -1.0 : 1.0);
    label_a += label == a;
  }
  if (r.standardize) standardize_features(d);
  d.description = nlohmann::json{{"source", source},
                                 {"n", d.n},
                                 {"p", d.p},
                                 {"classes", {a, b}},
                                 {"labels", "y = -1 for class " + std::to_string(a) + ", +1 for class " + std::to_string(b)},
                                 {"count_per_class", {label_a, d.n - label_a}},
                                 {"downsample", k},
                                 {"image", {rows, cols}},
                                 {"standardize", r.standardize}};
  return d;
}

Dataset fashion_mnist(const std::string& source, bool test, const DataRequest& r) {
  const auto dir = fashion_mnist_dir();
  const std::string prefix = test ? "t10k" : "train";
  const auto images = dir / (prefix + "-images-idx3-ubyte.gz"), labels = dir / (prefix + "-labels-idx1-ubyte.gz");
  if (!std::filesystem::exists(images) || !std::filesystem::exists(labels))
    throw InputError("data " + source + ": Fashion-MNIST is not installed (" + images.string() +
                     " is missing; apt-get install dataset-fashion-mnist)");
  auto d = from_images(read_idx_pair(images, labels), source, source.substr(source.find(':') + 1), r);
  (*d.description)["file"] = images.string();
  return d;
}

Dataset digits(const std::string& source, const DataRequest& r) {
  const auto file = digits_file();
  if (!std::filesystem::exists(file))
    throw InputError("data " + source + ": the UCI digits are not installed (" + file.string() +
                     " is missing; apt-get install python3-sklearn)");
  auto d = from_images(read_digits_csv(file), source, source.substr(source.find(':') + 1), r);
  (*d.description)["file"] = file.string();
  return d;
}

Dataset gaussian(const DataRequest& r) {
  if (r.samples < 1) throw InputError("data gaussian: `samples` must be >= 1");
  if (r.features < 1) throw InputError("data gaussian: `features` must be >= 1");
  if (r.downsample != 1) throw InputError("`downsample` applies to image data, not gaussian");
  Dataset d;
  d.n = r.samples, d.p = r.features;
  PortableNormal normal(r.seed);
  d.X.resize(static_cast<std::size_t>(d.n) * d.p);
  for (auto& x : d.X) x = normal();
  d.y.resize(d.n);
  for (auto& y : d.y) y = normal();
  d.description = nlohmann::json{{"source", "gaussian"}, {"n", d.n}, {"p", d.p}, {"seed", r.seed},
                                 {"distribution", "X, y ~ N(0, 1), X row by row then y (PortableNormal)"}};
  return d;
}

Dataset user_arrays(const std::string& source, const npy::Array& X, const npy::Array& y, const DataRequest& r) {
  if (r.downsample != 1) throw InputError("`downsample` applies to image data; " + source + " is used as given");
  if (X.shape.size() != 2 || X.shape[0] < 1 || X.shape[1] < 1)
    throw InputError("data " + source + ": X must be a non-empty 2-D array (samples × features)");
  const bool column = y.shape.size() == 2 && y.shape[1] == 1;
  if (!(y.shape.size() == 1 || column) || y.shape[0] != X.shape[0])
    throw InputError("data " + source + ": y must hold one target per row of X (X is " + std::to_string(X.shape[0]) + "×" +
                     std::to_string(X.shape[1]) + ", y has " + std::to_string(y.shape.empty() ? 1 : y.shape[0]) + ")");
  if (X.shape[0] > (1 << 24) || X.shape[1] > (1 << 24)) throw InputError("data " + source + ": X is too large");
  for (double v : X.data)
    if (!std::isfinite(v)) throw InputError("data " + source + ": X holds a non-finite value");
  for (double v : y.data)
    if (!std::isfinite(v)) throw InputError("data " + source + ": y holds a non-finite value");
  const int n_all = static_cast<int>(X.shape[0]);
  if (r.samples > n_all)
    throw InputError("samples " + std::to_string(r.samples) + ": " + source + " holds only " + std::to_string(n_all));
  Dataset d;
  d.n = r.samples > 0 ? r.samples : n_all;
  d.p = static_cast<int>(X.shape[1]);
  d.X.assign(X.data.begin(), X.data.begin() + static_cast<std::ptrdiff_t>(d.n) * d.p);
  d.y.assign(y.data.begin(), y.data.begin() + d.n);
  d.description = nlohmann::json{{"source", source}, {"n", d.n}, {"p", d.p}, {"as_given", true}};
  return d;
}

}  // namespace

std::filesystem::path fashion_mnist_dir() {
  const auto root = data_root_override();
  return root.empty() ? std::filesystem::path("/usr/share/datasets/fashion-mnist") : root / "fashion-mnist";
}

std::filesystem::path digits_file() {
  const auto root = data_root_override();
  return root.empty() ? std::filesystem::path("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz")
                      : root / "digits.csv.gz";
}

std::vector<std::filesystem::path> dataset_inputs(const std::string& source) {
  if (ends_with(source, ".npz")) return {source};
  const auto comma = source.find(',');
  if (comma != std::string::npos && ends_with(source, ".npy")) return {source.substr(0, comma), source.substr(comma + 1)};
  return {};
}

Dataset load_dataset(const DataRequest& r) {
  if (r.samples < 0) throw InputError("samples must be >= 0");
  const std::string& s = r.source;
  if (s.rfind("fashion-mnist-test:", 0) == 0) return fashion_mnist(s, true, r);
  if (s.rfind("fashion-mnist:", 0) == 0) return fashion_mnist(s, false, r);
  if (s.rfind("digits:", 0) == 0) return digits(s, r);
  if (s == "gaussian") return gaussian(r);
  if (ends_with(s, ".npz")) return user_arrays(s, read_npz_member(s, "X"), read_npz_member(s, "y"), r);
  if (const auto files = dataset_inputs(s); files.size() == 2) return user_arrays(s, npy::read(files[0]), npy::read(files[1]), r);
  throw InputError("data: unknown source '" + s +
                   "' (expected fashion-mnist:A,B, fashion-mnist-test:A,B, digits:A,B, gaussian, FILE.npz or X.npy,y.npy)");
}

}  // namespace gdchaos
