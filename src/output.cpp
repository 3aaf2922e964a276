#include "gdchaos/output.hpp"


#include "gdchaos/analysis/theorem1_agreement.hpp"
#include "gdchaos/basin_image.hpp"
#include "gdchaos/error.hpp"
#include "gdchaos/io/atomic_dir.hpp"
#include "gdchaos/io/npy.hpp"
#include "gdchaos/io/png.hpp"
#include "gdchaos/version.hpp"

namespace gdchaos {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
json plane_meta(const BasinJob& job) {
  if (job.quotient)
    return {{"kind", "quotient"}, {"alpha", "z = u^T v"}, {"beta", "w = |u|^2 + |v|^2"},
            {"domain", "w >= 2|z| (status 4 outside)"}};
  if (job.hyper)
    return {{"kind", "hyper"}, {"alpha", hyperparameter_name(job.axis1.which)},
            {"beta", hyperparameter_name(job.axis2.which)}, {"init", job.init}};
  return job.plane.to_json();
}
}  // namespace

json basin_meta(const BasinJob& job, const BasinMap& map) {
  const auto& p = job.problem;
  json counts = json::object();
  for (int s = 0; s < kStatusCount; ++s) counts[std::string(kStatusNames[s])] = map.counts[s];
  const std::vector<std::int64_t> shape = {map.height, map.width};
  json arrays = {{"status", {{"dtype", "uint8"}, {"shape", shape}}},
                 {"steps", {{"dtype", "int32"}, {"shape", shape}}},
                 {"attractor", {{"dtype", "int16"}, {"shape", shape}}}};
  for (const char* name : {"loss", "norm2", "imbalance", "sharpness"}) arrays[name] = {{"dtype", "float32"}, {"shape", shape}};
  if (!map.coord.empty()) arrays["coord"] = {{"dtype", "float32"}, {"shape", shape}};
  json meta = {
      {"gdchaos_version", kVersion},
      {"command", "basin"},
      {"recipe", job.recipe},
      {"rerun", "gdchaos basin --preset <this meta.json> --out <new dir>"},
      {"problem",
       {{"d", p.d}, {"m", p.m}, {"n", p.n}, {"Y", p.Y}, {"data_coef", p.data_coef}, {"reg_coef", p.reg_coef},
        {"lambda_equivalent", p.lambda_equivalent()}, {"eta", p.eta}, {"momentum", p.momentum},
        {"loss", "data_coef·‖UᵀV − Y‖²_F + reg_coef·(‖U‖²_F + ‖V‖²_F)"},
        {"parameter_order", "vec(U) row-major (U is d×m), then vec(V) row-major (V is d×n)"},
        {"global_min_loss", global_min_loss(p)}}},
      {"plane", plane_meta(job)},
      {"grid", job.grid.to_json()},
      {"pixel_centres", "alpha_j = a0 + (j + 1/2)(a1 - a0)/W, beta_i = b0 + (i + 1/2)(b1 - b0)/H; row i <-> beta_i"},
      {"decision",
       {{"max_iter", job.options.decision.max_iter}, {"tol", job.options.decision.tol},
        {"escape", job.options.decision.escape}, {"check_every", job.options.decision.check_every}}},
      {"status_codes", {{"0", "undecided"}, {"1", "converged to a global minimizer"}, {"2", "converged to another critical point"},
                        {"3", "diverged"}, {"4", "outside the quotient domain"}}},
      {"engine", map.engine},
      {"wall_seconds", map.wall_seconds},
      {"counts", counts},
      {"point_iterations", [&] {
         std::int64_t total = 0;
         for (auto s : map.steps) total += s;
         return total;
       }()},
      {"attractors", map.attractors},
      {"arrays", arrays},
  };
  if (const auto t = theorem1_agreement(job, map))
    meta["theorem1"] = {{"region", "D'_eta = { e s - e^2 y z < 4 - e^2 y^2 }, e = 2 a eta"},
                        {"pixels_checked", t->checked},
                        {"pixels_agreeing", t->agree},
                        {"fraction_agreeing", t->fraction()},
                        {"pixels_cut_by_the_boundary", t->straddling}};
  return meta;
}

void write_basin_output(const fs::path& dir, const BasinJob& job, const BasinMap& map, json meta, bool force) {
  AtomicDir out(dir, force);
  const fs::path& tmp = out.path();
  const std::vector<std::int64_t> shape = {map.height, map.width};
  npy::write<std::uint8_t>(tmp / "status.npy", map.status, shape);
  npy::write<std::int32_t>(tmp / "steps.npy", map.steps, shape);
  npy::write<float>(tmp / "loss.npy", map.loss, shape);
  npy::write<float>(tmp / "norm2.npy", map.norm2, shape);
  npy::write<float>(tmp / "imbalance.npy", map.imbalance, shape);
  npy::write<float>(tmp / "sharpness.npy", map.sharpness, shape);
  npy::write<std::int16_t>(tmp / "attractor.npy", map.attractor, shape);
  if (!map.coord.empty()) npy::write<float>(tmp / "coord.npy", map.coord, shape);
  const auto image = basin_image(map, job.color);
  png::write(tmp / "basin.png", map.width, map.height, image.pixels);
  meta["image"] = {{"file", "basin.png"}, {"color", job.color}, {"orientation", "beta upward, alpha rightward"}};
  if (job.color != "status" && job.color != "attractor")
    meta["image"]["range"] = {image.lo, image.hi}, meta["image"]["log_scale"] = image.log_scale;
  out.write_json("meta.json", meta);
  out.commit();
}

}  // namespace gdchaos
