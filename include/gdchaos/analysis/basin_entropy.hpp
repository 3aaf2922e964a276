#pragma once
// Basin entropy (Daza, Wagemakers, Georgeot, Guéry-Odelin & Sanjuán 2016): how mixed the outcomes
// of a rendered map are at the scale of small boxes. The map is tiled into n×n boxes; in box i the
// outcomes occur with fractions p_j and S_i = −Σ p_j log p_j. S_b is the mean of S_i over all boxes,
// S_bb the mean over the boxes that straddle a boundary (S_i > 0). A smooth boundary between two
// basins gives boxes with at most two outcomes, so S_bb ≤ log 2; S_bb > log 2 is therefore a
// sufficient (not a necessary) sign of a fractal boundary.
#include <cstdint>
#include <span>

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

}  // namespace gdchaos
