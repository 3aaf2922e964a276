// The uncertainty report of a rendered map: its entropy, streamed from the directory, is the
// whole-map basin entropy; the exponent is the one uncertainty_exponent measures; the JSON says
// what the parts say (the slope between neighbouring ε, the counts, the verdict).
#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/analysis/outcome_map.hpp"
#include "gdchaos/analysis/uncertainty_report.hpp"
#include "gdchaos/output/basin_output.hpp"
#include "gdchaos/output/basin_reader.hpp"
#include "scratch_dir.hpp"

using namespace gdchaos;
using nlohmann::json;

namespace {

class UncertaintyReportTest : public gdchaos::testing::ScratchDirTest {
 protected:
  BasinJob render(const json& recipe) {
    auto job = basin_job_from_recipe(recipe);
    OutputDir out(dir_ / "map", false);
    write_basin_output(out, job, render_bands(job));
    out.commit();
    return job;
  }
  static UncertaintyOptions small() {
    UncertaintyOptions o;
    o.samples = 4000;
    o.eps_lo = 1e-4;
    o.eps_hi = 1e-1;
    o.eps_count = 6;
    o.bootstrap = 20;
    o.threads = 1;
    return o;
  }
};

TEST_F(UncertaintyReportTest, TheReportIsItsPartsAndItsJsonSaysSo) {
  const auto job = render({{"y", 0.5}, {"lambda", 0.2}, {"eta", 1}, {"res", "96,80"}});
  for (const bool convergence_only : {false, true}) {
    SCOPED_TRACE(convergence_only);
    auto opt = small();
    opt.convergence_only = convergence_only;
    BasinReader map(dir_ / "map");
    const auto report = measure_uncertainty(map, job, opt, 4);

    // The entropy of the streamed bands is the entropy of the whole map.
    const auto whole = read_outcome_map(dir_ / "map");
    std::vector<int> labels(whole.status.size());
    for (std::size_t k = 0; k < labels.size(); ++k)
      labels[k] = comparison_label(whole.status[k], whole.attractor[k], convergence_only);
    const auto entropy = basin_entropy(labels, whole.width, whole.height, 4);
    EXPECT_EQ(report.entropy.entropy, entropy.entropy);
    EXPECT_EQ(report.entropy.boundary_entropy, entropy.boundary_entropy);
    EXPECT_EQ(report.entropy.boxes, 24 * 20);
    EXPECT_GT(report.entropy.boundary_boxes, 0);

    // The exponent is the one measured directly, with the same options (it is deterministic).
    const auto direct = uncertainty_exponent(job, opt);
    ASSERT_EQ(report.result.rows.size(), 6u);
    EXPECT_EQ(report.result.fit.ok, direct.fit.ok);
    EXPECT_EQ(report.result.fit.alpha, direct.fit.alpha);
    EXPECT_EQ(report.verdict.verdict, fractal_verdict(direct.fit, entropy).verdict);

    const json j = report;
    EXPECT_EQ(j["command"], "uncertainty");
    EXPECT_EQ(j["boundary"], convergence_only ? "convergence" : "outcome");
    EXPECT_EQ(j["S_b"].get<double>(), entropy.entropy);
    EXPECT_EQ(j["basin_entropy"]["box"], 4);
    EXPECT_EQ(j["verdict"], report.verdict.verdict);
    EXPECT_EQ(j["samples"], opt.samples);
    ASSERT_EQ(j["eps"].size(), 6u);
    std::int64_t excluded = 0;
    for (std::size_t k = 0; k < 6; ++k) {
      const auto& row = report.result.rows[k];
      EXPECT_EQ(j["eps"][k]["uncertain"], row.uncertain);
      EXPECT_EQ(j["eps"][k]["in_fit"], row.in_fit);
      excluded += row.excluded_undecided;
      const auto& prev = report.result.rows[k > 0 ? k - 1 : 0];
      if (k > 0 && row.f > 0 && prev.f > 0)
        EXPECT_DOUBLE_EQ(j["eps"][k]["local_alpha"].get<double>(), std::log(row.f / prev.f) / std::log(row.eps / prev.eps));
      else
        EXPECT_TRUE(j["eps"][k]["local_alpha"].is_null());
    }
    EXPECT_EQ(j["undecided"]["pairs_excluded"], excluded);
    if (report.result.fit.ok) {
      EXPECT_EQ(j["alpha"].get<double>(), report.result.fit.alpha);
      EXPECT_DOUBLE_EQ(j["dimension"].get<double>(), 2 - report.result.fit.alpha);
      EXPECT_EQ(j["eps_range"][0].get<double>(), report.result.rows[report.result.fit.first].eps);
    } else {
      EXPECT_TRUE(j["alpha"].is_null());
    }
    EXPECT_FALSE(j.contains("dir"));  // where the map came from is the caller's to add
  }
}

}  // namespace
