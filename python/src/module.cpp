// gdchaos._core: the C++ library seen from Python. Recipes cross as JSON text (the Python side
// builds them from keywords), so Python and the command line share one validation and one
// meta.json; arrays come back as numpy views on the library's buffers. The Python package
// (python/gdchaos/) is the documented interface; this module is its engine room.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "errors.hpp"
#include "gdchaos/analysis/dimension_report.hpp"
#include "gdchaos/analysis/orbit.hpp"
#include "gdchaos/analysis/uncertainty_report.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/core/memory_budget.hpp"
#include "gdchaos/core/status.hpp"
#include "gdchaos/engine/field_set.hpp"
#include "gdchaos/output/basin_reader.hpp"
#include "gdchaos/recipe/recipe.hpp"
#include "gdchaos/recipe/recipe_schema.hpp"
#include "gdchaos/theory/critical.hpp"
#include "gdchaos/engine/simd_target.hpp"
#include "gdchaos/version.hpp"
#include "interruptible.hpp"
#include "numpy_view.hpp"
#include "rendered_map.hpp"

namespace py = pybind11;
using nlohmann::json;

namespace gdchaos::python {

namespace {

const char* group_name(RecipeGroup group) {
  switch (group) {
    case RecipeGroup::problem: return "problem";
    case RecipeGroup::model: return "model";
    case RecipeGroup::slice: return "slice";
    case RecipeGroup::picture: return "picture";
    case RecipeGroup::decision: return "decision";
    case RecipeGroup::network: return "network";
  }
  return "";
}

// A recipe from the Python side: a JSON object as text (json.dumps of the keywords).
json parse_recipe(const std::string& text) {
  json recipe;
  try {
    recipe = json::parse(text);
  } catch (const json::parse_error& e) {
    throw InputError(std::string("a recipe must be JSON: ") + e.what());
  }
  return recipe;
}

RenderedMap render_map(const std::string& recipe_text, int threads, const py::object& progress) {
  auto job = std::make_shared<RenderSpec>(basin_job_from_recipe(parse_recipe(recipe_text)));
  if (threads < 0 || threads > 1024) throw InputError("`threads` must be in [0, 1024]");
  job->options.threads = threads;
  // A map is held in memory here (the command line streams it to disk instead): refuse one that
  // would not fit before anything is allocated.
  require_memory(basin_map_bytes(job->grid.pixels(), job->rendered_fields()),
                 "a " + std::to_string(job->grid.width) + "x" + std::to_string(job->grid.height) + " map in memory");
  BasinMap map = run_interruptible(
      [&](const std::stop_token& stop, ProgressCounter& counter) {
        RenderOptions options = job->options;
        options.stop = stop;
        options.progress = counter.sink();
        return job->render_rows(0, job->grid.height, options);
      },
      progress);
  // The result holds the fields the recipe keeps (`fields`), as its saved directory would.
  const FieldSet kept = job->fields();
  std::erase_if(map.fields, [&](const FloatField& f) { return field_index(kept, f.name) < 0; });
  return RenderedMap(std::move(job), std::move(map), threads);
}

py::dict map_counts(const BasinMap& map) {
  py::dict counts;
  for (int s = 0; s < kStatusCount; ++s) counts[py::str(std::string(kStatusNames[s]))] = map.counts[s];
  return counts;
}

py::array map_array(const RenderedMap& m, const std::string& name) {
  const BasinMap& map = m.map();
  const std::vector<py::ssize_t> shape = {static_cast<py::ssize_t>(map.height), static_cast<py::ssize_t>(map.width)};
  if (name == "status") return read_only_view(m.owner(), map.status.data(), shape);
  if (name == "steps") return read_only_view(m.owner(), map.steps.data(), shape);
  if (name == "attractor") return read_only_view(m.owner(), map.attractor.data(), shape);
  if (!map.has(name)) throw py::key_error("this map has no array '" + name + "'");
  return read_only_view(m.owner(), map.field(name).data(), shape);
}

py::dict critical(const std::string& recipe_text, const std::vector<double>& theta) {
  const Problem p = problem_from_recipe(parse_recipe(recipe_text));
  if (static_cast<int>(theta.size()) != p.dim())
    throw InputError("u and v must together have " + std::to_string(p.dim()) + " numbers, got " + std::to_string(theta.size()));
  const auto c = critical_step(p, theta);
  py::dict out;
  out["eta_star"] = c.eta_star;
  out["active"] = c.active;
  out["z"] = c.z;
  out["s"] = c.s;
  return out;
}

py::dict orbit(const std::string& recipe_text, const std::vector<double>& theta0, std::int64_t steps, bool with_sharpness,
               const py::object& progress) {
  const auto job = basin_job_from_recipe(parse_recipe(recipe_text));
  // (steps + 1) iterates of dim numbers and two more a step, in memory
  if (steps >= 0)
    require_memory((steps + 1) * (job.model->dim() + 2) * static_cast<std::int64_t>(sizeof(double)), "the orbit");
  auto result = std::make_shared<const Orbit>(run_interruptible(
      [&](const std::stop_token& stop, ProgressCounter&) {
        return follow_orbit(*job.model, job.optimizer, theta0, steps, job.options.decision.escape, with_sharpness, stop);
      },
      progress));
  const auto T = static_cast<py::ssize_t>(result->loss.size());
  py::dict out;
  out["theta"] = read_only_view(result, result->theta.data(), {T, static_cast<py::ssize_t>(result->dim)});
  out["loss"] = read_only_view(result, result->loss.data(), {T});
  out["sharpness"] = with_sharpness ? py::object(read_only_view(result, result->sharpness.data(), {T})) : py::none();
  out["escaped"] = result->escaped;
  return out;
}

std::string dimension(const std::filesystem::path& dir, const std::string& boundary, std::int64_t fit_lo, std::int64_t fit_hi) {
  const auto selection = BoundarySelection::parse(boundary);
  DimensionOptions options;
  if (fit_lo > 0 || fit_hi > 0) options.fit = std::make_pair(fit_lo, fit_hi);
  BasinReader map(dir);
  if (selection.kind != BoundarySelection::Kind::converged) map.open("attractor");
  json out;
  {
    py::gil_scoped_release released;  // streams the map from disk; touches no Python object
    out = measure_dimension(map, selection, options);
  }
  out["source"] = dir;
  out["plane"] = map.meta().contains("plane") ? map.meta()["plane"] : json(nullptr);
  out["recipe"] = map.meta()["recipe"];
  return out.dump();
}

std::string uncertainty(const std::filesystem::path& dir, UncertaintyOptions options, int box, const py::object& progress) {
  BasinReader map(dir);
  map.open("attractor");
  const auto job = basin_job_from_recipe(map.meta()["recipe"]);
  if (job.grid.width != map.width() || job.grid.height != map.height())
    throw InputError(dir.string() + ": status.npy's shape does not match the recipe's resolution");
  require_memory(uncertainty_memory_bytes(job, options), "the uncertainty measurement");
  // The measurement has no stop token: an interrupt is raised when it returns.
  const auto report = run_interruptible(
      [&](const std::stop_token&, ProgressCounter& counter) {
        options.progress = counter.sink();
        return measure_uncertainty(map, job, options, box);
      },
      progress);
  json out = report;
  out["dir"] = dir;
  out["recipe"] = map.meta()["recipe"];
  return out.dump();
}

}  // namespace

}  // namespace gdchaos::python

