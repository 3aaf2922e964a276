#include "gdchaos/output.hpp"

#include <fstream>
#include <random>

#include <unistd.h>

#include "gdchaos/basin_image.hpp"
#include "gdchaos/error.hpp"
#include "gdchaos/io/npy.hpp"
#include "gdchaos/io/png.hpp"
#include "gdchaos/version.hpp"

namespace gdchaos {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
// "fig3/" and "fig3" name the same directory.
fs::path output_path(const fs::path& dir) {
  fs::path target = fs::absolute(dir).lexically_normal();
  while (target.has_relative_path() && target.filename().empty()) target = target.parent_path();
  return target;
}
}  // namespace

void check_output_dir(const fs::path& dir, bool force) {
  if (dir.empty()) throw InputError("--out needs a directory name");
  const fs::path target = output_path(dir);
  if (!target.has_relative_path()) throw InputError("--out cannot be the root directory");
  std::error_code ec;
  if (fs::exists(target, ec)) {
    if (!fs::is_directory(target, ec)) throw InputError("--out " + dir.string() + " exists and is not a directory");
    if (!force && !fs::is_empty(target, ec))
      throw InputError("--out " + dir.string() + " is not empty (use --force to replace it)");
  }
  // The nearest existing ancestor must be a writable directory, or nothing could be created.
  fs::path ancestor = target.parent_path();
  while (!fs::exists(ancestor, ec) && ancestor.has_relative_path()) ancestor = ancestor.parent_path();
  if (!fs::is_directory(ancestor, ec) || ::access(ancestor.c_str(), W_OK) != 0)
    throw InputError("--out " + dir.string() + ": cannot create it under " + ancestor.string());
}

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
  return {
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
}

void write_basin_output(const fs::path& dir, const BasinJob& job, const BasinMap& map, json meta, bool force) {
  check_output_dir(dir, force);
  const fs::path target = output_path(dir);
  const fs::path parent = target.parent_path();
  fs::create_directories(parent);
  std::random_device rd;
  // A hidden sibling, so the final rename stays within one file system.
  auto sibling = [&](const char* tag) {
    std::string name = ".";
    name += target.filename().string();
    name += tag;
    name += std::to_string(rd());
    return parent / name;
  };
  const fs::path tmp = sibling(".partial-");
  fs::create_directory(tmp);
  try {
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
    {
      std::ofstream out(tmp / "meta.json");
      out << meta.dump(2) << '\n';
      if (!out) throw std::runtime_error("cannot write meta.json");
    }
    // Swap into place: an existing (forced) directory is moved aside first, then removed.
    if (fs::exists(target)) {
      const fs::path old = sibling(".old-");
      fs::rename(target, old);
      fs::rename(tmp, target);
      fs::remove_all(old);
    } else {
      fs::rename(tmp, target);
    }
  } catch (...) {
    std::error_code ec;
    fs::remove_all(tmp, ec);
    throw;
  }
}

}  // namespace gdchaos
