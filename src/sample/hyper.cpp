#include "gdchaos/sample/hyper.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "engine/tile.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/model/factorization.hpp"
#include "gdchaos/model/reduced_map.hpp"
#include "gdchaos/recipe/recipe.hpp"

namespace gdchaos {

const char* hyperparameter_name(Hyperparameter h) {
  switch (h) {
    case Hyperparameter::eta: return "eta";
    case Hyperparameter::lambda: return "lambda";
    case Hyperparameter::y: return "y";
    default: return "momentum";
  }
}

std::string HyperAxis::name() const {
  return hyperparameter_name(which) + (layer > 0 ? std::to_string(layer) : std::string());
}

std::string HyperAxis::label() const { return log ? "log10 " + name() : name(); }

HyperAxis parse_hyper_axis(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos)
    throw InputError("axis '" + text + "': expected NAME:lo,hi[:log] (NAME = eta, eta1, eta2, …, lambda, y, momentum)");
  const std::string name = text.substr(0, colon);
  std::string range_text = text.substr(colon + 1);
  HyperAxis axis;
  if (const auto second = range_text.find(':'); second != std::string::npos) {
    if (range_text.substr(second + 1) != "log")
      throw InputError("axis '" + text + "': after the range only ':log' may follow");
    axis.log = true;
    range_text.resize(second);
  }
  if (name == "eta") axis.which = Hyperparameter::eta;
  else if (name == "lambda") axis.which = Hyperparameter::lambda;
  else if (name == "y") axis.which = Hyperparameter::y;
  else if (name == "momentum") axis.which = Hyperparameter::momentum;
  else if (name.size() > 3 && name.rfind("eta", 0) == 0) {
    axis.which = Hyperparameter::eta;
    axis.layer = static_cast<int>(parse_integer(name.substr(3), "axis " + name + "'s layer", 1, 1024));
  } else {
    throw InputError("axis '" + text + "': unknown hyperparameter '" + name + "' (eta, eta1, eta2, …, lambda, y, momentum)");
  }
  const auto range = parse_number_list(range_text, "axis " + name);
  if (range.size() != 2 || !(range[1] > range[0])) throw InputError("axis '" + text + "': expected lo,hi with lo < hi");
  axis.lo = range[0];
  axis.hi = range[1];
  if (axis.log && !(axis.lo > 0)) throw InputError("axis '" + text + "': a logarithmic axis needs lo > 0");
  return axis;
}

Problem with_hyperparameter(Problem p, Hyperparameter h, double value) {
  switch (h) {
    case Hyperparameter::eta: p.eta = value; break;
    case Hyperparameter::lambda: p.reg_coef = value / 2; break;
    case Hyperparameter::y:
      if (!p.scalar_target()) throw InputError("a y axis needs a scalar target (m = n = 1)");
      p.Y = {value};
      break;
    case Hyperparameter::momentum: p.momentum = value; break;
  }
  return p;
}

void validate_hyper_axes(const Problem& base, HyperAxis axis1, HyperAxis axis2) {
  if (axis1.layer > 0 || axis2.layer > 0)
    throw InputError("per-layer step sizes (eta1, eta2, …) are axes of network planes (`gdchaos net basin`)");
  if (axis1.which == axis2.which) throw InputError("the two axes must be different hyperparameters");
  for (double a : {axis1.lo, axis1.hi})
    for (double b : {axis2.lo, axis2.hi})
      with_hyperparameter(with_hyperparameter(base, axis1.which, a), axis2.which, b).validate();
}

BasinMap render_hyper(const Problem& base, const std::vector<double>& theta0, HyperAxis axis1, HyperAxis axis2,
                      std::int64_t width, std::int64_t height, const RenderOptions& options, std::int64_t row_begin,
                      std::int64_t row_end) {
  if (row_end < 0) row_end = height;
  if (row_begin < 0 || row_end > height || row_begin >= row_end) throw InputError("render_hyper: bad row range");
  if (static_cast<int>(theta0.size()) != base.dim())
    throw InputError("`init` has " + std::to_string(theta0.size()) + " numbers, the problem has " +
                     std::to_string(base.dim()) + " parameters");
  if (width < 1 || height < 1 || width > (1 << 20) || height > (1 << 20))
    throw InputError("resolution must be between 1 and 1048576 per side");
  validate_hyper_axes(base, axis1, axis2);
  const Engine engine = resolve_engine(Factorization(base), options.engine);
  const Grid grid{{axis1.coordinate_lo(), axis1.coordinate_hi(), axis2.coordinate_lo(), axis2.coordinate_hi()}, width, height};
  const SameStart start(theta0, width, row_end - row_begin);
  const detail::PixelProblem problem_at = [&](std::int64_t px) {
    return with_hyperparameter(with_hyperparameter(base, axis1.which, axis1.value(grid.alpha(px % width))), axis2.which,
                               axis2.value(grid.beta(row_begin + px / width)));
  };
  // Runs the pixels [begin, end): on the fast paths in one tile whose lanes each hold their own
  // problem, or one pixel at a time.
  auto run = [&](std::int64_t begin, std::int64_t end, const detail::PixelProblem* per_lane, BasinMap& map,
                 AttractorTable& table) {
    const Problem p = problem_at(begin);
    const Factorization model(p);
    std::vector<std::pair<std::int64_t, std::vector<double>>> limits;
    const detail::TileContext ctx{model, optimizer_of(p), &p, start, options, {options.decision, global_min_loss(p)},
                                  0, per_lane, per_lane ? &limits : nullptr};
    switch (engine) {
      case Engine::exact: detail::run_exact_tile(ctx, begin, end, map, table); break;
      case Engine::dense: detail::run_dense_tile(ctx, begin, end, map, table); break;
      default: detail::run_generic_tile(ctx, begin, end, map, table);
    }
    // The lanes decide in any order; the attractors are matched in pixel order, as one pixel at a
    // time would (the record_outcome offset is 0 here, so the pixel is the map index).
    std::sort(limits.begin(), limits.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (const auto& [px, limit] : limits) map.attractor[px] = static_cast<std::int16_t>(table.find_or_add(limit));
  };
  auto run_tile = [&](std::int64_t begin, std::int64_t end, BasinMap& map, AttractorTable& table) {
    // The lanes of one tile run one kind of map (with momentum or not, λ = 0 or not: the kernels
    // and the certified λ = 0 exit differ); a tile that straddles a change of kind (β or λ
    // exactly 0 on a pixel) runs pixel by pixel.
    const auto kind = [](const Problem& p) {
      return std::array<bool, 3>{p.momentum != 0, p.reg_coef == 0, ReducedMap(p).rho == 1};
    };
    bool one_kind = engine != Engine::generic;
    const auto first = kind(problem_at(begin));
    for (std::int64_t px = begin + 1; one_kind && px < end; ++px) one_kind = kind(problem_at(px)) == first;
    if (one_kind) return run(begin, end, &problem_at, map, table);
    for (std::int64_t px = begin; px < end; ++px) run(px, px + 1, nullptr, map, table);
  };
  return detail::render_tiles(width, row_end - row_begin, 64, engine_name(engine),
                              basin_fields(Factorization(base), options.coord >= 0), options, run_tile);
}

}  // namespace gdchaos
