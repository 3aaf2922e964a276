#pragma once
// Basin entropy (Daza, Wagemakers, Georgeot, Guéry-Odelin & Sanjuán 2016): how mixed the outcomes
// of a rendered map are at the scale of small boxes. The map is tiled into n×n boxes; in box i the
// outcomes occur with fractions p_j and S_i = −Σ p_j log p_j. S_b is the mean of S_i over all boxes,
// S_bb the mean over the boxes that straddle a boundary (S_i > 0). A smooth boundary between two
// basins gives boxes with at most two outcomes, so S_bb ≤ log 2; S_bb > log 2 is therefore a
// sufficient (not a necessary) sign of a fractal boundary.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace gdchaos {

struct BasinEntropy {
  int box = 5;                      ///< n: boxes are n×n pixels (full boxes only; a partial last row/column is left out)
  std::int64_t boxes = 0;           ///< boxes with at least one counted pixel (the average of S_b runs over these)
  std::int64_t boundary_boxes = 0;  ///< boxes with S_i > 0 (the average of S_bb runs over these)
  std::int64_t skipped_boxes = 0;   ///< boxes whose pixels are all excluded (outside the domain)
  std::int64_t pixels = 0;          ///< pixels counted (in full boxes, not excluded)
  int outcomes = 0;                 ///< distinct outcomes among the counted pixels (N_A; S_b ≤ log N_A)
  double entropy = 0;               ///< S_b
  double boundary_entropy = 0;      ///< S_bb (0 when there is no boundary box)
  /// S_bb > log 2: sufficient for a fractal boundary (Daza et al. 2016), not necessary.
  bool fractal_by_log2() const;
};

/// Basin entropy of a W×H map of integer outcome labels (row-major); pixels labelled `excluded`
/// (e.g. status 4, outside the quotient domain) are left out of every box, and boxes made only of
/// them are skipped. Throws InputError for a box size < 1, a box larger than the map, or a label
/// span whose size does not match W×H.
BasinEntropy basin_entropy(std::span<const int> labels, std::int64_t width, std::int64_t height, int box,
                           int excluded = 4);

/// basin_entropy for labels given in bands of whole rows, top to bottom, so a map of any size is
/// measured holding one row of boxes' label counts, not the map: the same result, bit for bit
/// (boxes are summed in the same order). The rows of a partial last row of boxes may be given;
/// they are left out as basin_entropy leaves them out.
class BasinEntropyStream {
 public:
  /// Throws InputError as basin_entropy does (box < 1, larger than the map, an empty map).
  BasinEntropyStream(std::int64_t width, std::int64_t height, int box, int excluded = 4);
  /// The next rows, row-major. Throws std::invalid_argument for a span that is not a whole number
  /// of rows, std::logic_error beyond `height` rows.
  void add_rows(std::span<const int> labels);
  std::int64_t rows_added() const { return rows_; }
  bool complete() const { return rows_ == height_; }
  /// Throws std::logic_error before all rows are in.
  BasinEntropy result() const;

 private:
  void finish_box_row();
  std::int64_t width_, height_, rows_ = 0;
  int box_, excluded_;
  std::int64_t box_columns_, box_rows_;
  std::vector<std::vector<std::pair<int, int>>> counts_;  // per box column: (label, count), first seen first
  std::vector<int> totals_;
  std::vector<int> seen_;  // distinct labels, sorted
  BasinEntropy r_;
  double sum_all_ = 0, sum_boundary_ = 0;
};

}  // namespace gdchaos
