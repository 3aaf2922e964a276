// gdchaos basin: render a basin map and write the output contract.
#include <cstdio>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "cluster_front.hpp"
#include "commands.hpp"
#include "common_flags.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/model/problem.hpp"
#include "gdchaos/output/basin_output.hpp"
#include "gdchaos/recipe/recipe.hpp"
#include "number_options.hpp"
#include "progress_bar.hpp"
#include "recipe_flags.hpp"

namespace gdchaos::cli {

namespace {

struct BasinArgs {
  RecipeFlags flags;
  std::string preset, out;
  bool force = false, quiet = false, resume = false;
  int threads = 0;
};

}  // namespace

Command add_basin_command(CLI::App& app) {
  auto* sub = app.add_subcommand("basin", "Render which initializations GD converges from, and to what");
  auto args = std::make_shared<BasinArgs>();
  args->flags.add(sub, problem_flags());
  args->flags.add(sub, model_flags());
  args->flags.add(sub, slice_flags());
  args->flags.add(sub, picture_flags());
  args->flags.add(sub, decision_flags());
  add_preset_option(sub, args->preset, "a preset name (see presets/) or a .json file, e.g. a meta.json");
  add_out_option(sub, args->out, "output directory");
  add_force_flag(sub, args->force, "replace a non-empty output directory");
  add_quiet_flag(sub, args->quiet, "no progress bar");
  add_threads_option(sub, args->threads);
  add_resume_flag(sub, args->resume);

  auto run = [args]() -> int {
    nlohmann::json recipe;
    std::optional<BasinJob> built;
    on_every_rank([&] {
      recipe = args->flags.recipe(args->preset);
      built.emplace(basin_job_from_recipe(recipe));
    });
    auto& job = *built;
    job.options.threads = rank_threads(args->threads);
    if (job.is_factorization() && !args->quiet && cluster_rank() == 0)
      if (const auto note = rank_note(job.problem); !note.empty()) std::fprintf(stderr, "gdchaos: note: %s\n", spell_parameters(note, flag_spelling).c_str());
    std::optional<OutputDir> out;
    on_rank0([&] {
      open_basin_output(out, args->out, {args->force, args->resume, args->quiet}, recipe_inputs(recipe, args->preset), job);
    });
    ProgressBar bar("basin", !args->quiet && cluster_rank() == 0);
    const auto meta = write_basin(out ? &*out : nullptr, job, nlohmann::json::object(), bar);
    on_rank0([&] { out->commit(); });
    if (cluster_rank() != 0) return 0;
    if (!args->quiet) {
      const auto& c = meta["counts"];
      std::fprintf(stderr, "\n%s: %lldx%lld in %.2fs (%s engine): converged %lld, other critical %lld, diverged %lld, undecided %lld\n",
                   args->out.c_str(), static_cast<long long>(job.grid.width), static_cast<long long>(job.grid.height),
                   meta["wall_seconds"].get<double>(), meta["engine"].get<std::string>().c_str(),
                   c["converged"].get<long long>(), c["other_critical"].get<long long>(), c["diverged"].get<long long>(),
                   c["undecided"].get<long long>());
    }
    return 0;
  };
  return {sub, run};
}

}  // namespace gdchaos::cli
