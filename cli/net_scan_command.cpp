// gdchaos net scan: a network trained from one θ₀ at each step size of a list (the paper's Fig. 6):
// final loss, ‖θ‖² and sharpness against η, the stability edge (2 + 2β)/η, and the
// edge-of-stability and chaotic intervals found in them (analysis/net_scan.hpp).
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "cluster_front.hpp"
#include "commands.hpp"
#include "gdchaos/core/control.hpp"
#include "common_flags.hpp"
#include "gdchaos/analysis/net_scan.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/io/npy.hpp"
#include "gdchaos/io/output_dir.hpp"
#include "gdchaos/recipe/net_recipe.hpp"
#include "gdchaos/recipe/recipe.hpp"
#include "gdchaos/engine/simd_target.hpp"
#include "gdchaos/version.hpp"
#include "init_file.hpp"
#include "number_options.hpp"
#include "plot.hpp"
#include "progress_bar.hpp"
#include "recipe_flags.hpp"

namespace gdchaos::cli {

namespace {

struct NetScanArgs {
  RecipeFlags flags;
  std::string preset, out, eta_range, etas, save_init;
  int points = 200, threads = 0;
  bool force = false, quiet = false;
};

nlohmann::json interval_json(const std::optional<EtaInterval>& i) {
  if (!i) return nullptr;
  return {{"eta", {i->lo, i->hi}}, {"points", i->points}, {"span", i->span}};
}

std::string number_text(double x) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", x);
  return b;
}

// 17 significant digits: every double read back exactly.
void write_csv(const std::filesystem::path& path, const NetScan& scan) {
  std::ofstream csv(path);
  csv << "eta,status,steps,loss,norm2,sharpness,sharpness_over_edge,regime\n";
  char line[512];
  const auto& m = scan.runs;
  for (std::size_t k = 0; k < scan.etas.size(); ++k) {
    const double edge = (2 + 2 * scan.momentum) / scan.etas[k];
    std::snprintf(line, sizeof line, "%.17g,%d,%d,%.17g,%.17g,%.17g,%.17g,%s\n", scan.etas[k], int(m.status[k]), m.steps[k],
                  double(m.field("loss")[k]), double(m.field("norm2")[k]), double(m.field("sharpness")[k]),
                  double(m.field("sharpness")[k]) / edge, scan_regime_name(scan.regimes[k]));
    csv << line;
  }
  close_checked(csv, path);
}

}  // namespace

