#pragma once
// The k-th GD iterate of every starting point (for preimages of sets under GD^k, e.g. PAPER.md
// Fig. 1 right: the starts whose 6th iterate lies in a neighbourhood O_p of a minimizer).
#include <span>
#include <vector>

#include "gdchaos/sample/initial_points.hpp"
#include "gdchaos/model/problem.hpp"

namespace gdchaos {

/// θ_k for every point (row-major, dim() numbers each), plain GD or heavy ball from rest, on
/// worker_threads(threads) threads.
std::vector<double> iterate_points(const Problem& p, const InitialPoints& points, int k, int threads = 0);

/// 1 where ‖θ_k − centre‖ < radius, else 0.
std::vector<std::uint8_t> preimage_of_ball(const Problem& p, const InitialPoints& points, int k,
                                           std::span<const double> centre, double radius, int threads = 0);

}  // namespace gdchaos
