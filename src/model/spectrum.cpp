#include "gdchaos/model/spectrum.hpp"

#include <Eigen/Dense>

namespace gdchaos {

std::vector<double> symmetric_eigenvalues(std::span<const double> a, int n) {
  Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> M(a.data(), n, n);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(M, Eigen::EigenvaluesOnly);
  const auto& ev = solver.eigenvalues();
  return {ev.data(), ev.data() + ev.size()};
}

std::vector<double> symmetric_eigenvalues(std::span<const double> a, int n, std::span<const std::uint8_t> keep) {
  std::vector<int> idx;
  for (int e = 0; e < n; ++e)
    if (keep[e]) idx.push_back(e);
  const int k = static_cast<int>(idx.size());
  if (k == 0) return {};
  Eigen::MatrixXd M(k, k);
  for (int r = 0; r < k; ++r)
    for (int c = 0; c < k; ++c) M(r, c) = a[static_cast<std::size_t>(idx[r]) * n + idx[c]];
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(M, Eigen::EigenvaluesOnly);
  const auto& ev = solver.eigenvalues();
  return {ev.data(), ev.data() + ev.size()};
}

}  // namespace gdchaos