Command add_net_scan_command(CLI::App& net) {
  auto* sub = net.add_subcommand("scan", "Train one network at each of many step sizes: final norm and sharpness against η");
  auto args = std::make_shared<NetScanArgs>();
  args->flags.add(sub, network_flags());
  sub->add_option("--eta-range", args->eta_range, "lo,hi: scan --points step sizes evenly from lo to hi, both included");
  sub->add_option("--etas", args->etas, "a list of step sizes instead of --eta-range");
  add_integer_option(sub, "points", args->points, 1, 100000, "how many step sizes in --eta-range (default 200)");
  add_preset_option(sub, args->preset, "a .json recipe, e.g. a scan.json of an earlier `net scan`");
  add_out_option(sub, args->out, "output directory: scan.csv, scan.json, scan.png, init.npy");
  sub->add_option("--save-init", args->save_init, "also write θ₀ (the flat parameter vector) to FILE.npy")->check(non_empty());
  add_force_flag(sub, args->force, "replace a non-empty output directory");
  add_quiet_flag(sub, args->quiet, "no progress bar");
  add_threads_option(sub, args->threads);

  auto run = [args]() -> int {
    // What every rank checks and loads for itself (the data: a node may lack the file).
    nlohmann::json recipe;
    std::vector<double> etas;
    std::optional<NetworkSetup> setup_;
    on_every_rank([&] {
      recipe = args->flags.recipe(args->preset);
      if (!is_network_recipe(recipe)) throw InputError("gdchaos net scan needs `data` (e.g. --data fashion-mnist:0,1)");
      for (const char* key : {"plane", "window", "res", "center", "width", "axis1", "axis2", "seed", "filter_normalize", "color", "coord"})
        if (recipe.contains(key)) throw InputError(std::string("`") + key + "` applies to `net basin`, not to a scan");
      if (!args->etas.empty() && !args->eta_range.empty()) throw InputError("give either --eta-range or --etas");
      if (!args->etas.empty()) {
        etas = parse_number_list(args->etas, "--etas");
      } else if (!args->eta_range.empty()) {
        const auto range = parse_number_list(args->eta_range, "--eta-range");
        if (range.size() != 2 || !(range[0] > 0) || !(range[1] > range[0]))
          throw InputError("--eta-range: expected lo,hi with 0 < lo < hi");
        etas = evenly_spaced(range[0], range[1], args->points);
      } else if (recipe.contains("etas")) {
        etas = recipe["etas"].get<std::vector<double>>();
      } else {
        throw InputError("give --eta-range lo,hi (or --etas a,b,…)");
      }
      recipe.erase("etas");
      for (double eta : etas)
        if (!(eta > 0)) throw InputError("--etas: every step size must be > 0");
      recipe["eta"] = etas.front();  // each run has its own η
      const auto& setup = setup_.emplace(network_from_recipe(recipe));
      for (double eta : etas) {
        double norm2 = 0;
        for (double x : setup.theta0) norm2 += x * x;
        check_step_size(*setup.model, Optimizer{eta, setup.optimizer.momentum}, norm2);
      }
      check_save_init(args->save_init);
    });
    const auto& setup = *setup_;
    std::optional<OutputDir> out;
    on_rank0([&] {
      out.emplace(args->out, args->force, recipe_inputs(recipe, args->preset));
      npy::write<double>(out->path() / "init.npy", setup.theta0, {static_cast<std::int64_t>(setup.theta0.size())});
    });

    RenderOptions options;
    options.decision = setup.decision;
    options.engine = setup.engine;
    options.threads = rank_threads(args->threads);
    ProgressBar bar("net scan", !args->quiet && cluster_rank() == 0);
    const auto scan = scan_network_here(*setup.model, setup.optimizer, setup.theta0, etas, options, bar);
    if (cluster_rank() != 0) return 0;
    OutputDir& dir = *out;
    write_csv(dir.path() / "scan.csv", scan);

    nlohmann::json resolved = *setup.resolved;
    resolved.erase("eta");
    resolved["etas"] = etas;
    nlohmann::json counts = nlohmann::json::object();
    for (int s = 0; s < kStatusCount; ++s) counts[std::string(kStatusNames[s])] = scan.runs.counts[s];
    nlohmann::json regimes = nlohmann::json::object();
    for (auto r : scan.regimes) regimes[scan_regime_name(r)] = regimes.value(scan_regime_name(r), 0) + 1;
    nlohmann::json problem = setup.model->describe();
    problem["momentum"] = setup.optimizer.momentum;
    const nlohmann::json summary = {
        {"gdchaos_version", kVersion},
        {"simd", simd_target()},
        {"command", "net scan"},
        {"recipe", resolved},
        {"rerun", "gdchaos net scan --preset <this scan.json> --out <new dir>"},
        {"problem", problem},
        {"init_file", "init.npy: θ₀, float64, in the order of problem.parameter_order"},
        {"points", etas.size()},
        {"stability_edge", setup.optimizer.momentum == 0 ? "2/η" : "(2 + 2β)/η (heavy ball)"},
        {"counts", counts},
        {"regimes", regimes},
        {"edge_of_stability", interval_json(scan.edge_of_stability)},
        {"chaotic", interval_json(scan.chaotic)},
        {"first_divergence", scan.first_divergence ? nlohmann::json(*scan.first_divergence) : nlohmann::json(nullptr)},
        {"rule",
         {{"edge_of_stability", "not diverged, |S/E − 1| ≤ " + number_text(kEdgeTolerance) + ", regular; the longest run (gaps ≤ 3)"},
          {"irregular", "second difference over a point and its neighbours of log ‖θ‖² > " + number_text(kIrregularity) +
                            " or of S/E > " + number_text(kSharpnessIrregularity) + ", or a survivor beside a divergence "
                            "with survivors within " + std::to_string(kInterleave) + " points on both sides"},
          {"chaotic", "the longest run of irregular points and of diverged ones among survivors (gaps ≤ 2), at least " +
                          std::to_string(kChaoticMinimumPoints) + " irregular"},
          {"final_values", "after the last step of every run that did not diverge, converged or not"}}},
        {"wall_seconds", scan.runs.wall_seconds},
        {"threads", worker_threads(options.threads)},
        {"ranks", cluster_ranks()},
    };
    dir.write_json("scan.json", summary);
    run_plot_script("net_scan", {(dir.path() / "scan.csv").string(), (dir.path() / "scan.json").string(),
                                 (dir.path() / "scan.png").string()});
    dir.commit();
    save_init(args->save_init, setup.theta0);
    if (!args->quiet) {
      const auto show = [](const std::optional<EtaInterval>& i) {
        char b[96];
        if (!i) return std::string("none");
        std::snprintf(b, sizeof b, "η ∈ [%.4g, %.4g] (%d points)", i->lo, i->hi, i->points);
        return std::string(b);
      };
      std::fprintf(stderr, "\n%s: %zu step sizes in %.2fs: edge of stability %s; chaotic %s; first divergence %s\n",
                   args->out.c_str(), etas.size(), scan.runs.wall_seconds, show(scan.edge_of_stability).c_str(),
                   show(scan.chaotic).c_str(),
                   scan.first_divergence ? std::to_string(*scan.first_divergence).c_str() : "none");
    }
    return 0;
  };
  return {sub, run};
}

}  // namespace gdchaos::cli
