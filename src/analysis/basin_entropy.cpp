#include "gdchaos/analysis/basin_entropy.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "gdchaos/core/error.hpp"

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

BasinEntropyStream::BasinEntropyStream(std::int64_t width, std::int64_t height, int box, int excluded)
    : width_(width), height_(height), box_(box), excluded_(excluded) {
  if (box < 1) throw InputError("box size must be at least 1 pixel");
  if (width < 1 || height < 1)
    throw InputError("label map does not match its size " + std::to_string(width) + "x" + std::to_string(height));
  if (box > width || box > height)
    throw InputError("box size " + std::to_string(box) + " is larger than the map (" + std::to_string(width) + "x" +
                     std::to_string(height) + ")");
  r_.box = box;
  box_columns_ = width / box;
  box_rows_ = height / box;
  counts_.resize(static_cast<std::size_t>(box_columns_));
  totals_.assign(static_cast<std::size_t>(box_columns_), 0);
}

void BasinEntropyStream::add_rows(std::span<const int> labels) {
  if (labels.size() % static_cast<std::size_t>(width_) != 0)
    throw std::invalid_argument("BasinEntropyStream: labels are not a whole number of rows");
  const auto n = static_cast<std::int64_t>(labels.size()) / width_;
  if (n > height_ - rows_) throw std::logic_error("BasinEntropyStream: more rows than the map height");
  for (std::int64_t r = 0; r < n; ++r, ++rows_) {
    if (rows_ >= box_rows_ * box_) continue;  // a partial last row of boxes
    const int* row = labels.data() + r * width_;
    for (std::int64_t J = 0; J < box_columns_; ++J) {
      auto& counts = counts_[static_cast<std::size_t>(J)];
      auto& total = totals_[static_cast<std::size_t>(J)];
      for (std::int64_t j = J * box_; j < (J + 1) * box_; ++j) {
        const int label = row[j];
        if (label == excluded_) continue;
        ++total;
        auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == label; });
        if (it == counts.end()) counts.emplace_back(label, 1);
        else ++it->second;
      }
    }
    if ((rows_ + 1) % box_ == 0) finish_box_row();
  }
}

// As basin_entropy's inner loop, box by box in column order.
void BasinEntropyStream::finish_box_row() {
  for (std::int64_t J = 0; J < box_columns_; ++J) {
    auto& counts = counts_[static_cast<std::size_t>(J)];
    auto& total = totals_[static_cast<std::size_t>(J)];
    if (total == 0) {
      ++r_.skipped_boxes;
    } else {
      ++r_.boxes;
      r_.pixels += total;
      double s = 0;
      for (const auto& [label, c] : counts) {
        const auto at = std::lower_bound(seen_.begin(), seen_.end(), label);
        if (at == seen_.end() || *at != label) seen_.insert(at, label);
        const double p = static_cast<double>(c) / total;
        s -= p * std::log(p);
      }
      sum_all_ += s;
      if (counts.size() > 1) {
        ++r_.boundary_boxes;
        sum_boundary_ += s;
      }
    }
    counts.clear();
    total = 0;
  }
}

BasinEntropy BasinEntropyStream::result() const {
  if (!complete()) throw std::logic_error("BasinEntropyStream: result before all rows are in");
  BasinEntropy r = r_;
  r.outcomes = static_cast<int>(seen_.size());
  r.entropy = r.boxes > 0 ? sum_all_ / static_cast<double>(r.boxes) : 0.0;
  r.boundary_entropy = r.boundary_boxes > 0 ? sum_boundary_ / static_cast<double>(r.boundary_boxes) : 0.0;
  return r;
}

}  // namespace gdchaos
