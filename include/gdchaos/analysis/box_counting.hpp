#pragma once
// Box-counting dimension of a boundary in a basin map (docs/dimension.md).
//
// 1. A boundary is chosen by a class per pixel (BoundarySelection); pixels outside the domain of
//    a quotient-plane render (status 4) have no class. The boundary is made of the pairs of
//    4-neighbours, both inside the window and inside the domain, whose classes differ; each pair
//    marks one pixel, its left (for a horizontal pair) or upper (vertical pair) member, i.e.
//    pixel (i, j) is a boundary pixel when (i, j + 1) or (i + 1, j) has a different class. Marking
//    both members would make the boundary two pixels thick, which adds a 1/s term to N(s) and
//    biases D upward (discs gave 1.05 on average, Koch snowflakes 1.30 instead of 1.26).
//    A class change against a status-4 pixel, or against the outside of the window, is never
//    boundary: the domain edge w = 2|z| and the window frame are not boundaries of a basin. A
//    class change between two pixels on the outermost row or column is a real crossing of the
//    boundary through the window edge and does count.
// 2. Boxes of s = 1, 2, 4, … pixels (while at least 8 fit along the shorter side) are laid on
//    2×2 grid offsets {0, s/2}²; N(s) is the *minimum* over the offsets of the number of boxes
//    that hold a boundary pixel (each grid's count is an upper bound on the smallest cover that
//    defines N(s); the minimum is the tightest and drops the excess from pieces a grid happens to
//    cut). The other offsets' counts feed the error bar.
// 3. D is the OLS slope of −log N against log s over a fit range: the longest run of ≥ 4
//    consecutive sizes on which every local slope lies within a tolerance of the fitted slope
//    (0.05, or 3× the slope's spread across grid offsets where that is larger, at most 0.25),
//    or a range given by the user. The 95% interval adds three half-widths: t·SE of the OLS
//    slope, the spread of the slope across grid offsets, and the change of the slope when the
//    fit range loses one size at either end.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gdchaos {

/// Which boundary to measure.
struct BoundarySelection {
  enum class Kind {
    converged,  ///< converged (status 1 or 2) vs not (0 or 3)
    attractor,  ///< converged to attractor `attractor` vs everything else
    label,      ///< any change of outcome_label (status, refined by the attractor id)
    diverged,   ///< diverged (status 3) vs everything else: the trainability boundary of networks
  };
  Kind kind = Kind::converged;
  int attractor = 0;

  /// "converged", "attractor:K" (K ≥ 0), "label" or "diverged"; throws InputError otherwise.
  static BoundarySelection parse(std::string_view text);
  /// The text parse() reads back.
  std::string name() const;
};

/// A rendered map in memory, row-major [height][width] as in status.npy / attractor.npy.
struct LabelImage {
  std::int64_t width = 0, height = 0;
  std::vector<std::uint8_t> status;     ///< 0..4 (Status)
  std::vector<std::int16_t> attractor;  ///< attractor ids; empty means all −1
};

/// 1 at boundary pixels, 0 elsewhere: (i, j) is one when (i, j + 1) or (i + 1, j) is in the
/// window, not status 4, and of a different class, and (i, j) itself is not status 4.
/// Throws std::invalid_argument when the arrays do not match width × height.
std::vector<std::uint8_t> boundary_mask(const LabelImage& image, const BoundarySelection& selection);

/// Boxes of one size that hold a boundary pixel.
struct BoxCount {
  std::int64_t box_size = 0;             ///< pixels per side
  std::int64_t count = 0;                ///< minimum over the grid offsets
  std::vector<std::int64_t> per_offset;  ///< one count per offset: (0,0), (s/2,0), (0,s/2), (s/2,s/2); one for s = 1
};

/// Box counts for s = 1, 2, 4, … while at least `min_boxes_per_side` boxes fit along the shorter
/// side of the image. `mask` is row-major [height][width], non-zero = boundary.
std::vector<BoxCount> count_boxes(std::span<const std::uint8_t> mask, std::int64_t width, std::int64_t height,
                                  std::int64_t min_boxes_per_side = 8);

/// count_boxes for a mask given row by row, top to bottom, in memory O(width) rather than
/// O(width · height): per box size and grid offset, a bitset of the box columns hit in the
/// current box row. Gives exactly count_boxes' counts.
class BoxCounter {
 public:
  /// Throws std::invalid_argument for a negative size or min_boxes_per_side < 1.
  BoxCounter(std::int64_t width, std::int64_t height, std::int64_t min_boxes_per_side = 8);
  /// The next row's boundary pixels: their columns, strictly ascending, each in [0, width).
  /// Throws std::logic_error after `height` rows, std::invalid_argument for bad columns.
  void add_row(std::span<const std::int64_t> columns);
  std::int64_t rows_added() const { return rows_; }
  /// The counts; throws std::logic_error before all `height` rows are in.
  std::vector<BoxCount> counts() const;

 private:
  struct Grid {
    int level = 0;                    // box size 2^level
    std::int64_t oy = 0;              // row offset (the column offset is in which list feeds it)
    bool shifted_columns = false;     // column offset s/2
    std::int64_t box_row = -1;        // box row the bits belong to
    bool dirty = false;
    std::vector<std::uint64_t> bits;  // box columns hit in that box row
    std::int64_t count = 0;
  };
  std::int64_t width_, height_, rows_ = 0;
  int levels_ = 0;
  std::vector<Grid> grids_;  // per level: (0,0), (s/2,0), (0,s/2), (s/2,s/2) as (oy, ox); one at s = 1
  std::vector<std::vector<std::int64_t>> plain_, shifted_;  // per level: distinct box columns of the row
};

