#pragma once
// The data set a network trains on (the mlp family): n samples of p features and their targets,
// read offline from one of the sources below (load_dataset) or built by the caller.
//
//   fashion-mnist:A,B        Debian's dataset-fashion-mnist, training images of classes A and B
//   fashion-mnist-test:A,B   the same from its 10 000 test images
//   digits:A,B               the UCI digits python3-sklearn ships (8×8 images, 1797 samples)
//   gaussian                 X, y ~ N(0, 1), seeded (the setting of Sohl-Dickstein 2024)
//   FILE.npz                 the user's arrays X (n×p) and y (n), used exactly as given
//   X.npy,y.npy              the same as two .npy files
//
// For the class pairs: the first `samples` images of the two classes in file order, pixels / 255,
// optionally averaged over k×k blocks (downsample k), labels y = −1 for class A and +1 for B,
// then each feature standardized (mean 0, variance 1 over the samples; a constant feature is set
// to 0). The user's own arrays are never transformed.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "gdchaos/core/json_value.hpp"

namespace gdchaos {

struct Dataset {
  int n = 0, p = 0;
  std::vector<double> X;  ///< n×p, row-major
  std::vector<double> y;  ///< n targets
  JsonValue description;  ///< where it came from and how it was prepared (meta.json's "data")
};

struct DataRequest {
  std::string source;       ///< one of the forms above
  int samples = 0;          ///< n; 0: every sample of the pair (gaussian: must be given)
  int downsample = 1;       ///< k: average k×k blocks of pixels (image sources only)
  bool standardize = true;  ///< image sources only
  int features = 16;        ///< p of gaussian data
  std::uint64_t seed = 0;   ///< gaussian data
};

/// Where Debian's packages put the data; GDCHAOS_DATA_ROOT (a directory holding fashion-mnist/
/// and digits.csv.gz) replaces both, for tests and for machines that keep them elsewhere.
std::filesystem::path fashion_mnist_dir();
std::filesystem::path digits_file();

/// Reads and prepares a data set; throws InputError with one clear line for an unknown source,
/// a missing package (naming it), an unknown class, a malformed file or mismatched X and y.
Dataset load_dataset(const DataRequest& request);

/// The files a request reads (the user's .npz / .npy), so an output may not replace them.
std::vector<std::filesystem::path> dataset_inputs(const std::string& source);

}  // namespace gdchaos
