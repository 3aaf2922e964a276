#pragma once
// Proposition 3's preimage copies of a quotient-plane boundary: the pixels of a `gdchaos basin
// --plane quotient` render where converged meets diverged, pulled back through every real branch
// of F⁻¹ (quotient_preimages). Since F maps the convergence region onto itself, each copy lies on
// its boundary again: the three smaller copies of T(∂D″_η) of Fig. 3.
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "gdchaos/recipe/recipe.hpp"
#include "gdchaos/sample/slice.hpp"

namespace gdchaos {

class BasinReader;

/// Calls visit(i, j) for each boundary pixel of the map in row-major order: a pixel that converged
/// (status 1 or 2) with a diverged 4-neighbour (status 3), or the other way round; undecided
/// pixels and those outside the domain (status 4) belong to neither side. status.npy is read
/// three rows at a time, so a map of any size is scanned in memory O(width).
void for_each_convergence_boundary_pixel(BasinReader& map,
                                         const std::function<void(std::int64_t i, std::int64_t j)>& visit);

struct QuotientCopiesOptions {
  Window window;                        ///< copies kept: z in [a0, a1], w in [b0, b1]
  std::int64_t max_points = 2'000'000;  ///< copies kept at most (the rest are counted as capped)
};

struct QuotientCopies {
  /// z, w, branch of each copy kept, row-major (N × 3), boundary pixels in row-major order and
  /// their copies by branch: the layout of the .npy `gdchaos preimages` writes. The branch is the
  /// index of the preimage in quotient_preimages' order (increasing r).
  std::vector<double> rows;
  std::int64_t boundary_pixels = 0;
  std::map<int, std::int64_t> preimage_counts;  ///< real preimages a boundary pixel has → how many pixels
  std::vector<std::int64_t> per_branch;         ///< copies kept per branch
  bool capped = false;                          ///< max_points was reached; copies were left out
  std::int64_t points() const { return static_cast<std::int64_t>(rows.size() / 3); }
};

/// The copies of `map`'s boundary (for_each_convergence_boundary_pixel) under each branch of F⁻¹
/// of the job's problem, kept when they lie in the domain w ≥ 2|z| and in the window. `job` is the
/// map's recipe: a quotient plane of the map's resolution (std::invalid_argument otherwise).
/// Holds the rows kept (24 bytes each) and one band of three rows of the map.
QuotientCopies quotient_copies(const BasinJob& job, BasinReader& map, const QuotientCopiesOptions& options);

}  // namespace gdchaos
