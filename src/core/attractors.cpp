#include "gdchaos/core/attractors.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gdchaos {

int AttractorTable::find_or_add(std::span<const double> point) {
  if (overflowed_) return -1;
  for (int id = 0; id < size(); ++id) {
    const auto& q = points_[id];
    double d2 = 0, n2 = 0;
    for (std::size_t k = 0; k < q.size(); ++k) {
      d2 += (q[k] - point[k]) * (q[k] - point[k]);
      n2 += q[k] * q[k];
    }
    if (d2 <= tol_ * tol_ * std::max(1.0, n2)) {
      // The smallest point seen stands for the attractor, so that its coordinates (in meta.json)
      // do not depend on the order the pixels or bands came in (threads, tiles, MPI ranks).
      if (std::lexicographical_compare(point.begin(), point.end(), q.begin(), q.end())) points_[id].assign(point.begin(), point.end());
      return id;
    }
  }
  if (size() == kCapacity) {
    overflowed_ = true;
    points_.clear();
    return -1;
  }
  points_.emplace_back(point.begin(), point.end());
  return size() - 1;
}

std::span<const double> AttractorTable::point(int id) const { return points_[id]; }

std::vector<int> AttractorTable::merge(const AttractorTable& other) { return merge(other.points_, other.overflowed_); }

std::vector<int> AttractorTable::merge(std::span<const std::vector<double>> points, bool overflowed) {
  std::vector<int> map(points.size(), -1);
  if (overflowed) mark_overflowed();
  for (std::size_t id = 0; id < points.size(); ++id) map[id] = find_or_add(points[id]);
  if (overflowed_) std::fill(map.begin(), map.end(), -1);
  return map;
}

std::vector<int> AttractorTable::canonical_order() {
  std::vector<int> order(size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int x, int y) { return points_[x] < points_[y]; });
  std::vector<int> old_to_new(size());
  std::vector<std::vector<double>> sorted;
  for (int k = 0; k < size(); ++k) {
    old_to_new[order[k]] = k;
    sorted.push_back(points_[order[k]]);
  }
  points_ = std::move(sorted);
  return old_to_new;
}

void relabel_attractors(std::span<std::int16_t> ids, std::span<const int> new_id, bool continuum) {
  for (auto& id : ids)
    if (id >= 0) id = static_cast<std::int16_t>(continuum ? -1 : new_id[id]);
}

}  // namespace gdchaos
