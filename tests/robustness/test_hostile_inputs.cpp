// Bad input to every subcommand: each case must end with exit code 2, exactly one line on stderr
// naming an error, and no change anywhere in the scratch tree (which holds the user's sentinel files).
#include <cmath>
#include <cstring>

#include "robustness/robust_fixture.hpp"

namespace gdchaos::robust {
namespace {

using Setup = std::function<void(RobustTest&)>;
using Defaults = std::vector<std::pair<std::string, std::string>>;

// `sub` and its defaults, each left out when `extra` gives the same flag.
std::string with_defaults(const std::string& sub, const Defaults& defaults, const std::string& extra) {
  const auto given = words(extra);
  std::string out = sub;
  for (const auto& [flag, value] : defaults)
    if (std::find(given.begin(), given.end(), flag) == given.end()) out += " " + flag + " " + value;
  return out + " " + extra;
}

std::string basin(const std::string& extra) {
  Defaults d = {{"--eta", "0.5"}, {"--res", "16"}, {"--out", "o"}};
  if (extra.find("--target") == std::string::npos && extra.find("--preset") == std::string::npos) d.insert(d.begin(), {"--y", "1"});
  return with_defaults("basin --quiet", d, extra);
}
std::string critical(const std::string& extra) { return with_defaults("critical", {{"--u", "1"}, {"--v", "1"}, {"--y", "1"}}, extra); }
std::string dimension(const std::string& extra, const std::string& dir = "good") { return "dimension " + dir + " --quiet " + extra; }
std::string uncertainty(const std::string& extra, const std::string& dir = "good") {
  return with_defaults("uncertainty " + dir + " --quiet", {{"--samples", "200"}, {"--eps-count", "3"}, {"--bootstrap", "0"}}, extra);
}
std::string sensitivity(const std::string& extra) {
  return with_defaults("sensitivity", {{"--y", "1"}, {"--eta", "0.5"}, {"--side", "4"}, {"--radii", "1e-2"}, {"--out", "s"}}, extra);
}
std::string scan(const std::string& extra) {
  return with_defaults("scan --quiet", {{"--y", "1"}, {"--eta-range", "0.1,1"}, {"--count", "4"}, {"--res", "8"}, {"--out", "c"}}, extra);
}
std::string preimages(const std::string& extra) {
  return with_defaults("preimages --quiet", {{"--y", "1"}, {"--eta", "0.5"}, {"--kind", "saddle"}, {"--depth", "1"}, {"--out", "p.npy"}},
                       extra);
}
std::string reproduce(const std::string& extra) {
  return with_defaults("reproduce --quiet", {{"--fig", "1"}, {"--quality", "draft"}, {"--out", "r"}}, extra);
}

// ---- hostile files ----
std::string deep_arrays(int n) { return std::string(n, '[') + std::string(n, ']'); }
std::string deep_objects(int n) {
  std::string s;
  for (int k = 0; k < n; ++k) s += "{\"a\":";
  s += "1";
  return s + std::string(n, '}');
}
std::string huge_json() { return "{\"y\": 1, \"eta\": 0.5," + std::string((64 << 20) + 4096, ' ') + "\"res\": 16}"; }
const std::string kNulJson = std::string("{\"y\": 1, \"eta\": 0.5\0, \"res\": 16}", 32);
const std::string kHeader = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }";
std::string npy_header(const std::string& descr, const std::string& shape, const std::string& order = "False") {
  return "{'descr': '" + descr + "', 'fortran_order': " + order + ", 'shape': " + shape + ", }";
}
std::string doubles(std::initializer_list<double> v) {
  std::string s;
  for (double x : v) s.append(reinterpret_cast<const char*>(&x), sizeof x);
  return s;
}

Setup file(const std::string& rel, const std::string& text) {
  return [=](RobustTest& t) { t.put(rel, text); };
}
// Content made when the case runs, not when the tables are built (every test process builds them).
Setup gen(const std::string& rel, std::string (*make)()) {
  return [=](RobustTest& t) { t.put(rel, make()); };
}
std::string deep_arrays_100000() { return deep_arrays(100000); }
std::string deep_objects_100000() { return deep_objects(100000); }

Setup fifo_at(const std::string& rel) {
  return [=](RobustTest& t) { t.fifo(rel); };
}
Setup dir_at(const std::string& rel) {
  return [=](RobustTest& t) { t.mkdir(rel); };
}
Setup device_at(const std::string& rel, unsigned maj = 1, unsigned min = 5) {
  return [=](RobustTest& t) {
    if (!t.device(rel, maj, min)) GTEST_SKIP() << "cannot make a device node";
  };
}
Setup link_at(const std::string& target, const std::string& rel) {
  return [=](RobustTest& t) { t.symlink(target, rel); };
}
Setup npy_at(const std::string& rel, const std::string& header, const std::string& data, char major = 1, long len = -1) {
  return [=](RobustTest& t) { write_npy(t.at(rel), header, data, major, len); };
}
Setup all(std::vector<Setup> steps) {
  return [=](RobustTest& t) {
    for (const auto& s : steps) {
      s(t);
      if (::testing::Test::HasFatalFailure() || ::testing::Test::IsSkipped()) return;
    }
  };
}
Setup good(const std::string& name = "good", const std::string& flags = "--y 0.5 --lambda 0.2 --eta 1 --res 64") {
  return [=](RobustTest& t) { t.render(name, flags); };
}
// A render, then one of its files replaced by something hostile.
Setup good_then(const std::string& file, Setup replace, const std::string& name = "good") {
  return all({good(name), [=](RobustTest& t) { fs::remove_all(t.at(name + "/" + file)); }, replace});
}
// A render whose meta.json recipe has `key` set to `value` (paths: @D@ is the scratch directory).
Setup good_with_recipe(const std::string& key, const std::string& value, const std::string& name = "good") {
  return all({good(name), [=](RobustTest& t) {
                const auto p = t.at(name + "/meta.json");
                auto meta = nlohmann::json::parse(slurp(p));
                meta["recipe"][key] = with_dir(value, t.dir_);
                spit(p, meta.dump(2));
              }});
}

Case bad(std::string name, std::string args, std::string says = "", Setup setup = {}) {
  Case c;
  c.name = std::move(name);
  c.args = std::move(args);
  c.says = std::move(says);
  c.setup = std::move(setup);
  return c;
}
Case bad_argv(std::string name, std::vector<std::string> argv, std::string says = "", Setup setup = {}) {
  Case c = bad(std::move(name), "", std::move(says), std::move(setup));
  c.argv = std::move(argv);
  return c;
}
Case rooted(Case c) {
  c.needs_root = true;
  return c;
}

// The same hostile JSON files for every place that reads one (--preset, --plane, --target X.json).
std::vector<Case> json_file_cases(const std::string& prefix, const std::string& flag, const std::string& path,
                                  const std::function<std::string(const std::string&)>& cmd) {
  const std::string use = flag + " " + path;
  return {
      bad(prefix + "_missing", cmd(use), path),
      bad(prefix + "_fifo", cmd(use), "", fifo_at(path)),
      bad(prefix + "_fifo_via_symlink", cmd(use), "", link_at("user/fifo", path)),
      bad(prefix + "_directory", cmd(use), "", dir_at(path)),
      rooted(bad(prefix + "_device", cmd(flag + " user/null"))),
      bad(prefix + "_empty_file", cmd(use), "", file(path, "")),
      bad(prefix + "_malformed", cmd(use), "", file(path, "{\"y\": 1,")),
      bad(prefix + "_deep_arrays_100000", cmd(use), "", gen(path, deep_arrays_100000)),
      bad(prefix + "_deep_objects_100000", cmd(use), "", gen(path, deep_objects_100000)),
      bad(prefix + "_nul_byte", cmd(use), "", file(path, kNulJson)),
      bad(prefix + "_huge_65MiB", cmd(use), "", gen(path, huge_json)),
      bad(prefix + "_invalid_utf8", cmd(use), "", file(path, "{\"y\": 1, \"color\": \"\xff\xfe\"}")),
      bad(prefix + "_array_root", cmd(use), "", file(path, "[1, 2, 3]")),
  };
}

std::vector<Case> npy_file_cases(const std::string& prefix, const std::string& rel, const std::string& cmd,
                                 const std::function<Setup(const std::string&, Setup)>& wrap) {
  const auto at = [&](Setup s) { return wrap(rel, s); };
  return {
      bad(prefix + "_fifo", cmd, "", at(fifo_at(rel))),
      rooted(bad(prefix + "_device_zero", cmd, "", at(device_at(rel, 1, 5)))),
      bad(prefix + "_directory", cmd, "", at(dir_at(rel))),
      bad(prefix + "_bad_magic", cmd, "", at(file(rel, "hello, world\n"))),
      bad(prefix + "_empty", cmd, "", at(file(rel, ""))),
      bad(prefix + "_huge_shape", cmd, "", at(npy_at(rel, npy_header("<f8", "(99999999999, 99999999999)"), doubles({1})))),
      bad(prefix + "_overflowing_shape", cmd, "", at(npy_at(rel, npy_header("<f8", "(99999999999999999999,)"), doubles({1})))),
      bad(prefix + "_negative_shape", cmd, "", at(npy_at(rel, npy_header("<f8", "(-1, 1)"), doubles({1})))),
      bad(prefix + "_header_len_beyond_file", cmd, "", at(npy_at(rel, kHeader, doubles({1}), 1, 60000))),
      bad(prefix + "_complex_dtype", cmd, "", at(npy_at(rel, npy_header("<c16", "(1, 1)"), doubles({1, 2})))),
      bad(prefix + "_object_dtype", cmd, "", at(npy_at(rel, npy_header("|O", "(1, 1)"), doubles({1})))),
      bad(prefix + "_fortran_order", cmd, "", at(npy_at(rel, npy_header("<f8", "(2, 2)", "True"), doubles({1, 2, 3, 4})))),
      bad(prefix + "_truncated_data", cmd, "", at(npy_at(rel, npy_header("<f8", "(4, 4)"), doubles({1})))),
      bad(prefix + "_version_9", cmd, "", at(npy_at(rel, kHeader, doubles({1}), 9))),
      bad(prefix + "_unterminated_header", cmd, "", at(npy_at(rel, "{'descr': '<f8", doubles({1})))),
      bad(prefix + "_nul_in_header", cmd, "", at(npy_at(rel, std::string("{'descr': '<f8\0', 'fortran_order': False, 'shape': (1, 1), }", 61), doubles({1})))),
      bad(prefix + "_unknown_key", cmd, "", at(npy_at(rel, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), 'evil': 1, }", doubles({1})))),
  };
}

Setup plain(const std::string&, Setup s) { return s; }

std::vector<Case> basin_cases() {
  std::vector<Case> v = {
      bad("eta_plus_minus", basin("--eta +-1")),
      bad("eta_nan", basin("--eta nan"), "eta"),
      bad("eta_inf", basin("--eta inf"), "eta"),
      bad("eta_minus_inf", basin("--eta -inf"), "eta"),
      bad("eta_overflow_1e999", basin("--eta 1e999"), "eta"),
      bad("eta_underflow_1e-999", basin("--eta 1e-999"), "eta"),
      bad("eta_empty", basin("--eta <empty>"), "eta"),
      bad_argv("eta_leading_space", {"basin", "--quiet", "--y", "1", "--res", "16", "--out", "o", "--eta", " 1"}, "eta"),
      bad("eta_trailing_garbage", basin("--eta 0.5x"), "eta"),
      bad("eta_hex", basin("--eta 0x1p-1"), "eta"),
      bad("eta_two_values", basin("--eta 0.5,0.6"), "eta"),
      bad("eta_zero", basin("--eta 0"), "eta"),
      bad("eta_negative", basin("--eta -0.5"), "eta"),
      bad("eta_missing_value", "basin --quiet --y 1 --res 16 --out o --eta"),
      bad("y_plus_minus", basin("--y +-1"), "y"),
      bad("y_double_plus", basin("--y ++1"), "y"),
      bad("y_nan", basin("--y NaN"), "y"),
      bad("y_infinity", basin("--y Infinity"), "y"),
      bad("y_overflow", basin("--y -1e999"), "y"),
      bad("window_plus_minus", basin("--window +-4,4,-4,4"), "window"),
      bad("window_three_numbers", basin("--window -4,4,-4"), "window"),
      bad("window_reversed", basin("--window 4,-4,-4,4"), "window"),
      bad("window_empty_item", basin("--window -4,,-4,4"), "window"),
      bad("window_nan", basin("--window nan,4,-4,4"), "window"),
      bad("window_degenerate", basin("--window 1,1,-4,4"), "window"),
      bad("res_zero", basin("--res 0"), "res"),
      bad("res_negative", basin("--res -16"), "res"),
      bad("res_huge_integer", basin("--res 18446744073709551616"), "res"),
      bad("res_overflow", basin("--res 1e999"), "res"),
      bad("res_fraction", basin("--res 16.5"), "res"),
      bad("res_three_numbers", basin("--res 16,16,16"), "res"),
      bad("res_trailing_comma", basin("--res 16,"), "res"),
      bad("res_too_large_for_the_disk", basin("--res 1048576"), "MiB"),
      bad("center_nan", basin("--center nan,0 --width 1"), "center"),
      bad("width_zero", basin("--center 0,0 --width 0"), "width"),
      bad("center_and_window", basin("--center 0,0 --width 1 --window -1,1,-1,1")),
      bad("max_iter_zero", basin("--max-iter 0"), "max"),
      bad("max_iter_huge", basin("--max-iter 99999999999999999999"), "max"),
      bad("max_iter_fraction", basin("--max-iter 10.5"), "max"),
      bad("tol_nan", basin("--tol nan"), "tol"),
      bad("tol_negative", basin("--tol -1e-10"), "tol"),
      bad("escape_inf", basin("--escape inf"), "escape"),
      bad("escape_zero", basin("--escape 0"), "escape"),
      bad("check_every_zero", basin("--check-every 0"), "check"),
      bad("engine_unknown", basin("--engine quantum"), "engine"),
      bad("color_unknown", basin("--color mauve"), "color"),
      bad("coord_out_of_range", basin("--coord 99"), "coord"),
      bad("coord_negative", basin("--coord -2"), "coord"),
      bad("d_zero", basin("--d 0"), "d"),
      bad("d_huge", basin("--d 99999999999"), "d"),
      bad("momentum_one", basin("--momentum 1"), "momentum"),
      bad("momentum_nan", basin("--momentum nan"), "momentum"),
      bad("lambda_and_reg_coef", basin("--lambda 0.1 --reg-coef 0.1")),
      bad("y_and_target", basin("--y 1 --target 1")),
      bad("target_diag_nan", basin("--target diag:1,nan"), "target"),
      bad("target_diag_empty", basin("--target diag:"), "target"),
      bad("target_npy_missing", basin("--target nothere.npy"), "nothere.npy"),
      bad("target_json_deep", basin("--target t.json"), "", gen("t.json", deep_arrays_100000)),
      bad("target_json_fifo", basin("--target t.json"), "", fifo_at("t.json")),
      bad("target_npy_nan_entry", basin("--target t.npy"), "", npy_at("t.npy", kHeader, doubles({NAN}))),
      bad("seed_negative", basin("--plane random --seed -1"), "seed"),
      bad("seed_overflow", basin("--plane random --seed 1e999"), "seed"),
      bad("base_nan", basin("--plane random --base nan,1"), "base"),
      bad("axis1_garbage", basin("--plane hyper --axis1 eta:x,y --axis2 y:0,1 --init 1,1"), "axis"),
      bad("threads_huge", basin("--threads 99999999999"), "threads"),
      bad("threads_negative", basin("--threads -1"), "threads"),
      bad("threads_text", basin("--threads many"), "threads"),
      bad("unknown_flag", basin("--bogus 1"), "bogus"),
      bad("stray_positional", basin("extra")),
      bad("out_missing", "basin --quiet --y 1 --eta 0.5 --res 16", "out"),
      bad("out_empty", basin("--out <empty>"), "out"),
      bad("preset_unknown", basin("--preset nosuch"), "nosuch"),
      bad("preset_empty_string", basin("--preset <empty>"), "preset"),
      bad("preset_string_root", basin("--preset pr.json"), "", file("pr.json", "\"fig3\"")),
      bad("preset_unknown_key", basin("--preset pr.json"), "bogus", file("pr.json", "{\"y\": 1, \"eta\": 0.5, \"bogus\": 1}")),
      bad("preset_eta_string_nan", "basin --quiet --out o --preset pr.json", "eta", file("pr.json", "{\"y\": 1, \"eta\": \"nan\", \"res\": 16}")),
      bad("preset_eta_overflow", "basin --quiet --out o --preset pr.json", "", file("pr.json", "{\"y\": 1, \"eta\": 1e999, \"res\": 16}")),
      bad("preset_res_huge", "basin --quiet --out o --preset pr.json", "res", file("pr.json", "{\"y\": 1, \"eta\": 0.5, \"res\": 1e30}")),
      bad("preset_res_huge_integer", "basin --quiet --out o --preset pr.json", "res",
          file("pr.json", "{\"y\": 1, \"eta\": 0.5, \"res\": 99999999999999999999999}")),
      bad("preset_res_negative", "basin --quiet --out o --preset pr.json", "res", file("pr.json", "{\"y\": 1, \"eta\": 0.5, \"res\": [16, -1]}")),
      bad("preset_eta_plus_minus_string", "basin --quiet --out o --preset pr.json", "eta", file("pr.json", "{\"y\": 1, \"eta\": \"+-0.5\", \"res\": 16}")),
      bad("preset_plane_fifo", basin("--preset pr.json"), "", file("pr.json", "{\"y\": 1, \"eta\": 0.5, \"plane\": \"user/fifo\"}")),
      bad("preset_plane_deep", basin("--preset pr.json"), "",
          all({file("pr.json", "{\"y\": 1, \"eta\": 0.5, \"plane\": \"pl.json\"}"), gen("pl.json", deep_objects_100000)})),
      bad_argv("preset_newline_in_name", {"basin", "--quiet", "--y", "1", "--out", "o", "--preset", "no\nsuch.json"}, "preset"),
      bad("plane_missing_dir2", basin("--plane pl.json"), "", file("pl.json", "{\"base\": [0, 0], \"dir1\": [1, 0]}")),
      bad("plane_wrong_length", basin("--plane pl.json"), "", file("pl.json", "{\"base\": [0, 0, 0], \"dir1\": [1, 0], \"dir2\": [0, 1]}")),
      bad("plane_nan_string", basin("--plane pl.json"), "", file("pl.json", "{\"base\": [\"nan\", 0], \"dir1\": [1, 0], \"dir2\": [0, 1]}")),
      bad("plane_overflow", basin("--plane pl.json"), "", file("pl.json", "{\"base\": [1e999, 0], \"dir1\": [1, 0], \"dir2\": [0, 1]}")),
      bad("plane_not_numbers", basin("--plane pl.json"), "", file("pl.json", "{\"base\": [{}, 0], \"dir1\": [1, 0], \"dir2\": [0, 1]}")),
  };
  for (auto& c : json_file_cases("preset", "--preset", "pr.json", basin)) v.push_back(c);
  for (auto& c : json_file_cases("plane", "--plane", "pl.json", basin)) v.push_back(c);
  for (auto& c : npy_file_cases("target_npy", "t.npy", basin("--target t.npy"), plain)) v.push_back(c);
  // a number list as long as one argument may be (128 kB)
  std::string list;
  for (int k = 0; k < 30000; ++k) list += "1,";
  v.push_back(bad_argv("window_of_30000_numbers", {"basin", "--quiet", "--y", "1", "--eta", "0.5", "--res", "16", "--out", "o", "--window", list}, "window"));
  return v;
}

std::vector<Case> critical_cases() {
  std::string list;
  for (int k = 0; k < 30000; ++k) list += "1,";
  return {
      bad("u_plus_minus", critical("--u +-1"), "u"),
      bad("y_plus_minus", critical("--y +-1"), "y"),
      bad("u_nan", critical("--u nan"), "u"),
      bad("v_inf", critical("--v inf"), "v"),
      bad("u_empty", critical("--u <empty>"), "u"),
      bad("u_overflow", critical("--u 1e999"), "u"),
      bad("u_empty_item", critical("--u 1,,2 --v 1,2,3"), "u"),
      bad("u_v_lengths_differ", critical("--u 1,2 --v 1"), "length"),
      bad("y_text", critical("--y one"), "y"),
      bad("y_empty", critical("--y <empty>"), "y"),
      bad("lambda_nan", critical("--lambda nan"), "lambda"),
      bad("data_coef_zero", critical("--data-coef 0"), "data"),
      bad("momentum_two", critical("--momentum 2"), "momentum"),
      bad("v_missing", "critical --u 1 --y 1", "v"),
      bad("unknown_flag", critical("--out o"), "out"),
      bad_argv("u_trailing_comma_list", {"critical", "--u", list, "--v", "1", "--y", "1"}, "u"),
  };
}

std::vector<Case> dimension_cases() {
  auto in_good = [](const std::string& rel, Setup s) { return good_then(rel.substr(5), s); };  // rel = "good/NAME"
  std::vector<Case> v = {
      bad("dir_missing", dimension("", "nothere"), "nothere"),
      bad("dir_empty_string", dimension("", "<empty>")),
      bad("dir_is_a_file", dimension("", "user/thesis.tex")),
      bad("dir_is_a_fifo", dimension("", "user/fifo")),
      rooted(bad("dir_is_a_device", dimension("", "user/null"))),
      bad("dir_without_meta", dimension("", "user"), "meta.json"),
      bad("meta_fifo", dimension(""), "meta.json", good_then("meta.json", fifo_at("good/meta.json"))),
      bad("meta_fifo_via_symlink", dimension(""), "meta.json", good_then("meta.json", link_at("../user/fifo", "good/meta.json"))),
      bad("meta_directory", dimension(""), "meta.json", good_then("meta.json", dir_at("good/meta.json"))),
      rooted(bad("meta_device", dimension(""), "meta.json", good_then("meta.json", device_at("good/meta.json", 1, 5)))),
      bad("meta_malformed", dimension(""), "meta.json", good_then("meta.json", file("good/meta.json", "{\"grid\": "))),
      bad("meta_deep", dimension(""), "meta.json", good_then("meta.json", gen("good/meta.json", deep_arrays_100000))),
      bad("meta_nul", dimension(""), "meta.json", good_then("meta.json", file("good/meta.json", kNulJson))),
      bad("meta_huge", dimension(""), "meta.json", good_then("meta.json", gen("good/meta.json", huge_json))),
      bad("meta_window_not_numbers", dimension(""), "",
          good_then("meta.json", file("good/meta.json", "{\"grid\": {\"window\": [\"a\", \"b\", \"c\", \"d\"]}, \"recipe\": {}}"))),
      bad("status_missing", dimension(""), "status.npy", good_then("status.npy", [](RobustTest&) {})),
      bad("status_3d", dimension(""), "status.npy", good_then("status.npy", npy_at("good/status.npy", npy_header("|u1", "(2, 2, 2)"), std::string(8, '\1')))),
      bad("status_values_out_of_range", dimension(""), "status.npy",
          good_then("status.npy", npy_at("good/status.npy", npy_header("|u1", "(64, 64)"), std::string(64 * 64, '\x09')))),
      bad("status_nan", dimension(""), "status.npy", good_then("status.npy", npy_at("good/status.npy", npy_header("<f8", "(1, 1)"), doubles({NAN})))),
      bad("attractor_shape_mismatch", dimension("--boundary label"), "attractor.npy",
          good_then("attractor.npy", npy_at("good/attractor.npy", npy_header("<i2", "(2, 2)"), std::string(8, '\0')))),
      bad("boundary_unknown", dimension("--boundary wiggly"), "boundary", good()),
      bad("boundary_empty", dimension("--boundary <empty>"), "boundary", good()),
      bad("boundary_attractor_out_of_range", dimension("--boundary attractor:99"), "attractor", good()),
      bad("boundary_attractor_negative", dimension("--boundary attractor:-1"), "attractor", good()),
      bad("boundary_attractor_overflow", dimension("--boundary attractor:99999999999999999999"), "attractor", good()),
      bad("boundary_attractor_plus_minus", dimension("--boundary attractor:+-1"), "attractor", good()),
      bad("fit_not_powers_of_two", dimension("--fit 3,24"), "fit", good()),
      bad("fit_nan", dimension("--fit nan,64"), "fit", good()),
      bad("fit_one_number", dimension("--fit 4"), "fit", good()),
      bad("fit_plus_minus", dimension("--fit +-4,64"), "fit", good()),
      bad("fit_overflow", dimension("--fit 1e999,1e999"), "fit", good()),
      bad("fit_too_narrow", dimension("--fit 4,16"), "fit", good()),
      bad("plot_not_png", dimension("--plot user/x.txt"), "plot", good()),
      bad("plot_dotfile_name", dimension("--plot .png"), "plot", good()),
      bad("plot_missing_directory", dimension("--plot nodir/x.png"), "nodir", good()),
      bad("plot_through_a_file", dimension("--plot user/thesis.tex/x.png"), "plot", good()),
      bad("plot_record_over_meta_json", dimension("--plot good/meta.png"), "meta.json", good()),
      bad("plot_record_over_user_json", dimension("--plot user/thesis.png"), "thesis.json",
          all({good(), file("user/thesis.json", "{\"mine\": true}\n")})),
      bad("plot_over_user_png", dimension("--plot user/fig.png"), "fig.png", all({good(), file("user/fig.png", "my figure")})),
      bad("plot_record_symlink", dimension("--plot user/lnk.png"), "lnk", all({good(), link_at("thesis.tex", "user/lnk.json")})),
      bad("plot_record_fifo", dimension("--plot user/pipe.png"), "pipe", all({good(), fifo_at("user/pipe.json")})),
      rooted(bad("plot_record_device", dimension("--plot user/dev.png"), "dev", all({good(), device_at("user/dev.json", 1, 3)}))),
      bad("plot_record_directory", dimension("--plot user/d.png"), "d.json", all({good(), dir_at("user/d.json")})),
      bad("plot_is_a_directory", dimension("--plot user/pic.png"), "pic.png", all({good(), dir_at("user/pic.png")})),
      bad("plot_is_a_symlink", dimension("--plot user/l.png"), "l.png", all({good(), link_at("thesis.tex", "user/l.png")})),
  };
  for (auto& c : npy_file_cases("status", "good/status.npy", dimension(""), in_good)) v.push_back(c);
  return v;
}

std::vector<Case> uncertainty_cases() {
  auto in_good = [](const std::string& rel, Setup s) { return good_then(rel.substr(5), s); };
  std::vector<Case> v = {
      bad("dir_missing", uncertainty("", "nothere"), "nothere"),
      bad("dir_is_a_file", uncertainty("", "user/thesis.tex")),
      bad("dir_is_a_fifo", uncertainty("", "user/fifo")),
      bad("dir_without_meta", uncertainty("", "user"), "meta.json"),
      bad("meta_fifo", uncertainty(""), "meta.json", good_then("meta.json", fifo_at("good/meta.json"))),
      bad("meta_directory", uncertainty(""), "meta.json", good_then("meta.json", dir_at("good/meta.json"))),
      bad("meta_malformed", uncertainty(""), "meta.json", good_then("meta.json", file("good/meta.json", "{"))),
      bad("meta_without_recipe", uncertainty(""), "recipe", good_then("meta.json", file("good/meta.json", "{}"))),
      bad("meta_recipe_not_object", uncertainty(""), "recipe", good_then("meta.json", file("good/meta.json", "{\"recipe\": [1]}"))),
      bad("meta_deep", uncertainty(""), "meta.json", good_then("meta.json", gen("good/meta.json", deep_objects_100000))),
      bad("meta_nul", uncertainty(""), "meta.json", good_then("meta.json", file("good/meta.json", kNulJson))),
      bad("meta_huge", uncertainty(""), "meta.json", good_then("meta.json", gen("good/meta.json", huge_json))),
      bad("recipe_plane_fifo", uncertainty(""), "", good_with_recipe("plane", "@D@/user/fifo")),
      bad("recipe_eta_nan", uncertainty(""), "eta", good_with_recipe("eta", "nan")),
      bad("recipe_res_mismatch", uncertainty(""), "", good_with_recipe("res", "32")),
      bad("attractor_missing", uncertainty(""), "attractor.npy", good_then("attractor.npy", [](RobustTest&) {})),
      bad("status_values_out_of_range", uncertainty(""), "status.npy",
          good_then("status.npy", npy_at("good/status.npy", npy_header("|u1", "(64, 64)"), std::string(64 * 64, '\x09')))),
      bad("status_shape_mismatch", uncertainty(""), "", good_then("status.npy", npy_at("good/status.npy", npy_header("|u1", "(8, 8)"), std::string(64, '\1')))),
      bad("samples_too_few", uncertainty("--samples 5"), "samples", good()),
      bad("samples_huge_integer", uncertainty("--samples 99999999999999999999"), "samples", good()),
      bad("samples_overflow", uncertainty("--samples 1e999"), "samples", good()),
      bad("samples_empty", uncertainty("--samples <empty>"), "samples", good()),
      bad("eps_nan", uncertainty("--eps nan,1e-2"), "eps", good()),
      bad("eps_reversed", uncertainty("--eps 1e-2,1e-9"), "eps", good()),
      bad("eps_zero", uncertainty("--eps 0,1e-2"), "eps", good()),
      bad("eps_plus_minus", uncertainty("--eps +-1e-9,1e-2"), "eps", good()),
      bad("eps_one_value", uncertainty("--eps 1e-9"), "eps", good()),
      bad("eps_above_one", uncertainty("--eps 1e-9,2"), "eps", good()),
      bad("eps_overflow", uncertainty("--eps 1e-9,1e999"), "eps", good()),
      bad("eps_count_two", uncertainty("--eps-count 2"), "eps-count", good()),
      bad("box_zero", uncertainty("--box 0"), "box", good()),
      bad("box_larger_than_map", uncertainty("--box 1000"), "box", good()),
      bad("seed_negative", uncertainty("--seed -1"), "seed", good()),
      // seeds are exact 64-bit integers (2^53 + 1 is a fine seed); past 2^64 they do not fit
      bad("seed_beyond_2_64", uncertainty("--seed 18446744073709551616"), "seed", good()),
      bad("threads_huge", uncertainty("--threads 99999"), "threads", good()),
      bad("boundary_unknown", uncertainty("--boundary wiggly"), "boundary", good()),
      bad("bootstrap_negative", uncertainty("--bootstrap -1"), "bootstrap", good()),
      bad("min_uncertain_zero", uncertainty("--min-uncertain 0"), "min-uncertain", good()),
  };
  for (auto& c : npy_file_cases("status", "good/status.npy", uncertainty(""), in_good)) v.push_back(c);
  return v;
}

std::vector<Case> sensitivity_cases() {
  return {
      bad("radii_nan", sensitivity("--radii nan"), "radii"),
      bad("radii_negative", sensitivity("--radii -1e-2"), "radii"),
      bad("radii_empty", sensitivity("--radii <empty>"), "radii"),
      bad("radii_overflow", sensitivity("--radii 1e999"), "radii"),
      bad("radii_empty_item", sensitivity("--radii 1e-2,,1e-4"), "radii"),
      bad("side_one", sensitivity("--side 1"), "side"),
      bad("side_huge_integer", sensitivity("--side 99999999999"), "side"),
      bad("side_too_large", sensitivity("--side 5000"), "side"),
      bad("angle_nan", sensitivity("--angle nan"), "angle"),
      bad("angle_inf", sensitivity("--angle inf"), "angle"),
      bad("angle_overflow", sensitivity("--angle 1e999"), "angle"),
      bad("angle_plus_minus", sensitivity("--angle +-1"), "angle"),
      bad("angle_empty", sensitivity("--angle <empty>"), "angle"),
      bad("loss_threshold_nan", sensitivity("--loss-threshold nan"), "loss-threshold"),
      bad("loss_threshold_zero", sensitivity("--loss-threshold 0"), "loss-threshold"),
      bad("loss_threshold_inf", sensitivity("--loss-threshold inf"), "loss-threshold"),
      bad("loss_threshold_empty", sensitivity("--loss-threshold <empty>"), "loss-threshold"),
      bad("point_wrong_count", sensitivity("--point 1"), "point"),
      bad("point_nan", sensitivity("--point nan,1"), "point"),
      bad("point_plus_minus", sensitivity("--point +-1,1"), "point"),
      bad("plane_quotient", sensitivity("--plane quotient"), "plane"),
      bad("plane_fifo", sensitivity("--plane user/fifo")),
      bad("preset_deep", sensitivity("--preset pr.json"), "", gen("pr.json", deep_arrays_100000)),
      bad("eta_nan", sensitivity("--eta nan"), "eta"),
      bad("threads_negative", sensitivity("--threads -1"), "threads"),
      bad("out_missing", "sensitivity --y 1 --eta 0.5 --side 4", "out"),
  };
}

std::vector<Case> scan_cases() {
  return {
      bad("eta_range_nan", scan("--eta-range nan,1"), "eta-range"),
      bad("eta_range_reversed", scan("--eta-range 1,0.1"), "eta-range"),
      bad("eta_range_zero", scan("--eta-range 0,1"), "eta-range"),
      bad("eta_range_plus_minus", scan("--eta-range 0.1,+-1"), "eta-range"),
      bad("eta_range_one_value", scan("--eta-range 0.1"), "eta-range"),
      bad("eta_range_three_values", scan("--eta-range 0.1,0.5,1"), "eta-range"),
      bad("eta_range_empty", scan("--eta-range <empty>"), "eta-range"),
      bad("eta_range_overflow", scan("--eta-range 0.1,1e999"), "eta-range"),
      bad("count_one", scan("--count 1"), "count"),
      bad("count_huge_integer", scan("--count 99999999999"), "count"),
      bad("count_overflow", scan("--count 1e999"), "count"),
      bad("init_nan", scan("--init nan,1"), "init"),
      bad("init_wrong_count", scan("--init 1"), "init"),
      bad("init_plus_minus", scan("--init +-1,1"), "init"),
      bad("init_and_plane", scan("--init 1,1 --plane coords"), "init"),
      bad("res_zero", scan("--res 0"), "res"),
      bad("y_plus_minus", scan("--y +-1"), "y"),
      bad("preset_fifo", scan("--preset pr.json"), "", fifo_at("pr.json")),
      bad("plane_deep", scan("--plane pl.json"), "", gen("pl.json", deep_arrays_100000)),
      bad("threads_huge", scan("--threads 99999"), "threads"),
  };
}

std::vector<Case> preimages_cases() {
  const std::string q = "--y 0.5 --lambda 0.2 --eta 1 --plane quotient --window -3,3,0,6 --res 16";
  const std::string copies = "preimages --quiet --kind quotient-copies --from q --out c.npy";
  std::vector<Case> v = {
      bad("depth_negative", preimages("--depth -5"), "depth"),
      bad("depth_overflow", preimages("--depth 1e999"), "depth"),
      bad("depth_huge_integer", preimages("--depth 99999999999"), "depth"),
      bad("depth_empty", preimages("--depth <empty>"), "depth"),
      bad("depth_plus_minus", preimages("--depth +-1"), "depth"),
      bad("seeds_one", preimages("--seeds 1"), "seeds"),
      bad("seeds_huge", preimages("--seeds 99999999999"), "seeds"),
      bad("seeds_float", preimages("--seeds 1e99"), "seeds"),
      bad("max_points_zero", preimages("--max-points 0"), "max-points"),
      bad("max_points_huge_integer", preimages("--max-points 99999999999999999999"), "max-points"),
      bad("spacing_nan", preimages("--spacing nan"), "spacing"),
      bad("spacing_inf", preimages("--spacing inf"), "spacing"),
      bad("spacing_negative", preimages("--spacing -1"), "spacing"),
      bad("spacing_plus_minus", preimages("--spacing +-1"), "spacing"),
      bad("spacing_empty", preimages("--spacing <empty>"), "spacing"),
      bad("window_nan", preimages("--window nan,1,2,3"), "window"),
      bad("window_reversed", preimages("--window 4,-4,-4,4"), "window"),
      bad("window_plus_minus", preimages("--window +-4,4,-4,4"), "window"),
      bad("region_reversed", preimages("--region 4,-4,-4,4"), "region"),
      bad("kind_unknown", preimages("--kind spiral"), "kind"),
      bad("kind_empty", preimages("--kind <empty>"), "kind"),
      bad("y_plus_minus", preimages("--y +-1"), "y"),
      bad("eta_nan", preimages("--eta nan"), "eta"),
      bad("preset_fifo", preimages("--preset pr.json"), "", fifo_at("pr.json")),
      bad("quotient_copies_without_from", "preimages --quiet --kind quotient-copies --out c.npy", "from"),
      bad("quotient_copies_with_preset", copies + " --preset fig3", "preset", good("q", q)),
      bad("quotient_copies_from_missing", "preimages --quiet --kind quotient-copies --from nothere --out c.npy", "nothere"),
      bad("quotient_copies_from_a_file", "preimages --quiet --kind quotient-copies --from user/thesis.tex --out c.npy"),
      bad("quotient_copies_from_coords_render", "preimages --quiet --kind quotient-copies --from good --out c.npy", "quotient", good()),
      bad("quotient_copies_depth_two", copies + " --depth 2", "depth", good("q", q)),
      bad("quotient_copies_meta_fifo", copies, "meta.json", all({good("q", q), [](RobustTest& t) { fs::remove(t.at("q/meta.json")); }, fifo_at("q/meta.json")})),
      bad("quotient_copies_meta_deep", copies, "meta.json",
          all({good("q", q), [](RobustTest& t) { fs::remove(t.at("q/meta.json")); }, gen("q/meta.json", deep_arrays_100000)})),
      bad("quotient_copies_window_nan", copies + " --window nan,3,0,6", "window", good("q", q)),
      bad("saddle_with_from", preimages("--from good"), "from", good()),
  };
  auto wrapped = [&](const std::string& rel, Setup s) { return all({good("q", q), [=](RobustTest& t) { fs::remove_all(t.at(rel)); }, s}); };
  for (auto& c : npy_file_cases("quotient_copies_status", "q/status.npy", copies, wrapped)) v.push_back(c);
  return v;
}

std::vector<Case> reproduce_cases() {
  return {
      bad("quality_unknown", reproduce("--quality ultra"), "quality"),
      bad("quality_empty", reproduce("--quality <empty>"), "quality"),
      bad("fig_unknown", reproduce("--fig 9"), "fig"),
      bad("fig_empty", reproduce("--fig <empty>"), "fig"),
      bad("fig_huge_integer", reproduce("--fig 99999999999999999999"), "fig"),
      bad("no_figure", "reproduce --quiet --out r", "fig"),
      bad("out_empty", reproduce("--out <empty>"), "out"),
      bad("out_missing", "reproduce --quiet --fig 1", "out"),
      bad("unknown_flag", reproduce("--res 16"), "res"),
  };
}

class RobustInput : public RobustCaseTest {};
TEST_P(RobustInput, IsRefused) { run_case(); }

INSTANTIATE_TEST_SUITE_P(Basin, RobustInput, ::testing::ValuesIn(basin_cases()), case_name);
INSTANTIATE_TEST_SUITE_P(Critical, RobustInput, ::testing::ValuesIn(critical_cases()), case_name);
INSTANTIATE_TEST_SUITE_P(Dimension, RobustInput, ::testing::ValuesIn(dimension_cases()), case_name);
INSTANTIATE_TEST_SUITE_P(Uncertainty, RobustInput, ::testing::ValuesIn(uncertainty_cases()), case_name);
INSTANTIATE_TEST_SUITE_P(Sensitivity, RobustInput, ::testing::ValuesIn(sensitivity_cases()), case_name);
INSTANTIATE_TEST_SUITE_P(Scan, RobustInput, ::testing::ValuesIn(scan_cases()), case_name);
INSTANTIATE_TEST_SUITE_P(Preimages, RobustInput, ::testing::ValuesIn(preimages_cases()), case_name);
INSTANTIATE_TEST_SUITE_P(Reproduce, RobustInput, ::testing::ValuesIn(reproduce_cases()), case_name);

}  // namespace
}  // namespace gdchaos::robust
