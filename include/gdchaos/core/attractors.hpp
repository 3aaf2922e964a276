#pragma once
// Attractor ids: when GD converges to one of finitely many points, each gets an int16 id;
// when the limits form a continuum (e.g. λ = 0, or d > 1 where every minimizer is a sphere), -1.
#include <cstdint>
#include <span>
#include <vector>

namespace gdchaos {

/// A small set of distinct limit points, matched within a tolerance. Ids are given in the order of
/// first sight; `canonical_order` makes them independent of that order (lexicographic by point).
/// Each attractor is represented by the lexicographically smallest of the points matched to it, so
/// the representatives too are the same whatever order the points came in.
class AttractorTable {
 public:
  static constexpr int kCapacity = 64;

  explicit AttractorTable(double tol = 1e-6) : tol_(tol) {}
  /// The id of `point`, adding it when new; -1 once the table has overflowed.
  int find_or_add(std::span<const double> point);
  bool overflowed() const { return overflowed_; }
  /// Declares the limits a continuum (e.g. another part of the map found too many).
  void mark_overflowed() {
    overflowed_ = true;
    points_.clear();
  }
  int size() const { return static_cast<int>(points_.size()); }
  std::span<const double> point(int id) const;
  /// Merges `other` into this table; returns, for each id of `other`, its id here (or -1).
  std::vector<int> merge(const AttractorTable& other);
  /// Merges the points of another table (`overflowed`: that table had overflowed); as above.
  std::vector<int> merge(std::span<const std::vector<double>> points, bool overflowed);
  /// Sorts the points lexicographically; returns old id → new id.
  std::vector<int> canonical_order();

 private:
  double tol_;
  bool overflowed_ = false;
  std::vector<std::vector<double>> points_;
};

/// Rewrites attractor ids in place through `new_id` (old id → new id, −1 for none); −1 stays −1,
/// and every id becomes −1 when `continuum` (the limits overflowed a table: no ids at all).
void relabel_attractors(std::span<std::int16_t> ids, std::span<const int> new_id, bool continuum = false);

}  // namespace gdchaos
