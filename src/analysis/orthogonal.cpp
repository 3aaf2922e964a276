#include "gdchaos/analysis/orthogonal.hpp"

#include <cmath>
#include <random>

#include "gdchaos/critical.hpp"
#include "gdchaos/error.hpp"

namespace gdchaos {

Plane orthogonal_plane(int k, std::uint64_t seed) {
  if (k < 2) throw InputError("the orthogonal slice needs at least 2 columns");
  const int d = 2 * k, m = k, dim = d * 2 * k;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> angle(0, 6.283185307179586), radius(0.4, 1.2);
  Plane plane{"orthogonal", std::vector<double>(dim, 0.0), std::vector<double>(dim, 0.0), std::vector<double>(dim, 0.0)};
  auto u_index = [&](int row, int col) { return row * m + col; };           // U is d×m, row-major
  auto v_index = [&](int row, int col) { return d * m + row * m + col; };  // V is d×n (n = m)
  for (int i = 0; i < k; ++i) {
    // column i of U and of V: a vector in span{e_{2i}, e_{2i+1}}
    const double a = angle(rng), b = angle(rng), ru = radius(rng), rv = radius(rng);
    plane.base[u_index(2 * i, i)] = ru * std::cos(a);
    plane.base[u_index(2 * i + 1, i)] = ru * std::sin(a);
    plane.base[v_index(2 * i, i)] = rv * std::cos(b);
    plane.base[v_index(2 * i + 1, i)] = rv * std::sin(b);
  }
  // dir1: scale column pair 0 along its own coordinates; dir2: the same for column pair 1
  for (int which = 0; which < 2; ++which) {
    auto& dir = which == 0 ? plane.dir1 : plane.dir2;
    const int i = which;
    double n2 = 0;
    for (int row : {2 * i, 2 * i + 1})
      for (int idx : {u_index(row, i), v_index(row, i)}) {
        dir[idx] = plane.base[idx];
        n2 += dir[idx] * dir[idx];
      }
    for (double& x : dir) x /= std::sqrt(n2);
  }
  return plane;
}

std::vector<std::uint8_t> orthogonal_prediction(const Problem& p, const Plane& plane, const Grid& grid) {
  if (p.m != p.n || p.d < p.m) throw InputError("Proposition 5 needs m = n ≤ d");
  for (int i = 0; i < p.m; ++i)
    for (int j = 0; j < p.n; ++j)
      if (i != j && p.Y[i * p.n + j] != 0) throw InputError("Proposition 5 needs a diagonal target");
  if (p.reg_coef != 0 || p.momentum != 0) throw InputError("the column-wise prediction uses Theorem 1 (λ = 0, plain GD)");
  std::vector<std::uint8_t> out(grid.pixels());
  std::vector<double> theta(p.dim()), col(2 * p.d);
  for (std::int64_t px = 0; px < grid.pixels(); ++px) {
    plane.point(grid.alpha(px % grid.width), grid.beta(px / grid.width), theta);
    bool all_inside = true, any_outside = false;
    for (int i = 0; i < p.m; ++i) {
      Problem column = p;
      column.m = column.n = 1;
      column.Y = {p.Y[i * p.n + i]};
      for (int row = 0; row < p.d; ++row) {
        col[row] = theta[row * p.m + i];
        col[p.d + row] = theta[p.d * p.m + row * p.n + i];
      }
      if (2 * column.data_coef * column.eta * std::abs(column.y()) >= 1) {
        all_inside = false;
        continue;
      }
      const double margin = theorem1_margin(column, col);
      all_inside &= margin < 0;
      any_outside |= margin > 0;
    }
    out[px] = static_cast<std::uint8_t>(any_outside ? Status::diverged : all_inside ? Status::converged : Status::undecided);
  }
  return out;
}

}  // namespace gdchaos