PYBIND11_MODULE(_core, m) {
  using namespace gdchaos;
  using namespace gdchaos::python;
  m.doc() = "gdchaos's C++ library (the engine of the gdchaos package; use gdchaos, not this module)";
  register_error_translation(m);
  m.attr("__version__") = std::string(kVersion);
  m.def("simd_target", &simd_target, "The SIMD target the engines' kernels run on (\"avx2\", …).");

  m.def("recipe_schema", [] {
    py::list keys;
    for (const auto& key : recipe_schema())
      keys.append(py::make_tuple(std::string(key.name), keyword_of(key.name), group_name(key.group), python_message(key.help)));
    return keys;
  }, "The recipe keys: (recipe key, Python keyword, group, help).");
  m.def("preset_names", &preset_names);
  m.def("load_preset", [](const std::string& name) { return load_preset(name).dump(); }, py::arg("name"));
  m.def("resolve_recipe", [](const std::string& recipe) { return basin_job_from_recipe(parse_recipe(recipe)).recipe->dump(); },
        py::arg("recipe"), "The recipe with every default filled in, as meta.json's \"recipe\"; raises ValueError.");

  py::class_<RenderedMap>(m, "RenderedMap")
      .def_property_readonly("width", [](const RenderedMap& r) { return r.map().width; })
      .def_property_readonly("height", [](const RenderedMap& r) { return r.map().height; })
      .def_property_readonly("engine", [](const RenderedMap& r) { return r.map().engine; })
      .def_property_readonly("wall_seconds", [](const RenderedMap& r) { return r.map().wall_seconds; })
      .def_property_readonly("counts", [](const RenderedMap& r) { return map_counts(r.map()); })
      .def_property_readonly("attractors", [](const RenderedMap& r) { return r.map().attractors; })
      .def_property_readonly("array_names", &RenderedMap::array_names)
      .def_property_readonly("recipe", [](const RenderedMap& r) { return r.recipe().dump(); })
      .def_property_readonly("meta", [](const RenderedMap& r) -> py::object {
        if (!r.meta()) return py::none();
        return py::str(r.meta()->dump());
      })
      .def_property_readonly("directory", [](const RenderedMap& r) -> py::object {
        if (!r.directory()) return py::none();
        return py::str(r.directory()->string());
      })
      .def_property_readonly("window", [](const RenderedMap& r) {
        const auto& w = r.job().grid.window;
        return py::make_tuple(w.a0, w.a1, w.b0, w.b1);
      })
      .def("pixel_centres", [](const RenderedMap& r) {
        const Grid& grid = r.job().grid;
        py::array_t<double> alpha(grid.width), beta(grid.height);
        for (std::int64_t j = 0; j < grid.width; ++j) alpha.mutable_at(j) = grid.alpha(j);
        for (std::int64_t i = 0; i < grid.height; ++i) beta.mutable_at(i) = grid.beta(i);
        return py::make_tuple(alpha, beta);
      }, "(alpha_j, beta_i): the pixel centres of the columns and rows, as the engine computes them.")
      .def("array", &map_array, py::arg("name"))
      .def("save", [](RenderedMap& r, const std::filesystem::path& dir, bool force) {
        py::gil_scoped_release released;  // writing a large map takes a while; it touches no Python object
        return r.save(dir, force).dump();
      }, py::arg("dir"), py::arg("force") = false);

  m.def("render", &render_map, py::arg("recipe"), py::arg("threads") = 0, py::arg("progress") = py::none());
  m.def("load", &RenderedMap::load, py::arg("dir"));
  m.def("critical_step", &critical, py::arg("recipe"), py::arg("theta"));
  m.def("orbit", &orbit, py::arg("recipe"), py::arg("theta0"), py::arg("steps"), py::arg("sharpness"),
        py::arg("progress") = py::none());
  m.def("dimension", &dimension, py::arg("dir"), py::arg("boundary") = "converged", py::arg("fit_lo") = 0,
        py::arg("fit_hi") = 0);
  m.def("uncertainty", [](const std::filesystem::path& dir, std::int64_t samples, double eps_lo, double eps_hi, int eps_count,
                          int box, std::uint64_t seed, int threads, int bootstrap, std::int64_t min_uncertain,
                          bool convergence_only, const py::object& progress) {
    UncertaintyOptions o;
    o.samples = samples;
    o.eps_lo = eps_lo;
    o.eps_hi = eps_hi;
    o.eps_count = eps_count;
    o.seed = seed;
    o.threads = threads;
    o.bootstrap = bootstrap;
    o.min_uncertain = min_uncertain;
    o.convergence_only = convergence_only;
    return uncertainty(dir, o, box, progress);
  }, py::arg("dir"), py::arg("samples"), py::arg("eps_lo"), py::arg("eps_hi"), py::arg("eps_count"), py::arg("box"),
     py::arg("seed"), py::arg("threads"), py::arg("bootstrap"), py::arg("min_uncertain"), py::arg("convergence_only"),
     py::arg("progress") = py::none());
}
