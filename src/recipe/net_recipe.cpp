#include "gdchaos/recipe/net_recipe.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/data/dataset.hpp"
#include "gdchaos/io/input_file.hpp"
#include "gdchaos/io/npy.hpp"
#include "gdchaos/recipe/recipe_schema.hpp"
#include "gdchaos/sample/network_hyper.hpp"
#include "recipe/recipe_values.hpp"

namespace gdchaos {

using nlohmann::json;
using namespace detail;

namespace {

bool boolean(const json& v, const std::string& key) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) {
    const auto s = v.get<std::string>();
    if (s == "true" || s == "on" || s == "1" || s == "yes") return true;
    if (s == "false" || s == "off" || s == "0" || s == "no") return false;
    throw InputError(key + ": expected true or false, got '" + s + "'");
  }
  throw InputError(key + ": expected true or false");
}

std::string text(const json& v, const std::string& key) {
  if (!v.is_string()) throw InputError(key + ": expected a string");
  return v.get<std::string>();
}

std::vector<int> widths(const json& v) {
  if (v.is_string() && (v.get<std::string>() == "none" || v.get<std::string>().empty())) return {};
  std::vector<int> out;
  for (long long w : integers(v, "`arch`", 1, 1 << 16)) out.push_back(static_cast<int>(w));
  return out;
}

// The factorization family's keys, which mean nothing to a network.
constexpr const char* kFactorizationKeys[] = {"y", "target", "d", "m", "n", "lambda", "data_coef", "reg_coef", "depth", "base"};

// Parameters of a network of this shape on p inputs (for gaussian data's default sample count).
int parameter_count(const MlpShape& shape, int p) {
  int dim = 0, fan_in = p;
  auto widths = shape.hidden;
  widths.push_back(1);
  for (int w : widths) {
    dim += w * fan_in + (shape.bias ? w : 0);
    fan_in = w;
  }
  return dim;
}

}  // namespace

bool is_network_recipe(const json& recipe) { return recipe.is_object() && recipe.contains("data"); }

