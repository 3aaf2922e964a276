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
    if (d2 <= tol_ * tol_ * std::max(1.0, n2)) return id;
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

std::vector<int> AttractorTable::merge(const AttractorTable& other) {
  std::vector<int> map(other.size(), -1);
  if (other.overflowed_) {
    overflowed_ = true;
    points_.clear();
  }
  for (int id = 0; id < other.size(); ++id) map[id] = find_or_add(other.points_[id]);
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

}  // namespace gdchaos
