#include "gdchaos/analysis/quotient_copies.hpp"

#include <array>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "gdchaos/analysis/preimages.hpp"
#include "gdchaos/output/basin_reader.hpp"

namespace gdchaos {

void for_each_convergence_boundary_pixel(BasinReader& map,
                                         const std::function<void(std::int64_t, std::int64_t)>& visit) {
  const std::int64_t H = map.height(), W = map.width();
  // 0: neither side (undecided, outside the domain), 1: converged, 2: diverged
  auto side_of = [](std::uint8_t s) { return s == 1 || s == 2 ? 1 : s == 3 ? 2 : 0; };
  std::vector<std::uint8_t> raw(static_cast<std::size_t>(W));
  std::array<std::vector<int>, 3> rows;  // sides of rows i − 1, i, i + 1 (by i mod 3)
  for (auto& r : rows) r.assign(static_cast<std::size_t>(W), 0);
  auto load = [&](std::int64_t i) {
    map.read_status(i, 1, raw);
    auto& r = rows[static_cast<std::size_t>(i % 3)];
    for (std::int64_t j = 0; j < W; ++j) r[static_cast<std::size_t>(j)] = side_of(raw[static_cast<std::size_t>(j)]);
  };
  auto side = [&](std::int64_t i, std::int64_t j) { return rows[static_cast<std::size_t>(i % 3)][static_cast<std::size_t>(j)]; };
  if (H > 0) load(0);
  for (std::int64_t i = 0; i < H; ++i) {
    if (i + 1 < H) load(i + 1);
    for (std::int64_t j = 0; j < W; ++j) {
      const int c = side(i, j);
      if (c == 0) continue;
      bool edge = false;
      for (auto [di, dj] : {std::pair{-1, 0}, {1, 0}, {0, -1}, {0, 1}}) {
        const auto a = i + di, b = j + dj;
        if (a < 0 || b < 0 || a >= H || b >= W) continue;
        const int n = side(a, b);
        if (n != 0 && n != c) edge = true;
      }
      if (edge) visit(i, j);
    }
  }
}

QuotientCopies quotient_copies(const BasinJob& job, BasinReader& map, const QuotientCopiesOptions& options) {
  if (!job.is_quotient()) throw std::invalid_argument("quotient_copies: the job is not a quotient-plane render");
  if (job.grid.width != map.width() || job.grid.height != map.height())
    throw std::invalid_argument("quotient_copies: the map does not have the job's resolution");
  const Window& window = options.window;
  QuotientCopies out;
  for_each_convergence_boundary_pixel(map, [&](std::int64_t i, std::int64_t j) {
    ++out.boundary_pixels;
    const auto pre = quotient_preimages(job.problem, job.grid.alpha(j), job.grid.beta(i));
    ++out.preimage_counts[static_cast<int>(pre.size())];
    for (std::size_t b = 0; b < pre.size(); ++b) {
      const auto& p = pre[b];
      if (!(p.w >= 2 * std::abs(p.z)) || p.z < window.a0 || p.z > window.a1 || p.w < window.b0 || p.w > window.b1)
        continue;
      if (out.points() >= options.max_points) {
        out.capped = true;
        continue;
      }
      out.rows.insert(out.rows.end(), {p.z, p.w, static_cast<double>(b)});
      if (out.per_branch.size() <= b) out.per_branch.resize(b + 1, 0);
      ++out.per_branch[b];
    }
  });
  return out;
}

}  // namespace gdchaos
