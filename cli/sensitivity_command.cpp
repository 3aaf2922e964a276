// gdchaos sensitivity: what GD converges to from tiny neighbourhoods of a boundary point.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "common_flags.hpp"
#include "gdchaos/analysis/sensitivity.hpp"
#include "gdchaos/theory/critical.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/io/output_dir.hpp"
#include "gdchaos/core/memory_budget.hpp"
#include "gdchaos/recipe/recipe.hpp"
#include "gdchaos/version.hpp"
#include "number_options.hpp"
#include "plot.hpp"
#include "recipe_flags.hpp"

namespace gdchaos::cli {

namespace {
struct SensitivityArgs {
  RecipeFlags flags;
  std::string preset, out, point, radii = "1e-2,1e-4,1e-6";
  double angle = 0.3, loss_threshold = 1e-8;
  int side = 64, threads = 0;
  bool force = false;
};
}  // namespace

Command add_sensitivity_command(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "sensitivity", "Sample starts in shrinking neighbourhoods of a boundary point and report what GD converges to");
  auto args = std::make_shared<SensitivityArgs>();
  args->flags.add(sub, problem_flags());
  args->flags.add(sub, {{"plane", "coords | random | FILE.json: the plane of the neighbourhoods (its base starts the ray)"},
                        {"seed", "seed of --plane random (default 0)"},
                        {"base", "base point of --plane random"}});
  args->flags.add(sub, decision_flags());
  sub->add_option("--point", args->point, "the centre θ_c (default: a boundary point found along a ray)");
  add_number_option(sub, "angle", args->angle, [](double) { return true; }, "a finite number",
                    "the ray's angle φ in the plane: base + t(cos φ dir1 + sin φ dir2) (default 0.3)");
  sub->add_option("--radii", args->radii, "half-widths of the square neighbourhoods (default 1e-2,1e-4,1e-6)");
  add_integer_option(sub, "side", args->side, 2, 4096, "side × side starts per neighbourhood (default 64)");
  add_number_option(sub, "loss-threshold", args->loss_threshold, [](double x) { return x > 0; }, "> 0",
                    "for iterations to reach L − min L below it (default 1e-8)");
  add_preset_option(sub, args->preset, "a preset name or .json file for the problem");
  add_out_option(sub, args->out, "output directory: samples.csv, summary.json, sensitivity.png");
  add_force_flag(sub, args->force, "replace a non-empty output directory");
  add_threads_option(sub, args->threads);
  auto run = [args]() -> int {
    auto recipe = args->flags.recipe(args->preset);
    for (const char* k : {"window", "res", "center", "width", "color", "coord"}) recipe.erase(k);
    if (recipe.value("plane", "") == "quotient" || recipe.value("plane", "") == "hyper")
      throw InputError("sensitivity samples a plane of parameter space: --plane coords, random or a file");
    auto job = basin_job_from_recipe(recipe);
    job.require_factorization("gdchaos sensitivity");
    job.options.threads = args->threads;
    SensitivityOptions opt;
    opt.radii = parse_number_list(args->radii, "radii");
    opt.side = args->side;
    opt.loss_threshold = args->loss_threshold;
    opt.render = job.options;
    if (!(opt.loss_threshold > 0)) throw InputError("--loss-threshold must be > 0");
    if (opt.side < 2 || opt.side > 4096) throw InputError("--side must be in [2, 4096]");
    require_memory(sensitivity_memory_bytes(job.problem, opt),
                   std::to_string(opt.radii.size() * opt.side * opt.side) + " samples");
    for (double r : opt.radii)
      if (!(r > 0)) throw InputError("--radii must be > 0");
    check_output_dir(args->out, args->force, recipe_inputs(recipe, args->preset));  // before the search below
    std::vector<double> centre;
    std::string how;
    if (!args->point.empty()) {
      centre = parse_number_list(args->point, "point");
      if (static_cast<int>(centre.size()) != job.problem.dim())
        throw InputError("--point has " + std::to_string(centre.size()) + " numbers, the problem has " +
                         std::to_string(job.problem.dim()) + " parameters");
      how = "given";
    } else {
      centre = boundary_point(job.problem, job.plane(), args->angle, job.options);
      how = "bisection along the ray base + t(cos φ dir1 + sin φ dir2)";
    }
    OutputDir dir(args->out, args->force, recipe_inputs(recipe, args->preset));
    const auto samples = sample_neighbourhoods(job.problem, centre, job.plane(), opt);
    {
      std::ofstream csv(dir.path() / "samples.csv");
      csv << "radius,alpha,beta,status,norm2,imbalance,sharpness,steps_to_loss\n";
      csv.precision(10);
      for (const auto& s : samples)
        csv << s.radius << ',' << s.alpha << ',' << s.beta << ',' << int(s.status) << ',' << s.norm2 << ','
            << s.imbalance << ',' << s.sharpness << ',' << s.steps_to_loss << '\n';
      close_checked(csv, dir.path() / "samples.csv");
    }
    auto summary = sensitivity_summary(job.problem, samples);
    summary["centre"] = centre;
    summary["centre_found_by"] = how;
    summary["angle"] = args->angle;
    summary["plane"] = job.plane().to_json();
    summary["side"] = opt.side;
    summary["loss_threshold"] = opt.loss_threshold;
    summary["recipe"] = job.recipe;
    summary["gdchaos_version"] = kVersion;
    if (theorem1_applies(job.problem)) summary["theorem1_margin_at_centre"] = theorem1_margin(job.problem, centre);
    dir.write_json("summary.json", summary);
    run_plot_script("sensitivity", {(dir.path() / "samples.csv").string(), (dir.path() / "summary.json").string(),
                                    (dir.path() / "sensitivity.png").string()});
    dir.commit();
    std::printf("%s\n", summary.dump(2).c_str());
    return 0;
  };
  return {sub, run};
}

}  // namespace gdchaos::cli
