#include "gdchaos/analysis/basin_entropy.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gdchaos/error.hpp"

namespace gdchaos {

bool BasinEntropy::fractal_by_log2() const { return boundary_boxes > 0 && boundary_entropy > std::numbers::ln2; }

BasinEntropy basin_entropy(std::span<const int> labels, std::int64_t width, std::int64_t height, int box,
                           int excluded) {
  if (box < 1) throw InputError("box size must be at least 1 pixel");
  if (width < 1 || height < 1 || static_cast<std::int64_t>(labels.size()) != width * height)
    throw InputError("label map does not match its size " + std::to_string(width) + "x" + std::to_string(height));
  if (box > width || box > height)
    throw InputError("box size " + std::to_string(box) + " is larger than the map (" + std::to_string(width) + "x" +
                     std::to_string(height) + ")");
  BasinEntropy r;
  r.box = box;
  const std::int64_t bw = width / box, bh = height / box;
  std::set<int> seen;
  std::vector<std::pair<int, int>> counts;  // (label, count) in the current box; a box holds few labels
  double sum_all = 0, sum_boundary = 0;
  for (std::int64_t I = 0; I < bh; ++I)
    for (std::int64_t J = 0; J < bw; ++J) {
      counts.clear();
      int total = 0;
      for (std::int64_t i = I * box; i < (I + 1) * box; ++i)
        for (std::int64_t j = J * box; j < (J + 1) * box; ++j) {
          const int label = labels[i * width + j];
          if (label == excluded) continue;
          ++total;
          auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == label; });
          if (it == counts.end()) counts.emplace_back(label, 1);
          else ++it->second;
        }
      if (total == 0) {
        ++r.skipped_boxes;
        continue;
      }
      ++r.boxes;
      r.pixels += total;
      double s = 0;
      for (const auto& [label, c] : counts) {
        seen.insert(label);
        const double p = static_cast<double>(c) / total;
        s -= p * std::log(p);
      }
      sum_all += s;
      if (counts.size() > 1) {
        ++r.boundary_boxes;
        sum_boundary += s;
      }
    }
  r.outcomes = static_cast<int>(seen.size());
  r.entropy = r.boxes > 0 ? sum_all / static_cast<double>(r.boxes) : 0.0;
  r.boundary_entropy = r.boundary_boxes > 0 ? sum_boundary / static_cast<double>(r.boundary_boxes) : 0.0;
  return r;
}

}  // namespace gdchaos
