#pragma once
// Where the orbits of a render start: pixel index (row-major, row i ↔ β_i) → θ₀.
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "gdchaos/sample/slice.hpp"

namespace gdchaos {

class InitialPoints {
 public:
  virtual ~InitialPoints() = default;
  virtual int dim() const = 0;
  virtual std::int64_t width() const = 0;
  virtual std::int64_t height() const = 0;
  /// Writes θ₀ of pixel `index`; false when the pixel lies outside the domain (status 4).
  virtual bool point(std::int64_t index, std::span<double> theta) const = 0;
  std::int64_t size() const { return width() * height(); }
};

/// θ₀ = base + α_j·dir1 + β_i·dir2 over a grid.
class SlicePoints final : public InitialPoints {
 public:
  SlicePoints(Plane plane, const Grid& grid)
      : plane_(std::move(plane)), grid_(grid), alpha_(grid.window.a0, grid.window.a1, grid.width),
        beta_(grid.window.b0, grid.window.b1, grid.height) {}
  int dim() const override { return plane_.dim(); }
  std::int64_t width() const override { return grid_.width; }
  std::int64_t height() const override { return grid_.height; }
  bool point(std::int64_t index, std::span<double> theta) const override {
    plane_.point(alpha_.centre(index % grid_.width), beta_.centre(index / grid_.width), theta);
    return true;
  }

 private:
  Plane plane_;
  Grid grid_;
  GridAxis alpha_, beta_;  // Grid::alpha, Grid::beta with the divisions done once
};

/// The d = 1 representative (u, v) = (S + T, S − T) of the quotient point (z, w), with
/// S² = (w + 2z)/4, T² = (w − 2z)/4; false when (z, w) is outside the domain w ≥ 2|z|.
bool quotient_representative(double z, double w, std::span<double> theta);

/// The quotient plane of Proposition 3: pixel (α, β) = (z, w) = (uᵀv, ‖u‖² + ‖v‖²) on the domain
/// w ≥ 2|z|. GD's outcome depends on (u, v) only through T(u, v), so each pixel starts from the
/// d = 1 representative u = S + T, v = S − T with S² = (w + 2z)/4, T² = (w − 2z)/4.
class QuotientPoints final : public InitialPoints {
 public:
  explicit QuotientPoints(const Grid& grid) : grid_(grid) {}  // copies: temporaries are fine
  int dim() const override { return 2; }
  std::int64_t width() const override { return grid_.width; }
  std::int64_t height() const override { return grid_.height; }
  bool point(std::int64_t index, std::span<double> theta) const override;

 private:
  Grid grid_;
};

/// Rows [row_begin, row_end) of another set of points (for rendering a map band by band).
class RowBand final : public InitialPoints {
 public:
  RowBand(const InitialPoints& all, std::int64_t row_begin, std::int64_t row_end)
      : all_(all), offset_(row_begin * all.width()), rows_(row_end - row_begin) {}
  int dim() const override { return all_.dim(); }
  std::int64_t width() const override { return all_.width(); }
  std::int64_t height() const override { return rows_; }
  bool point(std::int64_t index, std::span<double> theta) const override { return all_.point(offset_ + index, theta); }

 private:
  const InitialPoints& all_;
  std::int64_t offset_, rows_;
};

/// One starting point for every pixel of a width × height grid (hyperparameter planes, where the
/// pixels differ in their problem, not in their start).
class SameStart final : public InitialPoints {
 public:
  SameStart(std::vector<double> theta0, std::int64_t width, std::int64_t height)
      : theta0_(std::move(theta0)), width_(width), height_(height) {}
  int dim() const override { return static_cast<int>(theta0_.size()); }
  std::int64_t width() const override { return width_; }
  std::int64_t height() const override { return height_; }
  bool point(std::int64_t /*index*/, std::span<double> theta) const override {
    std::copy(theta0_.begin(), theta0_.end(), theta.begin());
    return true;
  }

 private:
  std::vector<double> theta0_;
  std::int64_t width_, height_;
};

/// An explicit list of starting points (one row of `size()` pixels).
class ListPoints final : public InitialPoints {
 public:
  ListPoints(int dim, std::vector<double> flat) : dim_(dim), flat_(std::move(flat)) {}
  int dim() const override { return dim_; }
  std::int64_t width() const override { return static_cast<std::int64_t>(flat_.size()) / dim_; }
  std::int64_t height() const override { return 1; }
  bool point(std::int64_t index, std::span<double> theta) const override {
    for (int k = 0; k < dim_; ++k) theta[k] = flat_[index * dim_ + k];
    return true;
  }

 private:
  int dim_;
  std::vector<double> flat_;
};

}  // namespace gdchaos