struct DimensionOptions {
  /// Fit range in box sizes (pixels), both powers of two among the counted sizes; none = automatic.
  std::optional<std::pair<std::int64_t, std::int64_t>> fit;
  /// Automatic range: every local slope within max(slope_tolerance, noise_sigmas·σ) — at most
  /// max_slope_tolerance — of the fitted slope, σ = the local slope's spread across grid offsets.
  double slope_tolerance = 0.05;
  double noise_sigmas = 3;
  double max_slope_tolerance = 0.25;
  /// At least this many box sizes in a fit (4 = a factor 8 in scale).
  int min_sizes = 4;
  /// Fewer boundary pixels than this cannot support an estimate.
  std::int64_t min_boundary_pixels = 100;
  /// A size enters the automatic range only when at least this many boxes hold boundary.
  std::int64_t min_count = 10;
};

/// One local slope: −Δlog N / Δlog s between consecutive sizes.
struct LocalSlope {
  std::int64_t from = 0, to = 0;
  double slope = 0;      ///< from the minimum counts; NaN where a count is 0
  double spread = 0;     ///< standard deviation of the same slope over the 4 grid offsets
  double tolerance = 0;  ///< how far from the fit it may lie in an automatic range
};

struct DimensionEstimate {
  bool supported = false;
  std::string reason;  ///< why not, when !supported
  double dimension = 0;
  double ci_lo = 0, ci_hi = 0;     ///< 95% interval
  double std_error = 0;            ///< OLS standard error of the slope
  double t_quantile = 0;           ///< Student t, 97.5%, n − 2 degrees of freedom
  double offset_spread = 0;        ///< max |slope with one grid offset − slope|
  double range_spread = 0;         ///< max |slope with one end size dropped − slope|
  double max_deviation = 0;        ///< max |local slope − slope| over the fit range
  std::int64_t fit_lo = 0, fit_hi = 0;  ///< fit range, box sizes in pixels
  int fit_sizes = 0;
  bool fit_automatic = true;
  std::vector<BoxCount> counts;
  std::vector<LocalSlope> local_slopes;
  std::int64_t boundary_pixels = 0;
  /// Pixels with a class but no in-domain 4-neighbour of the same class (one-pixel islands, e.g.
  /// scattered undecided pixels): a point-like part of the boundary that flattens N(s) at large s.
  std::int64_t isolated_pixels = 0;
};

/// Fits D to box counts. Throws InputError when `options.fit` is not a range of ≥ min_sizes
/// counted sizes; an estimate the data cannot support comes back with supported = false.
DimensionEstimate estimate_dimension(std::vector<BoxCount> counts, std::int64_t boundary_pixels,
                                     const DimensionOptions& options = {});

/// Pixels with a class whose in-window, in-domain 4-neighbours (at least one) all have another class.
std::int64_t isolated_pixel_count(const LabelImage& image, const BoundarySelection& selection);

/// boundary_mask → count_boxes → estimate_dimension, with isolated_pixels filled in.
DimensionEstimate box_counting_dimension(const LabelImage& image, const BoundarySelection& selection,
                                         const DimensionOptions& options = {});

/// The boundary of a map streamed top to bottom in bands of whole rows: the boundary pixels,
/// box counts and isolated pixels of boundary_mask, count_boxes and isolated_pixel_count on the
/// whole image, holding three rows of classes and a BoxCounter instead of the map.
class BoundaryStream {
 public:
  BoundaryStream(std::int64_t width, std::int64_t height, const BoundarySelection& selection,
                 std::int64_t min_boxes_per_side = 8);
  /// The next rows (row-major, a whole number of rows): status 0..4 and attractor ids (empty:
  /// all −1). Throws std::invalid_argument for spans that are not whole rows or do not match,
  /// std::logic_error beyond `height` rows.
  void add_rows(std::span<const std::uint8_t> status, std::span<const std::int16_t> attractor = {});
  std::int64_t rows_added() const { return rows_; }
  bool complete() const { return rows_ == height_; }
  std::int64_t boundary_pixels() const { return boundary_; }
  std::int64_t isolated_pixels() const { return isolated_; }
  /// After all rows: the counts (count_boxes), and estimate_dimension with isolated_pixels filled
  /// in (box_counting_dimension). Both throw std::logic_error before all rows are in.
  std::vector<BoxCount> counts() const { return boxes_.counts(); }
  DimensionEstimate estimate(const DimensionOptions& options = {}) const;

 private:
  void finish_row(const int* prev, const int* next);
  std::int64_t width_, height_, rows_ = 0;
  BoundarySelection selection_;
  BoxCounter boxes_;
  std::vector<int> prev_, cur_, next_;  // classes of rows rows_ − 2, rows_ − 1 and the one coming
  std::vector<std::int64_t> columns_;
  std::int64_t boundary_ = 0, isolated_ = 0;
};

/// Student's t 97.5% quantile for `dof` ≥ 1 degrees of freedom (table to 30, expansion beyond).
double student_t_975(int dof);

}  // namespace gdchaos
