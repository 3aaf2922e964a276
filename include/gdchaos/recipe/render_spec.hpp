#pragma once
// One render request, whatever runs it (the CLI, a server tile, an MPI rank): what GD runs on (a
// model and an optimizer), where its orbits start (Starts), the grid of pixels, the decision
// options and the colouring. Built from a recipe (recipe.hpp); each kind of start carries only
// what it needs.
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "gdchaos/core/json_value.hpp"
#include "gdchaos/engine/field_set.hpp"
#include "gdchaos/sample/hyper.hpp"
#include "gdchaos/sample/initial_points.hpp"
#include "gdchaos/model/model.hpp"
#include "gdchaos/model/optimizer.hpp"
#include "gdchaos/model/problem.hpp"
#include "gdchaos/engine/render.hpp"
#include "gdchaos/sample/slice.hpp"

namespace gdchaos {

/// Pixels are points θ₀ = base + α·dir1 + β·dir2 of a 2-D slice of parameter space.
struct SliceStarts {
  Plane plane;
};
/// Pixels are quotient points (z, w) = (uᵀv, ‖u‖² + ‖v‖²) of Proposition 3 (factorization, m = n = 1).
struct QuotientStarts {};
/// Pixels are pairs of hyperparameter values; GD always starts from `init`.
struct HyperStarts {
  HyperAxis axis1, axis2;
  std::vector<double> init;
};
using Starts = std::variant<SliceStarts, QuotientStarts, HyperStarts>;

struct RenderSpec {
  /// The loss GD runs on: Factorization(problem), or another family (the recipe's "depth" gives
  /// the deep linear one).
  std::shared_ptr<const Model> model;
  Optimizer optimizer;
  /// The factorization family's problem, η and β included (the fast paths, the quotient and
  /// hyperparameter planes and Theorem 1 speak of it); for the quotient plane d = 1 (the quotient
  /// does not depend on d). For other families it holds only the optimizer's η and β: see
  /// is_factorization().
  Problem problem;
  Starts starts;
  Grid grid;
  RenderOptions options;
  std::string color = "status";
  /// The float fields to write (the recipe's "fields"); unset: all of them.
  std::optional<std::vector<std::string>> output_fields;
  /// A continuous colouring's range in the field's units (steps: counts), the recipe's "vmin" and
  /// "vmax"; unset ends come from the 0.5th and 99.5th percentiles of the pixels' values.
  std::optional<double> vmin, vmax;
  JsonValue recipe;  ///< the resolved recipe: every parameter, defaults filled in

  bool is_factorization() const { return model->family() == "factorization"; }
  /// Throws InputError naming `what` unless the model is the factorization family.
  void require_factorization(const std::string& what) const;
  bool is_slice() const { return std::holds_alternative<SliceStarts>(starts); }
  bool is_quotient() const { return std::holds_alternative<QuotientStarts>(starts); }
  bool is_hyper() const { return std::holds_alternative<HyperStarts>(starts); }
  /// The slice (throws std::bad_variant_access for the other kinds of start).
  const Plane& plane() const { return std::get<SliceStarts>(starts).plane; }
  const HyperStarts& hyper() const { return std::get<HyperStarts>(starts); }
  /// The float fields its output holds (field_set.hpp): those the model records, or of them the
  /// `output_fields` asked for.
  FieldSet fields() const;
  /// The float fields a render computes and a BasinMap holds: all the model records, whatever
  /// `output_fields` keeps (what a map held in memory costs).
  FieldSet rendered_fields() const;

  /// The starting points of the render (refers to this spec: keep it alive). Not for
  /// hyperparameter planes, whose pixels differ in the problem rather than the start.
  std::unique_ptr<InitialPoints> points() const;
  /// θ₀ at plane coordinates (α, β); false outside the quotient domain. Not for hyperparameter planes.
  bool point(double alpha, double beta, std::span<double> theta) const;
  /// The whole map, in memory.
  BasinMap render() const;
  /// Rows [row_begin, row_end) of the map (a band of it, with that many rows). A band that starts
  /// at a multiple of band_row_quantum() (and ends at one, or at the last row) holds exactly the
  /// pixels the whole map holds there.
  BasinMap render_rows(std::int64_t row_begin, std::int64_t row_end, const RenderOptions& options) const;
  /// Rows a band of this map starts at a multiple of (engine/render.hpp: band_row_quantum).
  std::int64_t band_row_quantum() const;
  /// GD on the spec's model and optimizer from any starting points (e.g. uncertainty's pairs).
  BasinMap render(const InitialPoints& points, const RenderOptions& options) const;
  /// One run for each plane coordinate (α_k, β_k) = (ab[2k], ab[2k + 1]), as one row: from the
  /// start θ₀(α, β) on slices and the quotient plane (each inside the domain: see point()), with
  /// the hyperparameters (α, β) from θ₀ on network hyperparameter planes. Throws InputError for
  /// factorization hyperparameter planes, whose runs each need their own problem.
  BasinMap render_coordinates(std::span<const double> ab, const RenderOptions& options) const;
  /// Whether (α, β) lies in the plane's domain (the quotient's w ≥ 2|z|; every point elsewhere).
  bool in_domain(double alpha, double beta) const;
};

}  // namespace gdchaos
