#include "gdchaos/sample/network_hyper.hpp"

#include "engine/tile.hpp"
#include "gdchaos/core/error.hpp"

namespace gdchaos {

namespace {

void set(const Mlp& model, HyperAxis axis, double value, std::vector<double>& eta, double& momentum) {
  if (axis.which == Hyperparameter::momentum) {
    momentum = value;
  } else if (axis.layer == 0) {
    eta.assign(eta.size(), value);
  } else {
    if (axis.layer > model.layers())
      throw InputError("axis " + axis.name() + ": the network has " + std::to_string(model.layers()) + " layers");
    eta[axis.layer - 1] = value;
  }
}

}  // namespace

std::vector<double> layer_step_sizes(const Mlp& model, const Optimizer& base, HyperAxis axis1, double a, HyperAxis axis2,
                                     double b, double& momentum) {
  std::vector<double> eta(model.layers(), base.eta);
  momentum = base.momentum;
  set(model, axis1, a, eta, momentum);
  set(model, axis2, b, eta, momentum);
  return eta;
}

void validate_network_axes(const Mlp& model, const Optimizer& base, HyperAxis axis1, HyperAxis axis2) {
  for (const auto& axis : {axis1, axis2}) {
    if (axis.which != Hyperparameter::eta && axis.which != Hyperparameter::momentum)
      throw InputError("axis " + axis.name() + ": a network plane's axes are eta, eta1, eta2, … or momentum");
    if (axis.layer > model.layers())
      throw InputError("axis " + axis.name() + ": the network has " + std::to_string(model.layers()) + " layers");
  }
  const bool same = axis1.which == axis2.which && (axis1.layer == axis2.layer || axis1.which == Hyperparameter::momentum);
  const bool overlap = axis1.which == Hyperparameter::eta && axis2.which == Hyperparameter::eta &&
                       (axis1.layer == 0 || axis2.layer == 0);
  if (same || overlap) throw InputError("the two axes must set different hyperparameters (" + axis1.name() + ", " + axis2.name() + ")");
  for (double a : {axis1.lo, axis1.hi})
    for (double b : {axis2.lo, axis2.hi}) {
      double momentum = 0;
      for (double eta : layer_step_sizes(model, base, axis1, a, axis2, b, momentum)) Optimizer{eta, momentum}.validate();
    }
}

BasinMap render_network_hyper(const Mlp& model, const Optimizer& base, const std::vector<double>& theta0, HyperAxis axis1,
                              HyperAxis axis2, std::int64_t width, std::int64_t height, const RenderOptions& options,
                              std::int64_t row_begin, std::int64_t row_end) {
  if (row_end < 0) row_end = height;
  if (row_begin < 0 || row_end > height || row_begin >= row_end) throw InputError("render_network_hyper: bad row range");
  if (static_cast<int>(theta0.size()) != model.dim())
    throw InputError("`init` has " + std::to_string(theta0.size()) + " numbers, the network has " +
                     std::to_string(model.dim()) + " parameters");
  if (width < 1 || height < 1 || width > (1 << 20) || height > (1 << 20))
    throw InputError("resolution must be between 1 and 1048576 per side");
  validate_network_axes(model, base, axis1, axis2);
  const Grid grid{{axis1.coordinate_lo(), axis1.coordinate_hi(), axis2.coordinate_lo(), axis2.coordinate_hi()}, width, height};
  const NetworkStepSizes steps = [&](std::int64_t px, double& momentum) {
    return layer_step_sizes(model, base, axis1, axis1.value(grid.alpha(px % width)), axis2,
                            axis2.value(grid.beta(row_begin + px / width)), momentum);
  };
  return render_network_runs(model, base, theta0, width, row_end - row_begin, steps, options);
}

BasinMap render_network_runs(const Mlp& model, const Optimizer& base, const std::vector<double>& theta0, std::int64_t width,
                             std::int64_t height, const NetworkStepSizes& steps, const RenderOptions& options) {
  if (static_cast<int>(theta0.size()) != model.dim())
    throw InputError("θ₀ has " + std::to_string(theta0.size()) + " numbers, the network has " + std::to_string(model.dim()) +
                     " parameters");
  const Engine engine = resolve_engine(model, options.engine);
  if (engine != Engine::network) throw InputError("runs with their own step sizes need the network engine");
  const SameStart start(theta0, width, height);
  const detail::PixelSteps steps_at = [&](std::int64_t px) {
    detail::StepSizes s;
    s.layer_eta = steps(px, s.momentum);
    return s;
  };
  const auto min_loss = model.global_min_loss();
  const detail::TileContext ctx{model,   base,    nullptr, start,    options, {options.decision, min_loss.value_or(0.0), min_loss.has_value()},
                                0,       nullptr, nullptr, &steps_at};
  auto run_tile = [&](std::int64_t begin, std::int64_t end, BasinMap& map, AttractorTable& table) {
    detail::run_network_tile(ctx, begin, end, map, table);
  };
  return detail::render_tiles(width, height, detail::network_tile_size(width * height, options.threads), engine_name(engine),
                              basin_fields(model, options.coord >= 0), options, run_tile);
}

}  // namespace gdchaos