NetworkSetup network_from_recipe(const json& r) {
  if (!r.is_object()) throw InputError("a recipe must be a JSON object");
  for (const auto& [key, value] : r.items())
    if (!is_recipe_key(key)) throw InputError("unknown recipe key '" + key + "'");
  for (const char* key : kFactorizationKeys)
    if (r.contains(key))
      throw InputError(std::string("`") + key + "` belongs to the factorization family; a network recipe (with `data`) has no " + key);
  if (r.contains("max_iter")) throw InputError("a network trains for a fixed budget: give `steps`, not `max_iter`");
  if (!r.contains("data")) throw InputError("`data` is required");

  NetworkSetup s;
  MlpShape shape;
  if (r.contains("arch")) shape.hidden = widths(r["arch"]);
  if (r.contains("activation")) shape.activation = parse_activation(text(r["activation"], "`activation`"));
  if (r.contains("bias")) shape.bias = boolean(r["bias"], "`bias`");
  if (r.contains("param")) shape.param = parse_parametrization(text(r["param"], "`param`"));
  if (r.contains("weight_decay")) shape.weight_decay = number(r["weight_decay"], "`weight_decay`");
  if (!(shape.weight_decay >= 0)) throw InputError("`weight_decay` must be >= 0");

  DataRequest data;
  data.source = text(r["data"], "`data`");
  if (r.contains("samples")) data.samples = static_cast<int>(integer(r["samples"], "`samples`", 1, 1 << 24));
  if (r.contains("downsample")) data.downsample = static_cast<int>(integer(r["downsample"], "`downsample`", 1, 64));
  if (r.contains("standardize")) data.standardize = boolean(r["standardize"], "`standardize`");
  if (r.contains("features")) data.features = static_cast<int>(integer(r["features"], "`features`", 1, 1 << 16));
  if (r.contains("data_seed")) data.seed = unsigned_integer(r["data_seed"], "`data_seed`");
  const bool gaussian = data.source == "gaussian";
  const bool images = data.source.rfind("fashion-mnist", 0) == 0 || data.source.rfind("digits:", 0) == 0;
  if (!images && r.contains("standardize"))
    throw InputError("`standardize` applies to image data (fashion-mnist, digits); " + data.source + " is used as given");
  if (!gaussian && (r.contains("features") || r.contains("data_seed")))
    throw InputError("`features` and `data_seed` apply to `data` gaussian");
  // Sohl-Dickstein's setting: as many data points as the network has parameters.
  if (gaussian && data.samples == 0) data.samples = parameter_count(shape, data.features);
  auto dataset = std::make_shared<Dataset>(load_dataset(data));
  s.model = std::make_shared<Mlp>(shape, dataset);
  s.model->validate();
  const int dim = s.model->dim();

  // θ₀: the user's (a .npy file or a list of numbers), or the seeded He initialization.
  std::uint64_t init_seed = 0;
  std::string init_file;
  if (r.contains("init")) {
    if (r.contains("init_seed")) throw InputError("give either `init` or `init_seed`, not both");
    const auto& v = r["init"];
    if (v.is_string() && std::filesystem::path(v.get<std::string>()).extension() == ".npy") {
      init_file = v.get<std::string>();
      check_input_file(init_file, "`init`");
      const auto a = npy::read(init_file);
      if (a.shape.size() != 1) throw InputError("`init` " + init_file + ": expected a 1-D array (the flat θ₀)");
      s.theta0 = a.data;
    } else {
      s.theta0 = numbers(v, "`init`");
    }
    if (static_cast<int>(s.theta0.size()) != dim)
      throw InputError("`init` has " + std::to_string(s.theta0.size()) + " numbers, the network has " + std::to_string(dim) +
                       " parameters (order " + "W_1 row-major, b_1, …, W_L, b_L)");
    for (double x : s.theta0)
      if (!std::isfinite(x)) throw InputError("`init` holds a non-finite number");
  } else {
    if (r.contains("init_seed")) init_seed = unsigned_integer(r["init_seed"], "`init_seed`");
    s.theta0 = s.model->initial_point(init_seed);
  }

  // The optimizer: on a hyperparameter plane whose axis sets every layer's η, the recipe's own η
  // is not used (the first η axis's lower end stands in for it).
  const bool hyper = r.contains("plane") && r["plane"].is_string() && r["plane"].get<std::string>() == "hyper";
  if (r.contains("eta")) {
    s.optimizer.eta = number(r["eta"], "`eta`");
  } else if (hyper) {
    bool found = false;
    for (const char* axis : {"axis1", "axis2"})
      if (!found && r.contains(axis) && r[axis].is_string()) {
        const auto a = parse_hyper_axis(r[axis].get<std::string>());
        if (a.which == Hyperparameter::eta) s.optimizer.eta = a.lo, found = true;
      }
    if (!found) throw InputError("`eta` is required");
  } else {
    throw InputError("`eta` is required");
  }
  if (r.contains("momentum")) s.optimizer.momentum = number(r["momentum"], "`momentum`");
  s.optimizer.validate();

  auto& dec = s.decision;
  dec.max_iter = 1000;
  if (r.contains("steps")) dec.max_iter = static_cast<std::int32_t>(integer(r["steps"], "`steps`", 1, 1 << 30));
  if (r.contains("check_every"))
    dec.check_every = static_cast<std::int32_t>(integer(r["check_every"], "`check_every`", 1, 1 << 16));
  if (r.contains("tol")) dec.tol = number(r["tol"], "`tol`");
  if (r.contains("escape")) dec.escape = number(r["escape"], "`escape`");
  if (!(dec.tol > 0)) throw InputError("`tol` must be > 0");
  if (!(dec.escape > 0)) throw InputError("`escape` must be > 0");
  const std::string engine = r.contains("engine") ? text(r["engine"], "`engine`") : "auto";
  if (engine == "auto" || engine == "network") s.engine = Engine::network;
  else if (engine == "generic") s.engine = Engine::generic;
  else throw InputError("engine: a network runs on the network engine (auto, network) or the generic one, not '" + engine + "'");

  json& out = *s.resolved;
  out["data"] = data.source;
  out["samples"] = dataset->n;
  if (images) {
    out["downsample"] = data.downsample;
    out["standardize"] = data.standardize;
  }
  if (gaussian) out["features"] = data.features, out["data_seed"] = data.seed;
  out["arch"] = shape.hidden;
  out["activation"] = activation_name(shape.activation);
  out["bias"] = shape.bias;
  out["param"] = parametrization_name(shape.param);
  out["weight_decay"] = shape.weight_decay;
  if (!init_file.empty()) out["init"] = init_file;
  else if (r.contains("init")) out["init"] = s.theta0;
  else out["init_seed"] = init_seed;
  out["eta"] = s.optimizer.eta;
  out["momentum"] = s.optimizer.momentum;
  out["steps"] = dec.max_iter;
  out["check_every"] = dec.check_every;
  out["tol"] = dec.tol;
  out["escape"] = dec.escape;
  out["engine"] = engine;
  return s;
}

void filter_normalize(const Mlp& model, const std::vector<double>& theta0, std::vector<double>& d) {
  for (int k = 1; k <= model.layers(); ++k) {
    const int rows = model.fan_out(k), cols = model.fan_in(k), at = model.weight_offset(k);
    for (int i = 0; i < rows; ++i) {
      double dn = 0, tn = 0;
      for (int j = 0; j < cols; ++j) {
        const auto e = static_cast<std::size_t>(at + i * cols + j);
        dn += d[e] * d[e], tn += theta0[e] * theta0[e];
      }
      const double f = dn > 0 ? std::sqrt(tn / dn) : 0;
      for (int j = 0; j < cols; ++j) d[static_cast<std::size_t>(at + i * cols + j)] *= f;
    }
    if (model.bias_offset(k) >= 0)
      for (int i = 0; i < rows; ++i) d[static_cast<std::size_t>(model.bias_offset(k) + i)] = 0;
  }
}

