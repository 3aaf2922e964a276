#include "gdchaos/recipe/render_spec.hpp"

#include <algorithm>

#include "gdchaos/core/error.hpp"
#include "gdchaos/model/mlp.hpp"
#include "gdchaos/sample/network_hyper.hpp"

namespace gdchaos {

void RenderSpec::require_factorization(const std::string& what) const {
  if (!is_factorization()) throw InputError(what + " needs the factorization family, not " + model->family());
}

FieldSet RenderSpec::rendered_fields() const { return basin_fields(*model, options.coord >= 0); }

FieldSet RenderSpec::fields() const {
  FieldSet all = rendered_fields();
  if (output_fields)
    std::erase_if(all, [this](const FieldSpec& f) {
      return std::find(output_fields->begin(), output_fields->end(), f.name) == output_fields->end();
    });
  return all;
}

std::unique_ptr<InitialPoints> RenderSpec::points() const {
  if (is_hyper()) throw InputError("a hyperparameter plane has one starting point, not a plane of them");
  if (is_quotient()) return std::make_unique<QuotientPoints>(grid);
  return std::make_unique<SlicePoints>(plane(), grid);
}

bool RenderSpec::point(double alpha, double beta, std::span<double> theta) const {
  if (is_hyper()) throw InputError("a hyperparameter plane has one starting point, not a plane of them");
  if (is_quotient()) return quotient_representative(alpha, beta, theta);
  plane().point(alpha, beta, theta);
  return true;
}

BasinMap RenderSpec::render() const { return render_rows(0, grid.height, options); }

BasinMap RenderSpec::render_rows(std::int64_t row_begin, std::int64_t row_end, const RenderOptions& with) const {
  if (const auto* h = std::get_if<HyperStarts>(&starts)) {
    if (const auto* net = dynamic_cast<const Mlp*>(model.get()))
      return render_network_hyper(*net, optimizer, h->init, h->axis1, h->axis2, grid.width, grid.height, with, row_begin,
                                  row_end);
    return render_hyper(problem, h->init, h->axis1, h->axis2, grid.width, grid.height, with, row_begin, row_end);
  }
  const auto all = points();
  if (row_begin == 0 && row_end == grid.height) return render(*all, with);
  return render(RowBand(*all, row_begin, row_end), with);
}

std::int64_t RenderSpec::band_row_quantum() const {
  // Hyperparameter planes decide every pixel as if alone (each is its own problem); their tiles
  // of 64 are row-aligned all the same.
  if (is_hyper()) return dynamic_cast<const Mlp*>(model.get()) ? 1 : std::max<std::int64_t>(1, 64 / grid.width);
  return gdchaos::band_row_quantum(*model, options, grid.width);
}

bool RenderSpec::in_domain(double alpha, double beta) const {
  if (is_hyper()) return true;
  std::vector<double> theta(model->dim());
  return point(alpha, beta, theta);
}

BasinMap RenderSpec::render_coordinates(std::span<const double> ab, const RenderOptions& with) const {
  const auto count = static_cast<std::int64_t>(ab.size() / 2);
  if (const auto* h = std::get_if<HyperStarts>(&starts)) {
    const auto* net = dynamic_cast<const Mlp*>(model.get());
    if (!net) throw InputError("runs at chosen points of a factorization hyperparameter plane are not supported (uncertainty needs them)");
    const NetworkStepSizes steps = [&](std::int64_t k, double& momentum) {
      return layer_step_sizes(*net, optimizer, h->axis1, h->axis1.value(ab[2 * k]), h->axis2, h->axis2.value(ab[2 * k + 1]),
                              momentum);
    };
    return render_network_runs(*net, optimizer, h->init, count, 1, steps, with);
  }
  const int dim = model->dim();
  std::vector<double> flat(static_cast<std::size_t>(count) * dim);
  for (std::int64_t k = 0; k < count; ++k) point(ab[2 * k], ab[2 * k + 1], std::span<double>(flat.data() + k * dim, dim));
  return render(ListPoints(dim, std::move(flat)), with);
}

BasinMap RenderSpec::render(const InitialPoints& starts_, const RenderOptions& with) const {
  return gdchaos::render(*model, optimizer, starts_, with);
}

}  // namespace gdchaos
