// gdchaos basin: render a basin map and write the output contract.
#include <cstdio>
#include <deque>
#include <memory>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "gdchaos/error.hpp"
#include "gdchaos/output.hpp"
#include "gdchaos/recipe.hpp"
#include "progress_bar.hpp"

namespace gdchaos::cli {

namespace {

struct BasinArgs {
  // flag name → value as typed; only flags given on the command line enter the recipe.
  std::deque<std::pair<std::string, std::string>> values;  // stable addresses for CLI11
  std::vector<std::pair<std::string, CLI::Option*>> options;
  std::string preset, out;
  bool force = false, quiet = false;
  int threads = 0;
};

}  // namespace

Command add_basin_command(CLI::App& app) {
  auto* sub = app.add_subcommand("basin", "Render which initializations GD converges from, and to what");
  auto args = std::make_shared<BasinArgs>();
  auto flag = [&](const std::string& name, const std::string& help) {
    args->values.emplace_back(name, "");
    auto* opt = sub->add_option("--" + name, args->values.back().second, help);
    args->options.emplace_back(name, opt);
  };
  flag("y", "scalar target y (m = n = 1)");
  flag("target", "target Y: a number, diag:a,b,…, or a .npy/.json matrix");
  flag("d", "inner dimension d (U is d×m, V is d×n); default 1");
  flag("m", "rows of Y (checked against the target)");
  flag("n", "columns of Y (checked against the target)");
  flag("eta", "step size η");
  flag("lambda", "ℓ2 regularisation λ: loss ½‖UᵀV − Y‖² + (λ/2)(‖U‖² + ‖V‖²)");
  flag("data-coef", "a in a‖UᵀV − Y‖² (default ½)");
  flag("reg-coef", "b in b(‖U‖² + ‖V‖²) (default λ/2)");
  flag("momentum", "Polyak heavy-ball momentum β ∈ [0, 1) (default 0)");
  flag("window", "a0,a1,b0,b1: the slice's α and β ranges (default -4,4,-4,4)");
  flag("res", "W[,H] pixels (default 512)");
  flag("center", "α,β: centre of a zoom (with --width)");
  flag("width", "α-width of a zoom (with --center); the height keeps pixels square");
  flag("plane", "coords | random | quotient | hyper | FILE.json with base, dir1, dir2");
  flag("axis1", "--plane hyper: NAME:lo,hi for α (NAME = eta, lambda, y, momentum)");
  flag("axis2", "--plane hyper: NAME:lo,hi for β");
  flag("init", "--plane hyper: the initialization θ₀ (vec U, then vec V)");
  flag("seed", "seed of --plane random (default 0)");
  flag("base", "base point of --plane random (default: random)");
  flag("color", "status | attractor | norm2 | imbalance | sharpness | steps | coord");
  flag("coord", "index K of θ* to record in coord.npy");
  flag("max-iter", "steps before a pixel is reported undecided (default 10000)");
  flag("tol", "convergence tolerance on the distance to the limit, relative to max(1, ‖θ‖) (default 1e-10)");
  flag("escape", "escape radius on ‖θ‖² (default 1e10)");
  flag("check-every", "steps between classification tests (default 16)");
  flag("engine", "auto | exact | dense (default auto: exact when m = n = 1)");
  sub->add_option("--preset", args->preset, "a preset name (see presets/) or a .json file, e.g. a meta.json");
  sub->add_option("--out", args->out, "output directory")->required();
  sub->add_flag("--force", args->force, "replace a non-empty output directory");
  sub->add_flag("--quiet", args->quiet, "no progress bar");
  sub->add_option("--threads", args->threads, "worker threads (default: all)")->check(CLI::Range(0, 1024));

  auto run = [args]() -> int {
    auto given = [&](const char* name) {
      for (const auto& [n, opt] : args->options)
        if (n == name) return opt->count() > 0;
      return false;
    };
    if (given("y") && given("target")) throw InputError("give either --y or --target, not both");
    if (given("lambda") && given("reg-coef")) throw InputError("give either --lambda or --reg-coef, not both");
    if (given("window") && (given("center") || given("width"))) throw InputError("give either --window or --center/--width");
    check_output_dir(args->out, args->force);
    nlohmann::json recipe = args->preset.empty() ? nlohmann::json::object() : load_preset(args->preset);
    for (std::size_t k = 0; k < args->options.size(); ++k) {
      const auto& [name, opt] = args->options[k];
      if (opt->count() == 0) continue;
      std::string key = name;
      for (auto& c : key) c = c == '-' ? '_' : c;
      if (key == "y" || key == "target" || key == "lambda" || key == "reg_coef") {
        // A flag replaces the preset's way of saying the same thing.
        if (key == "y" || key == "target") recipe.erase("y"), recipe.erase("target");
        if (key == "lambda" || key == "reg_coef") recipe.erase("lambda"), recipe.erase("reg_coef");
      }
      if (key == "window") recipe.erase("center"), recipe.erase("width");
      recipe[key] = args->values[k].second;
    }
    auto job = basin_job_from_recipe(recipe);
    job.options.threads = args->threads;
    ProgressBar bar("basin", !args->quiet);
    job.options.progress = [&bar](std::int64_t done, std::int64_t total) { bar.update(done, total); };
    const auto map = job.render();
    auto meta = basin_meta(job, map);
    meta["threads"] = args->threads;
    write_basin_output(args->out, job, map, meta, args->force);
    if (!args->quiet) {
      std::fprintf(stderr, "\n%s: %lldx%lld in %.2fs (%s engine): converged %lld, other critical %lld, diverged %lld, undecided %lld\n",
                   args->out.c_str(), static_cast<long long>(map.width), static_cast<long long>(map.height),
                   map.wall_seconds, map.engine.c_str(), static_cast<long long>(map.counts[1]),
                   static_cast<long long>(map.counts[2]), static_cast<long long>(map.counts[3]),
                   static_cast<long long>(map.counts[0]));
    }
    return 0;
  };
  return {sub, run};
}

}  // namespace gdchaos::cli
