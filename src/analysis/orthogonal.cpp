#include "gdchaos/analysis/orthogonal.hpp"

#include <cmath>
#include <random>

#include "gdchaos/theory/critical.hpp"
#include "gdchaos/core/error.hpp"

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
  // Each column pair i can move along r_i (scaling u_i and v_i) and s_i (turning u_i within its
  // own plane); dir1 = r_0 + s_1 and dir2 = s_0 + r_1 (normalised), so both columns feel both
  // axes and the predicted region is the intersection of two curved sets, not a rectangle.
  auto move = [&](int i, bool turn) {
    std::vector<double> dir(dim, 0.0);
    const int r0 = 2 * i, r1 = 2 * i + 1;
    if (turn) {
      dir[u_index(r0, i)] = -plane.base[u_index(r1, i)];
      dir[u_index(r1, i)] = plane.base[u_index(r0, i)];
    } else {
      for (int row : {r0, r1}) dir[u_index(row, i)] = plane.base[u_index(row, i)], dir[v_index(row, i)] = plane.base[v_index(row, i)];
    }
    return dir;
  };
  auto combine = [&](std::vector<double> a, const std::vector<double>& b) {
    double n2 = 0;
    for (int e = 0; e < dim; ++e) n2 += (a[e] += b[e]) * a[e];
    for (double& x : a) x /= std::sqrt(n2);
    return a;
  };
  plane.dir1 = combine(move(0, false), move(1, true));
  plane.dir2 = combine(move(0, true), move(1, false));
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
