// gdchaos net basin: a network's basins over a random slice of parameter space through θ₀ or over a
// plane of step sizes (per layer) and momentum; the output contract of `gdchaos basin`, plus init.npy.
#include <cstdio>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "cluster_front.hpp"
#include "commands.hpp"
#include "common_flags.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/io/npy.hpp"
#include "gdchaos/model/mlp.hpp"
#include "gdchaos/output/basin_output.hpp"
#include "gdchaos/recipe/net_recipe.hpp"
#include "init_file.hpp"
#include "progress_bar.hpp"
#include "recipe_flags.hpp"

namespace gdchaos::cli {

namespace {

struct NetBasinArgs {
  RecipeFlags flags;
  std::string preset, out, save_init;
  bool force = false, quiet = false, resume = false;
  int threads = 0;
};

// θ₀ of the run: the slice's base point, or the hyperparameter plane's one start.
std::vector<double> start_of(const BasinJob& job) { return job.is_hyper() ? job.hyper().init : job.plane().base; }

}  // namespace

Command add_net_basin_command(CLI::App& net) {
  auto* sub = net.add_subcommand("basin", "Render which networks GD trains from a slice of starts or a plane of step sizes");
  auto args = std::make_shared<NetBasinArgs>();
  args->flags.add(sub, network_flags());
  add_preset_option(sub, args->preset, "a .json recipe, e.g. a meta.json of an earlier `net basin`");
  add_out_option(sub, args->out, "output directory");
  sub->add_option("--save-init", args->save_init, "also write θ₀ (the flat parameter vector) to FILE.npy")->check(non_empty());
  add_force_flag(sub, args->force, "replace a non-empty output directory");
  add_quiet_flag(sub, args->quiet, "no progress bar");
  add_threads_option(sub, args->threads);
  add_resume_flag(sub, args->resume);

  auto run = [args]() -> int {
    // What every rank checks and loads for itself (the data: a node may lack the file).
    nlohmann::json recipe;
    std::optional<BasinJob> built;
    on_every_rank([&] {
      recipe = args->flags.recipe(args->preset);
      if (!is_network_recipe(recipe)) throw InputError("gdchaos net basin needs `data` (e.g. --data fashion-mnist:0,1)");
      built.emplace(net_job_from_recipe(recipe));
      check_save_init(args->save_init);
    });
    auto& job = *built;
    job.options.threads = rank_threads(args->threads);
    const auto theta0 = start_of(job);
    std::optional<OutputDir> out;
    on_rank0([&] {
      open_basin_output(out, args->out, {args->force, args->resume, args->quiet}, recipe_inputs(recipe, args->preset), job);
      npy::write<double>(out->path() / "init.npy", theta0, {static_cast<std::int64_t>(theta0.size())});
    });
    ProgressBar bar("net basin", !args->quiet && cluster_rank() == 0);
    const nlohmann::json extra = {{"init_file", "init.npy: θ₀, float64, in the order of problem.parameter_order"}};
    const auto meta = write_basin(out ? &*out : nullptr, job, extra, bar);
    on_rank0([&] { out->commit(); });
    if (cluster_rank() != 0) return 0;
    save_init(args->save_init, theta0);
    if (!args->quiet) {
      const auto& c = meta["counts"];
      std::fprintf(stderr, "\n%s: %lldx%lld networks of %d parameters in %.2fs: converged %lld, diverged %lld, undecided %lld\n",
                   args->out.c_str(), static_cast<long long>(job.grid.width), static_cast<long long>(job.grid.height),
                   job.model->dim(), meta["wall_seconds"].get<double>(), c["converged"].get<long long>(),
                   c["diverged"].get<long long>(), c["undecided"].get<long long>());
    }
    return 0;
  };
  return {sub, run};
}

}  // namespace gdchaos::cli
