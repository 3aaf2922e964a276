#pragma once
// Eigenvalues of the symmetric matrices the engines certify convergence with (Hessians).
#include <cstdint>
#include <span>
#include <vector>

namespace gdchaos {

/// Eigenvalues of the symmetric n×n matrix `a` (row-major; the lower triangle is read), ascending.
std::vector<double> symmetric_eigenvalues(std::span<const double> a, int n);
/// The same for the principal submatrix on the indices e with keep[e] != 0.
std::vector<double> symmetric_eigenvalues(std::span<const double> a, int n, std::span<const std::uint8_t> keep);

}  // namespace gdchaos