BasinJob net_job_from_recipe(const json& r) {
  auto setup = network_from_recipe(r);
  BasinJob job;
  job.model = setup.model;
  job.optimizer = setup.optimizer;
  job.problem.eta = setup.optimizer.eta;
  job.problem.momentum = setup.optimizer.momentum;
  const int dim = setup.model->dim();
  json resolved = *setup.resolved;

  const std::string plane = r.contains("plane") ? r["plane"].get<std::string>() : "random";
  const std::uint64_t seed = r.contains("seed") ? unsigned_integer(r["seed"], "`seed`") : 0;
  const bool filter = r.contains("filter_normalize") && boolean(r["filter_normalize"], "`filter_normalize`");
  if (filter && plane != "random") throw InputError("`filter_normalize` applies to `plane` random");
  job.grid.window = {-1, 1, -1, 1};
  if (plane == "hyper") {
    if (!r.contains("axis1") || !r.contains("axis2")) throw InputError("`plane` hyper needs `axis1` and `axis2`");
    if (r.contains("window") || r.contains("center")) throw InputError("`plane` hyper takes its window from `axis1` and `axis2`");
    HyperStarts hyper{parse_hyper_axis(text(r["axis1"], "`axis1`")), parse_hyper_axis(text(r["axis2"], "`axis2`")), setup.theta0};
    validate_network_axes(*setup.model, setup.optimizer, hyper.axis1, hyper.axis2);
    job.grid.window = {hyper.axis1.coordinate_lo(), hyper.axis1.coordinate_hi(), hyper.axis2.coordinate_lo(),
                       hyper.axis2.coordinate_hi()};
    job.starts = std::move(hyper);
  } else if (plane == "random") {
    // Two random orthonormal directions through θ₀ (then, optionally, filter-normalized).
    auto p = random_plane(dim, seed, setup.theta0);
    if (filter) filter_normalize(*setup.model, setup.theta0, p.dir1), filter_normalize(*setup.model, setup.theta0, p.dir2);
    job.starts = SliceStarts{std::move(p)};
  } else if (plane == "coords" || plane == "quotient") {
    throw InputError("`plane` " + plane + " belongs to the factorization family; a network's planes are random, hyper or FILE.json");
  } else {
    if (!std::filesystem::exists(plane)) throw InputError("`plane`: '" + plane + "' is not random, hyper, or a JSON file");
    job.starts = SliceStarts{plane_from_json(read_json_file(plane, "`plane`"), dim)};
  }
  if (!job.is_hyper() && (r.contains("axis1") || r.contains("axis2")))
    throw InputError("`axis1` and `axis2` apply to `plane` hyper");

  job.grid.width = job.grid.height = 64;
  read_grid(r, job.grid);
  const auto& w = job.grid.window;

  // Step sizes too small to move θ in double precision are refused (docs/decisions.md).
  {
    double norm2 = 0;
    if (job.is_hyper()) {
      for (double x : setup.theta0) norm2 += x * x;
      const auto& h = job.hyper();
      for (double a : {h.axis1.lo, h.axis1.hi})
        for (double b : {h.axis2.lo, h.axis2.hi}) {
          double momentum = 0;
          const auto eta = layer_step_sizes(*setup.model, setup.optimizer, h.axis1, a, h.axis2, b, momentum);
          check_step_size(*setup.model, Optimizer{*std::min_element(eta.begin(), eta.end()), momentum}, norm2);
        }
    } else {
      check_step_size(*setup.model, setup.optimizer, largest_norm2(job.plane(), w));
    }
  }

  auto& opt = job.options;
  opt.decision = setup.decision;
  opt.engine = setup.engine;
  if (r.contains("coord")) opt.coord = static_cast<int>(integer(r["coord"], "`coord`", 0, dim - 1));
  resolve_engine(*job.model, opt.engine);
  job.color = r.contains("color") ? text(r["color"], "`color`") : "loss";
  check_colour(job.color, colourings(basin_fields(*job.model, opt.coord >= 0)), opt.coord >= 0);
  const json kept_fields = read_output_fields(r, job);

  resolved["plane"] = plane;
  resolved["seed"] = seed;
  if (filter) resolved["filter_normalize"] = true;
  if (job.is_hyper()) {
    resolved["axis1"] = r["axis1"];
    resolved["axis2"] = r["axis2"];
  } else {
    resolved["window"] = {w.a0, w.a1, w.b0, w.b1};
  }
  resolved["res"] = {job.grid.width, job.grid.height};
  resolved["color"] = job.color;
  if (!kept_fields.is_null()) resolved["fields"] = kept_fields;
  read_colour_range(r, job, resolved);
  if (opt.coord >= 0) resolved["coord"] = opt.coord;
  job.recipe = resolved;
  return job;
}

}  // namespace gdchaos
