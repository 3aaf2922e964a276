// Where an output may go: directory outputs (basin, sensitivity, scan, reproduce) replace only an
// absent path, an empty directory or — with --force — an earlier gdchaos output that still matches
// its manifest; single-file outputs (preimages --out, dimension --plot and its record) only a file
// gdchaos wrote. Every refusal is exit 2, one line, and nothing changed.
#include <cstring>

#include "robustness/robust_fixture.hpp"

namespace gdchaos::robust {
namespace {

using Setup = std::function<void(RobustTest&)>;

Setup all(std::vector<Setup> steps) {
  return [=](RobustTest& t) {
    for (const auto& s : steps) {
      s(t);
      if (::testing::Test::HasFatalFailure() || ::testing::Test::IsSkipped()) return;
    }
  };
}
// A real earlier output (a small basin render).
Setup earlier(const std::string& name) {
  return [=](RobustTest& t) { t.render(name, "--y 1 --eta 0.9 --res 8"); };
}
// A directory with a subdirectory and a file, and a manifest that lists exactly them: what
// gdchaos would accept as an earlier output, to test the rules that hold even for one.
Setup forged(const std::string& name, const std::string& sub = "in") {
  return [=](RobustTest& t) {
    t.put(name + "/" + sub + "/x.txt", "x\n");
    t.put(name + "/y.txt", "y\n");
    t.forge(name);
  };
}
Setup step(std::function<void(RobustTest&)> f) { return f; }

Case refused(std::string name, std::string args, std::string says = "", Setup setup = {}) {
  Case c;
  c.name = std::move(name);
  c.args = std::move(args);
  c.says = std::move(says);
  c.setup = std::move(setup);
  return c;
}
Case at_cwd(Case c, std::string cwd) {
  c.cwd = std::move(cwd);
  return c;
}
Case with_env(Case c, std::string env) {
  c.env = std::move(env);
  return c;
}
Case rooted(Case c) {
  c.needs_root = true;
  return c;
}
Case ok(std::string name, std::string args, std::vector<std::string> changes, Setup setup = {}, int code = 0) {
  Case c = refused(std::move(name), std::move(args), "", std::move(setup));
  c.code = code;
  c.changes = std::move(changes);
  return c;
}
Case ok_argv(std::string name, std::vector<std::string> argv, std::vector<std::string> changes) {
  Case c = ok(std::move(name), "", std::move(changes));
  c.argv = std::move(argv);
  return c;
}

// A directory-output command writing to OUT, with EXTRA flags.
using Command = std::function<std::string(const std::string& out, const std::string& extra)>;

std::string basin(const std::string& out, const std::string& extra) {
  return "basin --quiet --y 1 --eta 0.5 --res 16 --out " + out + " " + extra;
}
std::string sensitivity(const std::string& out, const std::string& extra) {
  return "sensitivity --y 1 --eta 0.5 --side 4 --radii 1e-2 --out " + out + " " + extra;
}
std::string scan(const std::string& out, const std::string& extra) {
  return "scan --quiet --y 1 --eta-range 0.1,1 --count 4 --res 8 --out " + out + " " + extra;
}
std::string reproduce(const std::string& out, const std::string& extra) {
  return "reproduce --quiet --fig 1 --quality draft --out " + out + " " + extra;
}

// Places no directory output may replace, for any command (`inputs`: the command reads a preset).
std::vector<Case> directory_places(const Command& cmd, bool inputs) {
  const std::string F = "--force";
  std::vector<Case> v = {
      refused("user_dir", cmd("user", ""), "not empty"),
      refused("user_dir_force", cmd("user", F), "user"),
      refused("user_file_force", cmd("user/thesis.tex", F), "thesis.tex"),
      refused("symlink_to_file_force", cmd("user/link", F), "link"),
      refused("symlink_to_earlier_output_force", cmd("lo", F), "symbolic link",
              all({earlier("o"), step([](RobustTest& t) { t.symlink("o", "lo"); })})),
      refused("symlink_to_empty_dir", cmd("le", ""), "symbolic link", step([](RobustTest& t) { t.symlink("user/empty", "le"); })),
      refused("fifo_force", cmd("user/fifo", F), "fifo"),
      rooted(refused("device_force", cmd("user/null", F), "null")),
      at_cwd(refused("dot_is_earlier_output", cmd(".", F), "current directory", earlier("o")), "o"),
      at_cwd(refused("dotdot_holds_cwd", cmd("..", F), "current directory", forged("anc")), "anc/in"),
      at_cwd(refused("absolute_ancestor_of_cwd", cmd("@D@/anc", F), "current directory", forged("anc", "in/deeper")), "anc/in/deeper"),
      refused("dotdot_normalises_to_cwd", cmd("o/..", F), "", earlier("o")),
      refused("root", cmd("/", F), "root"),
      with_env(refused("home_is_earlier_output", cmd("o", F), "home", earlier("o")), "HOME=@D@/o"),
      with_env(refused("home_ancestor", cmd("h", F), "home", forged("h", "me")), "HOME=@D@/h/me"),
      refused("earlier_output_without_force", cmd("o", ""), "not empty", earlier("o")),
      refused("added_user_file", cmd("o", F), "thesis.tex", all({earlier("o"), step([](RobustTest& t) { t.put("o/thesis.tex", "mine\n"); })})),
      refused("added_user_file_trailing_slash", cmd("o/", F), "thesis.tex",
              all({earlier("o"), step([](RobustTest& t) { t.put("o/thesis.tex", "mine\n"); })})),
      refused("added_hidden_file", cmd("o", F), ".thesis.tex.swp",
              all({earlier("o"), step([](RobustTest& t) { t.put("o/.thesis.tex.swp", "swap\n"); })})),
      refused("added_subdirectory", cmd("o", F), "chapter", all({earlier("o"), step([](RobustTest& t) { t.mkdir("o/chapter"); })})),
      refused("added_symlink", cmd("o", F), "mine", all({earlier("o"), step([](RobustTest& t) { t.symlink("../user/thesis.tex", "o/mine"); })})),
      refused("added_fifo", cmd("o", F), "pipe", all({earlier("o"), step([](RobustTest& t) { t.fifo("o/pipe"); })})),
      refused("listed_file_edited", cmd("o", F), "meta.json",
              all({earlier("o"), step([](RobustTest& t) { std::ofstream(t.at("o/meta.json"), std::ios::app) << "\n% my note\n"; })})),
      refused("listed_file_touched", cmd("o", F), "status.npy", all({earlier("o"), step([](RobustTest& t) { t.touch("o/status.npy"); })})),
      refused("listed_file_now_a_symlink", cmd("o", F), "basin.png", all({earlier("o"), step([](RobustTest& t) {
                                                                             fs::remove(t.at("o/basin.png"));
                                                                             t.symlink("../user/thesis.tex", "o/basin.png");
                                                                           })})),
      refused("manifest_is_a_symlink", cmd("o", F), "", all({earlier("o"), step([](RobustTest& t) {
                                                                fs::rename(t.at("o/.gdchaos-manifest.json"), t.at("m.json"));
                                                                t.symlink("../m.json", "o/.gdchaos-manifest.json");
                                                              })})),
      refused("manifest_is_a_fifo", cmd("o", F), "", all({earlier("o"), step([](RobustTest& t) {
                                                             fs::remove(t.at("o/.gdchaos-manifest.json"));
                                                             t.fifo("o/.gdchaos-manifest.json");
                                                           })})),
      refused("manifest_deeply_nested", cmd("o", F), "", all({earlier("o"), step([](RobustTest& t) {
                                                                 t.put("o/.gdchaos-manifest.json", std::string(100000, '[') + std::string(100000, ']'));
                                                               })})),
      refused("manifest_climbs_out", cmd("o", F), "", all({forged("o"), step([](RobustTest& t) {
                                                              const auto p = t.at("o/.gdchaos-manifest.json");
                                                              auto m = nlohmann::json::parse(slurp(p));
                                                              const auto victim = t.at("user/thesis.tex");
                                                              struct stat st {};
                                                              ::stat(victim.c_str(), &st);
                                                              m["entries"].push_back({{"name", "../user/thesis.tex"}, {"size", st.st_size},
                                                                                      {"mtime_ns", st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec}});
                                                              spit(p, m.dump());
                                                            })})),
      refused("manifest_absolute_name", cmd("o", F), "", all({forged("o"), step([](RobustTest& t) {
                                                                 const auto p = t.at("o/.gdchaos-manifest.json");
                                                                 auto m = nlohmann::json::parse(slurp(p));
                                                                 m["entries"].push_back({{"name", t.at("user").string()}, {"directory", true}});
                                                                 spit(p, m.dump());
                                                               })})),
      refused("manifest_lists_a_symlinked_directory", cmd("o", F), "lnk", all({step([](RobustTest& t) {
                                                                                t.put("o/y.txt", "y\n");
                                                                                t.symlink("../user", "o/lnk");
                                                                              }),
                                                                              forged("o")})),
      refused("marked_only_by_report_json", cmd("rp", F), "",
              step([](RobustTest& t) { t.put("rp/report.json", "{\"gdchaos_version\": \"0.1.0\", \"figures\": []}\n"); })),
      refused("meta_json_without_manifest", cmd("o", F), "", all({earlier("o"), step([](RobustTest& t) { fs::remove(t.at("o/.gdchaos-manifest.json")); })})),
      refused("name_too_long_for_the_temporary", cmd(std::string(240, 'n'), ""), "long"),
      refused("name_over_NAME_MAX", cmd(std::string(300, 'n'), ""), ""),
      refused("through_a_file", cmd("user/thesis.tex/o", ""), ""),
      refused("through_a_fifo", cmd("user/fifo/o", ""), ""),
      refused("through_a_symlinked_file", cmd("user/link/o", ""), ""),
      refused("out_empty", cmd("<empty>", ""), "out"),
  };
  std::string deep;
  for (int k = 0; k < 20; ++k) deep += std::string(240, 'a') + "/";
  v.push_back(refused("path_over_PATH_MAX", cmd(deep + "o", ""), ""));
  if (inputs) {
    v.push_back(refused("holds_the_preset", cmd("o", "--force --preset o/meta.json"), "input", earlier("o")));
    v.push_back(refused("holds_the_preset_trailing_slash", cmd("o/", "--force --preset o/./meta.json"), "input", earlier("o")));
    v.push_back(refused("holds_the_plane_file", cmd("o", "--force --plane o/plane.json"), "input", step([](RobustTest& t) {
                          t.put("o/plane.json", "{\"base\": [0, 0], \"dir1\": [1, 0], \"dir2\": [0, 1]}");
                          t.forge("o");
                        })));
    v.push_back(refused("holds_the_preset_via_symlink", cmd("o", "--force --preset lm.json"), "input",
                        all({earlier("o"), step([](RobustTest& t) { t.symlink("o/meta.json", "lm.json"); })})));
  }
  return v;
}

std::vector<Case> basin_places() {
  auto v = directory_places(basin, true);
  v.push_back(refused("holds_the_target_npy", "basin --quiet --eta 0.5 --res 16 --target o/t.npy --out o --force", "input",
                      step([](RobustTest& t) {
                        double one = 1;
                        t.mkdir("o");
                        write_npy(t.at("o/t.npy"), "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }",
                                  std::string(reinterpret_cast<const char*>(&one), 8));
                        t.forge("o");
                      })));
  // what may be written
  v.push_back(ok("fresh", basin("n", ""), {"n"}));
  v.push_back(ok("into_an_empty_directory", basin("user/empty", ""), {"user/empty"}));
  v.push_back(ok("force_over_an_earlier_output", basin("o", "--force"), {"o"}, earlier("o")));
  v.push_back(ok("force_over_a_forged_output_with_subdirectories", basin("f", "--force"), {"f"}, forged("f")));
  v.push_back(ok("missing_parents_are_created", basin("a/b/c", ""), {"a"}));
  v.push_back(ok("name_at_the_limit", basin(std::string(215, 'n'), ""), {std::string(215, 'n')}));
  v.push_back(ok_argv("spaces_and_unicode", {"basin", "--quiet", "--y", "1", "--eta", "0.5", "--res", "16", "--out", " über résumé 图/ ñ "},
                      {" über résumé 图"}));
  v.push_back(ok_argv("newline_in_the_name", {"basin", "--quiet", "--y", "1", "--eta", "0.5", "--res", "16", "--out", "new\nline"}, {"new\nline"}));
  v.push_back(ok_argv("preset_with_unicode_and_spaces", {"basin", "--quiet", "--preset", "my preset ü.json", "--out", "n"}, {"n"}));
  v.back().setup = [](RobustTest& t) { t.put("my preset ü.json", "{\"y\": 1, \"eta\": 0.5, \"res\": 16}"); };
  return v;
}

std::vector<Case> sensitivity_places() {
  auto v = directory_places(sensitivity, true);
  v.push_back(ok("fresh", sensitivity("n", ""), {"n"}));
  v.push_back(ok("force_over_an_earlier_output", sensitivity("o", "--force"), {"o"}, earlier("o")));
  v.push_back(with_env(ok("plot_fails_exit_1", sensitivity("n", ""), {}, {}, 1), "GDCHAOS_PYTHON=/bin/false"));
  return v;
}

std::vector<Case> scan_places() {
  auto v = directory_places(scan, true);
  v.push_back(ok("fresh", scan("n", ""), {"n"}));
  v.push_back(ok("fresh_point_scan", scan("n", "--init 1,0.5"), {"n"}));
  v.push_back(ok("force_over_an_earlier_output", scan("o", "--force"), {"o"}, earlier("o")));
  v.push_back(with_env(ok("plot_fails_exit_1", scan("n", ""), {}, {}, 1), "GDCHAOS_PYTHON=/bin/false"));
  return v;
}

std::vector<Case> reproduce_places() {
  auto v = directory_places(reproduce, false);
  v.push_back(ok("fresh", reproduce("n", ""), {"n"}));
  v.push_back(ok("force_over_an_earlier_output", reproduce("o", "--force"), {"o"}, earlier("o")));
  v.push_back(with_env(ok("plot_fails_exit_1", reproduce("n", ""), {}, {}, 1), "GDCHAOS_PYTHON=/bin/false"));
  return v;
}

// ---- single files ----

std::string preimages(const std::string& out, const std::string& extra) {
  return "preimages --quiet --y 1 --eta 0.5 --kind saddle --depth 1 --out " + out + " " + extra;
}
Setup npy_written(const std::string& rel) {
  return [=](RobustTest& t) {
    const auto r = t.run(words(preimages(rel, "")));
    ASSERT_EQ(r.code, 0) << "setup: " << r.err;
  };
}
std::string sidecar(const std::string& rel) {
  const fs::path p(rel);
  return (p.parent_path() / ("." + p.filename().string() + ".gdchaos-manifest.json")).string();
}

std::vector<Case> preimages_places() {
  const std::string F = "--force";
  return {
      refused("user_file", preimages("user/thesis.tex", ""), "exists"),
      refused("user_file_force", preimages("user/thesis.tex", F), "thesis.tex"),
      rooted(refused("device_force", preimages("user/null", F), "null")),
      refused("fifo_force", preimages("user/fifo", F), "fifo"),
      refused("symlink_force", preimages("user/link", F), "link"),
      refused("symlink_to_own_output_force", preimages("lp.npy", F), "symbolic link",
              all({npy_written("p.npy"), step([](RobustTest& t) { t.symlink("p.npy", "lp.npy"); })})),
      refused("directory", preimages("user/sub", F), "directory"),
      refused("empty_directory", preimages("user/empty", F), "directory"),
      refused("dot", preimages(".", F), ""),
      refused("root", preimages("/", F), ""),
      refused("missing_parent", preimages("nodir/p.npy", ""), "nodir"),
      refused("through_a_file", preimages("user/thesis.tex/p.npy", ""), ""),
      refused("own_output_without_force", preimages("p.npy", ""), "exists", npy_written("p.npy")),
      refused("own_output_edited", preimages("p.npy", F), "p.npy",
              all({npy_written("p.npy"), step([](RobustTest& t) { std::ofstream(t.at("p.npy"), std::ios::app) << "x"; })})),
      refused("own_output_touched", preimages("p.npy", F), "p.npy", all({npy_written("p.npy"), step([](RobustTest& t) { t.touch("p.npy"); })})),
      refused("sidecar_is_a_symlink", preimages("p.npy", F), "p.npy", all({npy_written("p.npy"), step([](RobustTest& t) {
                                                                              fs::rename(t.at(sidecar("p.npy")), t.at("side.json"));
                                                                              t.symlink("side.json", sidecar("p.npy"));
                                                                            })})),
      refused("sidecar_is_a_fifo", preimages("p.npy", F), "p.npy", all({npy_written("p.npy"), step([](RobustTest& t) {
                                                                           fs::remove(t.at(sidecar("p.npy")));
                                                                           t.fifo(sidecar("p.npy"));
                                                                         })})),
      refused("sidecar_names_another_file", preimages("user/data.csv", F), "data.csv",
              all({npy_written("p.npy"), step([](RobustTest& t) { fs::rename(t.at(sidecar("p.npy")), t.at(sidecar("user/data.csv"))); })})),
      refused("sidecar_deeply_nested", preimages("p.npy", F), "p.npy",
              all({npy_written("p.npy"), step([](RobustTest& t) { t.put(sidecar("p.npy"), std::string(100000, '{')); })})),
      refused("name_too_long", preimages(std::string(250, 'p') + ".npy", ""), ""),
      refused("out_empty", preimages("<empty>", ""), "out"),
      refused("from_dir_is_the_output", "preimages --quiet --kind quotient-copies --from q --out q --force", "",
              step([](RobustTest& t) { t.render("q", "--y 0.5 --lambda 0.2 --eta 1 --plane quotient --window -3,3,0,6 --res 16"); })),
      ok("fresh", preimages("p.npy", ""), {"p.npy", sidecar("p.npy")}),
      ok("force_over_own_output", preimages("p.npy", F), {"p.npy", sidecar("p.npy")}, npy_written("p.npy")),
      ok_argv("unicode_name", {"preimages", "--quiet", "--y", "1", "--eta", "0.5", "--kind", "saddle", "--depth", "1", "--out", "ü p.npy"},
              {"ü p.npy", sidecar("ü p.npy")}),
  };
}

// dimension --plot X.png writes X.png and its record X.json.
std::string dimension(const std::string& plot, const std::string& extra = "") {
  return "dimension good --quiet --plot " + plot + " " + extra;
}
Setup good() {
  return [](RobustTest& t) { t.render("good", "--y 0.5 --lambda 0.2 --eta 1 --res 64"); };
}
Setup plotted(const std::string& png) {
  return all({good(), [=](RobustTest& t) {
                const auto r = t.run(words(dimension(png)));
                ASSERT_TRUE(r.code == 0 || r.code == 3) << "setup: " << r.err;
              }});
}
std::vector<std::string> plot_files(const std::string& stem) {
  return {stem + ".json", stem + ".png", sidecar(stem + ".json"), sidecar(stem + ".png")};
}

std::vector<Case> dimension_places() {
  const auto fig = plot_files("fig");
  return {
      refused("record_over_meta_json", dimension("good/meta.png"), "meta.json", good()),
      refused("record_over_user_json_force", dimension("user/thesis.png", "--force"), "thesis.json",
              all({good(), step([](RobustTest& t) { t.put("user/thesis.json", "{}\n"); })})),
      refused("over_user_png_force", dimension("user/fig.png", "--force"), "fig.png",
              all({good(), step([](RobustTest& t) { t.put("user/fig.png", "my figure"); })})),
      // the plot user/X.png keeps its record in user/X.json: that is where the trap is laid
      rooted(refused("record_is_a_device_force", dimension("user/dev.png", "--force"), "dev.json",
                     all({good(), step([](RobustTest& t) { ASSERT_TRUE(t.device("user/dev.json")); })}))),
      refused("record_is_a_fifo_force", dimension("user/pipe.png", "--force"), "pipe.json",
              all({good(), step([](RobustTest& t) { t.fifo("user/pipe.json"); })})),
      refused("record_is_a_symlink_force", dimension("user/ln.png", "--force"), "ln.json",
              all({good(), step([](RobustTest& t) { t.symlink("thesis.tex", "user/ln.json"); })})),
      rooted(refused("plot_is_a_device_force", dimension("user/dev.png", "--force"), "dev.png",
                     all({good(), step([](RobustTest& t) { ASSERT_TRUE(t.device("user/dev.png")); })}))),
      refused("own_plot_without_force", dimension("fig.png"), "exists", plotted("fig.png")),
      refused("own_record_edited_force", dimension("fig.png", "--force"), "fig.json",
              all({plotted("fig.png"), step([](RobustTest& t) { std::ofstream(t.at("fig.json"), std::ios::app) << " "; })})),
      refused("missing_parent", dimension("nodir/fig.png"), "nodir", good()),
      ok("fresh", dimension("fig.png"), fig, good(), 3),
      ok("force_over_own_plot", dimension("fig.png", "--force"), fig, plotted("fig.png"), 3),
      with_env(ok("plot_fails_exit_1", dimension("fig.png"), {}, good(), 1), "GDCHAOS_PYTHON=/bin/false"),
  };
}

class RobustOutput : public RobustCaseTest {};
TEST_P(RobustOutput, Place) { run_case(); }

INSTANTIATE_TEST_SUITE_P(Basin, RobustOutput, ::testing::ValuesIn(basin_places()), case_name);
INSTANTIATE_TEST_SUITE_P(Sensitivity, RobustOutput, ::testing::ValuesIn(sensitivity_places()), case_name);
INSTANTIATE_TEST_SUITE_P(Scan, RobustOutput, ::testing::ValuesIn(scan_places()), case_name);
INSTANTIATE_TEST_SUITE_P(Reproduce, RobustOutput, ::testing::ValuesIn(reproduce_places()), case_name);
INSTANTIATE_TEST_SUITE_P(Preimages, RobustOutput, ::testing::ValuesIn(preimages_places()), case_name);
INSTANTIATE_TEST_SUITE_P(Dimension, RobustOutput, ::testing::ValuesIn(dimension_places()), case_name);

}  // namespace
}  // namespace gdchaos::robust
