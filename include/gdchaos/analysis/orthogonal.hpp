#pragma once
// Proposition 5: with diagonal Y and U, V whose columns are orthogonal (u_i ⊥ u_j, v_i ⊥ v_j and
// u_i ⊥ v_j for i ≠ j), GD on the matrix problem decouples into the scalar-vector problems
// (u_i, v_i; y_i), column by column, which stay orthogonal.
#include <cstdint>
#include <vector>

#include "gdchaos/engine/render.hpp"

namespace gdchaos {

/// A slice of ℝ^{d(m+n)} (d = 2k, m = n = k) on which every point has that structure: column i of
/// U and of V live in span{e_{2i}, e_{2i+1}}; both directions move both of the first two column pairs.
Plane orthogonal_plane(int k, std::uint64_t seed);

/// What the column problems predict for each pixel (λ = 0: Theorem 1 per column): converged when
/// every column lies inside its D′_η, diverged when one lies outside, undecided (0) when a column
/// is exactly on its boundary or the theorem does not apply to it (η|y_i|·2a ≥ 1).
std::vector<std::uint8_t> orthogonal_prediction(const Problem& p, const Plane& plane, const Grid& grid);

}  // namespace gdchaos
