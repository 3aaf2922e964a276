#pragma once
// The extreme eigenvalues of a symmetric tridiagonal matrix T (Lanczos's T_m) and the last
// components of their unit eigenvectors, which Lanczos's residual bounds |β_m s_m| need.
//
// The same arithmetic as Eigen's SelfAdjointEigenSolver (scaling, Francis implicit QR with the
// Wilkinson shift, the sort), so the same numbers to the last bit; but of the eigenvector matrix
// only its last row is carried through the Givens rotations, O(k) a sweep instead of O(k²), and no
// dense k×k matrix is tridiagonalized again. Lanczos solves one such problem every iteration: the
// full solver was half of a network slice's time.
#include <span>

namespace gdchaos {

struct TridiagonalExtremes {
  double smallest = 0, largest = 0;
  /// The last component of the unit eigenvector of each (its sign as the full solver's).
  double smallest_last = 0, largest_last = 0;
  /// The QR iteration converged (Eigen's Success); otherwise the values are unsorted, as Eigen's.
  bool converged = true;
};

/// T has diagonal α (k entries, k ≥ 1) and off-diagonal β (k − 1 entries).
TridiagonalExtremes tridiagonal_extremes(std::span<const double> alpha, std::span<const double> beta);

}  // namespace gdchaos
