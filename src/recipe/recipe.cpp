#include "gdchaos/recipe/recipe.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/io/input_file.hpp"
#include "gdchaos/io/npy.hpp"
#include "gdchaos/model/deep_linear.hpp"
#include "gdchaos/model/factorization.hpp"
#include "gdchaos/recipe/net_recipe.hpp"
#include "gdchaos/recipe/recipe_schema.hpp"
#include "recipe/recipe_values.hpp"

namespace gdchaos {

namespace detail {
const std::map<std::string, std::string>& embedded_presets();
}

using nlohmann::json;

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A plain decimal or scientific number: [sign] (digits [. [digits]] | . digits) [(e|E) [sign] digits].
// One sign at most, nothing before or after it (no blanks, "inf", "nan", hex, "+-1").
bool plain_number(const char* p, const char* last) {
  if (p != last && (*p == '+' || *p == '-')) ++p;
  const char* mantissa = p;
  while (p != last && is_digit(*p)) ++p;
  bool digits = p != mantissa;
  if (p != last && *p == '.') {
    ++p;
    const char* fraction = p;
    while (p != last && is_digit(*p)) ++p;
    digits = digits || p != fraction;
  }
  if (!digits) return false;
  if (p != last && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p != last && (*p == '+' || *p == '-')) ++p;
    const char* exponent = p;
    while (p != last && is_digit(*p)) ++p;
    if (p == exponent) return false;
  }
  return p == last;
}

bool names_a_non_finite(std::string t) {
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) t.erase(0, 1);
  for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return t == "inf" || t == "infinity" || t.rfind("nan", 0) == 0;
}

}  // namespace

double parse_number(const std::string& text, const std::string& what) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (!plain_number(first, last)) {
    if (names_a_non_finite(text)) throw InputError(what + ": '" + text + "' is not a finite number");
    throw InputError(what + ": '" + text + "' is not a number (write it as e.g. 0.5, -2 or 1e-3)");
  }
  if (*first == '+') ++first;  // from_chars takes a '-' but not a '+'
  double value = 0;
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec == std::errc::result_out_of_range) throw InputError(what + ": '" + text + "' is out of the range of a double");
  if (ec != std::errc() || ptr != last) throw InputError(what + ": '" + text + "' is not a number");
  if (!std::isfinite(value)) throw InputError(what + ": '" + text + "' is not a finite number");
  return value;
}

namespace {

// An integer as sign and magnitude, so that the whole of both int64 and uint64 fits.
struct Integer {
  bool negative = false;
  std::uint64_t magnitude = 0;
  std::string text;  ///< as given, for messages
};

Integer integer_from_text(const std::string& text, const std::string& what) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  Integer x{false, 0, text};
  if (first != last && *first == '-') x.negative = true, ++first;
  if (first == last || !std::all_of(first, last, is_digit))
    throw InputError(what + ": '" + text + "' is not an integer (expected decimal digits, e.g. 42)");
  const auto [ptr, ec] = std::from_chars(first, last, x.magnitude);
  if (ec != std::errc() || ptr != last) throw InputError(what + ": expected an integer that fits in 64 bits, got " + text);
  x.negative = x.negative && x.magnitude != 0;
  return x;
}

bool in_range(const Integer& x, long long lo, long long hi) {
  // -m ≥ lo  ⇔  m ≤ −lo;  m ≤ hi needs hi ≥ 0
  const auto neg_limit = [](long long v) { return static_cast<std::uint64_t>(-(v + 1)) + 1; };  // −v, for v < 0
  if (x.negative) {
    if (lo >= 0 || x.magnitude > neg_limit(lo)) return false;
    return hi >= 0 || x.magnitude >= neg_limit(hi);
  }
  if (hi < 0 || x.magnitude > static_cast<std::uint64_t>(hi)) return false;
  return lo <= 0 || x.magnitude >= static_cast<std::uint64_t>(lo);
}

long long checked(const Integer& x, const std::string& what, long long lo, long long hi) {
  if (!in_range(x, lo, hi))
    throw InputError(what + ": expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + x.text);
  return x.negative ? -static_cast<long long>(x.magnitude - 1) - 1 : static_cast<long long>(x.magnitude);
}

}  // namespace

long long parse_integer(const std::string& text, const std::string& what, long long lo, long long hi) {
  return checked(integer_from_text(text, what), what, lo, hi);
}

std::uint64_t parse_unsigned(const std::string& text, const std::string& what) {
  const auto x = integer_from_text(text, what);
  if (x.negative) throw InputError(what + ": expected an integer in [0, 18446744073709551615], got " + text);
  return x.magnitude;
}

std::vector<double> parse_number_list(const std::string& text, const std::string& what) {
  std::vector<double> values;
  std::size_t start = 0;
  while (true) {
    const auto comma = text.find(',', start);
    values.push_back(parse_number(text.substr(start, comma - start), what));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return values;
}

namespace detail {

double number(const json& v, const std::string& key) {
  if (v.is_number()) {
    const double x = v.get<double>();
    if (!std::isfinite(x)) throw InputError(key + ": not a finite number");
    return x;
  }
  if (v.is_string()) return parse_number(v.get<std::string>(), key);
  throw InputError(key + ": expected a number");
}

std::vector<double> numbers(const json& v, const std::string& key) {
  if (v.is_string()) return parse_number_list(v.get<std::string>(), key);
  if (v.is_number()) return {number(v, key)};
  if (!v.is_array()) throw InputError(key + ": expected a list of numbers");
  std::vector<double> out;
  for (const auto& x : v) out.push_back(number(x, key));
  return out;
}

// An integer-valued key, exactly: a JSON integer, or a string of decimal digits (what the flags
// give). Never through double, which would round a seed like 9007199254740993 without a word.
// For compatibility with old meta.json recipes, a JSON float is accepted when it is integral and
// below 2^53 in magnitude, where every double is an exact integer (e.g. "max_iter": 20000.0).
Integer integer_value(const json& v, const std::string& key) {
  if (v.is_number_unsigned()) {
    const auto x = v.get<std::uint64_t>();
    return {false, x, std::to_string(x)};
  }
  if (v.is_number_integer()) {
    const auto x = v.get<std::int64_t>();
    return {x < 0, x < 0 ? static_cast<std::uint64_t>(-(x + 1)) + 1 : static_cast<std::uint64_t>(x), std::to_string(x)};
  }
  if (v.is_number_float()) {
    const double x = v.get<double>();
    constexpr double kExact = 9007199254740992.0;  // 2^53
    if (!(std::abs(x) < kExact) || x != std::floor(x))
      throw InputError(key + ": expected an integer, got " + v.dump() +
                       (std::isfinite(x) && x == std::floor(x) ? " (a float beyond 2^53: write it as an integer)" : ""));
    return {x < 0, static_cast<std::uint64_t>(std::abs(x)), v.dump()};
  }
  if (v.is_string()) return integer_from_text(v.get<std::string>(), key);
  throw InputError(key + ": expected an integer");
}

long long integer(const json& v, const std::string& key, long long lo, long long hi) {
  return checked(integer_value(v, key), key, lo, hi);
}

std::uint64_t unsigned_integer(const json& v, const std::string& key) {
  const auto x = integer_value(v, key);
  if (x.negative) throw InputError(key + ": expected an integer in [0, 18446744073709551615], got " + x.text);
  return x.magnitude;
}

// A list of integers: "W,H", a number, or an array.
std::vector<long long> integers(const json& v, const std::string& key, long long lo, long long hi) {
  std::vector<long long> out;
  if (v.is_string()) {
    const std::string text = v.get<std::string>();
    std::size_t start = 0;
    while (true) {
      const auto comma = text.find(',', start);
      out.push_back(parse_integer(text.substr(start, comma - start), key, lo, hi));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  } else if (v.is_array()) {
    for (const auto& x : v) out.push_back(integer(x, key, lo, hi));
  } else {
    out.push_back(integer(v, key, lo, hi));
  }
  return out;
}

void read_grid(const json& r, Grid& grid) {
  if (r.contains("res")) {
    const auto res = integers(r["res"], "`res`", 1, 1 << 20);
    if (res.empty() || res.size() > 2) throw InputError("res: expected W or W,H");
    grid.width = res[0];
    grid.height = res.size() == 2 ? res[1] : res[0];
  }
  if (r.contains("window")) {
    const auto w = numbers(r["window"], "`window`");
    if (w.size() != 4) throw InputError("window: expected a0,a1,b0,b1");
    grid.window = {w[0], w[1], w[2], w[3]};
  }
  if (r.contains("center") || r.contains("width")) {
    if (!r.contains("center") || !r.contains("width")) throw InputError("`center` and `width` go together");
    const auto c = numbers(r["center"], "`center`");
    if (c.size() != 2) throw InputError("center: expected α,β");
    const double width = number(r["width"], "`width`");
    if (!(width > 0)) throw InputError("width must be > 0");
    const double height = width * static_cast<double>(grid.height) / static_cast<double>(grid.width);
    grid.window = {c[0] - width / 2, c[0] + width / 2, c[1] - height / 2, c[1] + height / 2};
  }
  const auto& w = grid.window;
  if (!(w.a1 > w.a0) || !(w.b1 > w.b0)) throw InputError("window must have a0 < a1 and b0 < b1");
  if (!std::isfinite(w.a1 - w.a0) || !std::isfinite(w.b1 - w.b0)) throw InputError("window is too large");
}

double largest_norm2(const Plane& plane, const Window& w) {
  std::vector<double> theta(plane.dim());
  double norm2 = 0;
  for (double a : {w.a0, w.a1})
    for (double b : {w.b0, w.b1}) {
      plane.point(a, b, theta);
      double n2 = 0;
      for (double x : theta) n2 += x * x;
      norm2 = std::max(norm2, n2);
    }
  return norm2;
}

void check_colour(const std::string& color, const std::vector<std::string>& colors, bool have_coord) {
  if (color == "coord" && !have_coord) throw InputError("`color` coord needs `coord` K");
  if (std::find(colors.begin(), colors.end(), color) == colors.end()) {
    std::string known;
    for (const auto& c : colors) known += (known.empty() ? "" : ", ") + c;
    throw InputError("color: unknown '" + color + "' (" + known + ")");
  }
}

nlohmann::json read_output_fields(const nlohmann::json& r, RenderSpec& job) {
  if (!r.contains("fields")) return nullptr;
  std::vector<std::string> names;
  const json& v = r["fields"];
  if (v.is_string()) {
    const std::string list = v.get<std::string>();
    if (list != "none")
      for (std::size_t at = 0; at <= list.size();) {
        const std::size_t end = std::min(list.find(',', at), list.size());
        if (end == at) throw InputError("`fields`: an empty name in '" + list + "' (names such as loss,norm2, or none)");
        names.push_back(list.substr(at, end - at));
        at = end + 1;
      }
  } else if (v.is_array()) {
    for (const auto& x : v) {
      if (!x.is_string()) throw InputError("`fields`: expected names such as loss,norm2, or none");
      names.push_back(x.get<std::string>());
    }
  } else {
    throw InputError("`fields`: expected names such as loss,norm2, or none");
  }
  const FieldSet all = job.rendered_fields();
  std::string known;
  for (const auto& f : all) known += (known.empty() ? "" : ", ") + f.name;
  for (const auto& name : names)
    if (field_index(all, name) < 0)
      throw InputError("`fields`: no field '" + name + "' here (" + known + (name == "coord" ? "; coord needs `coord` K" : "") + ")");
  job.output_fields = names;
  const bool from_field = job.color != "status" && job.color != "attractor" && job.color != "steps";
  if (from_field && field_index(job.fields(), job.color) < 0)
    throw InputError("`color` " + job.color + (r.contains("color") ? "" : " (the default)") + " draws basin.png from " +
                     job.color + ".npy: add it to `fields`, or choose `color` status");
  json kept = json::array();
  for (const auto& f : job.fields()) kept.push_back(f.name);
  return kept;
}

void read_colour_range(const json& r, RenderSpec& job, json& resolved) {
  for (const char* key : {"vmin", "vmax"}) {
    if (!r.contains(key)) continue;
    const std::string name = std::string("`") + key + "`";
    if (job.color == "status" || job.color == "attractor")  // the colourings without a range
      throw InputError(name + " sets a continuous colouring's range; `color` " + job.color + " has none");
    const double v = number(r[key], name);
    if (job.color == "steps" && v <= 0) throw InputError(name + ": steps are coloured on a log scale, so it must be > 0");
    (std::string(key) == "vmin" ? job.vmin : job.vmax) = v;
    resolved[key] = v;
  }
  if (job.vmin && job.vmax && !(*job.vmin < *job.vmax))
    throw InputError("`vmin` must be below `vmax`, got " + std::to_string(*job.vmin) + " and " + std::to_string(*job.vmax));
}

}  // namespace detail

using namespace detail;

namespace {

struct Matrix {
  int rows = 1, cols = 1;
  std::vector<double> data{1.0};
};

Matrix matrix_from_json_array(const json& j, const std::string& where) {
  if (!j.is_array() || j.empty()) throw InputError(where + ": target must be a non-empty 2-D array");
  Matrix M;
  M.data.clear();
  if (!j[0].is_array()) {  // a 1-D list is one row
    M.rows = 1;
    M.cols = static_cast<int>(j.size());
    for (const auto& x : j) M.data.push_back(number(x, "target"));
    return M;
  }
  M.rows = static_cast<int>(j.size());
  M.cols = static_cast<int>(j[0].size());
  for (const auto& row : j) {
    if (!row.is_array() || static_cast<int>(row.size()) != M.cols)
      throw InputError(where + ": target rows must all have the same length");
    for (const auto& x : row) M.data.push_back(number(x, "target"));
  }
  if (M.cols == 0) throw InputError(where + ": target must be non-empty");
  return M;
}

Matrix parse_target(const json& t) {
  if (t.is_number()) return Matrix{1, 1, {number(t, "target")}};
  if (t.is_array()) return matrix_from_json_array(t, "target");
  if (!t.is_string()) throw InputError("target: expected a number, diag:…, or a .npy/.json file");
  const std::string s = t.get<std::string>();
  if (s.rfind("diag:", 0) == 0) {
    const auto diag = parse_number_list(s.substr(5), "target diag");
    Matrix M{static_cast<int>(diag.size()), static_cast<int>(diag.size()), {}};
    M.data.assign(diag.size() * diag.size(), 0.0);
    for (std::size_t i = 0; i < diag.size(); ++i) M.data[i * diag.size() + i] = diag[i];
    return M;
  }
  const std::filesystem::path path(s);
  if (path.extension() == ".npy" || path.extension() == ".json") check_input_file(path, "`target`");
  if (path.extension() == ".npy") {
    const auto a = npy::read(path);
    if (a.shape.size() > 2 || a.data.empty()) throw InputError("target " + s + ": expected a non-empty 0-, 1- or 2-D array");
    for (double x : a.data)
      if (!std::isfinite(x)) throw InputError("target " + s + ": holds a non-finite entry");
    Matrix M;
    M.rows = a.shape.size() == 2 ? static_cast<int>(a.shape[0]) : 1;
    M.cols = a.shape.empty() ? 1 : static_cast<int>(a.shape.back());
    M.data = a.data;
    return M;
  }
  if (path.extension() == ".json") return matrix_from_json_array(read_json_file(path, "target"), "target " + s);
  return Matrix{1, 1, {parse_number(s, "target")}};
}

}  // namespace

Problem problem_from_recipe(const json& r) {
  Problem p;
  if (r.contains("target") && r.contains("y")) throw InputError("give either `y` or `target`, not both");
  Matrix Y;
  if (r.contains("target")) Y = parse_target(r["target"]);
  else if (r.contains("y")) Y = Matrix{1, 1, {number(r["y"], "`y`")}};
  p.m = Y.rows;
  p.n = Y.cols;
  p.Y = Y.data;
  if (r.contains("m") && integer(r["m"], "`m`", 1, 4096) != p.m)
    throw InputError("`m` " + r["m"].dump() + " does not match the target's " + std::to_string(p.m) + " rows");
  if (r.contains("n") && integer(r["n"], "`n`", 1, 4096) != p.n)
    throw InputError("`n` " + r["n"].dump() + " does not match the target's " + std::to_string(p.n) + " columns");
  p.d = r.contains("d") ? static_cast<int>(integer(r["d"], "`d`", 1, 4096)) : 1;
  if (!r.contains("eta")) throw InputError("`eta` is required");
  p.eta = number(r["eta"], "`eta`");
  if (r.contains("lambda") && r.contains("reg_coef")) throw InputError("give either `lambda` or `reg_coef`, not both");
  if (r.contains("data_coef")) p.data_coef = number(r["data_coef"], "`data_coef`");
  if (r.contains("reg_coef")) p.reg_coef = number(r["reg_coef"], "`reg_coef`");
  if (r.contains("lambda")) {
    const double lambda = number(r["lambda"], "`lambda`");
    if (lambda < 0) throw InputError("lambda must be >= 0");
    p.reg_coef = lambda / 2;  // the paper's (λ/2)(‖U‖² + ‖V‖²)
  }
  if (r.contains("momentum")) p.momentum = number(r["momentum"], "`momentum`");
  p.validate();
  return p;
}

BasinJob basin_job_from_recipe(const json& recipe) {
  if (!recipe.is_object()) throw InputError("a recipe must be a JSON object");
  if (is_network_recipe(recipe)) return net_job_from_recipe(recipe);
  for (const auto& [key, value] : recipe.items()) {
    if (!is_recipe_key(key)) throw InputError("unknown recipe key '" + key + "'");
    for (const auto& k : recipe_schema())
      if (k.name == key && k.group == RecipeGroup::network)
        throw InputError("`" + key + "` applies to networks (`gdchaos net`, a recipe with `data`)");
  }
  BasinJob job;
  json r = recipe;
  // On a hyperparameter plane with an η axis, the recipe's own η is not used.
  if (r.value("plane", "") == "hyper" && !r.contains("eta"))
    for (const char* axis : {"axis1", "axis2"})
      if (r.contains(axis) && r[axis].is_string() && r[axis].get<std::string>().rfind("eta:", 0) == 0)
        r["eta"] = parse_hyper_axis(r[axis].get<std::string>()).lo;
  job.problem = problem_from_recipe(r);
  job.optimizer = optimizer_of(job.problem);
  // The model family: the factorization, or with "depth" the deep linear one of that depth.
  int depth = 0;
  if (r.contains("depth")) {
    depth = static_cast<int>(integer(r["depth"], "`depth`", 2, 64));
    const auto& p = job.problem;
    job.model = std::make_shared<DeepLinear>(DeepLinearShape{depth, p.d, p.m, p.n, p.Y, p.data_coef, p.reg_coef});
    job.model->validate();
  } else {
    job.model = std::make_shared<Factorization>(job.problem);
  }
  const int dim = job.model->dim();

  // Plane.
  const std::string plane = r.contains("plane") ? r["plane"].get<std::string>() : (dim == 2 ? "coords" : "random");
  const std::uint64_t seed = r.contains("seed") ? unsigned_integer(r["seed"], "`seed`") : 0;
  std::optional<std::vector<double>> base;
  if (r.contains("base")) base = numbers(r["base"], "`base`");
  if (plane == "coords") {
    if (base) throw InputError("`base` applies to `plane` random");
    job.starts = SliceStarts{coords_plane(dim)};
  } else if (plane == "hyper") {
    job.require_factorization("`plane` hyper");
    if (base) throw InputError("`base` applies to `plane` random; a hyperparameter plane starts from `init`");
    if (!r.contains("axis1") || !r.contains("axis2")) throw InputError("`plane` hyper needs `axis1` and `axis2`");
    if (r.contains("window") || r.contains("center")) throw InputError("`plane` hyper takes its window from `axis1` and `axis2`");
    if (!r.contains("init")) throw InputError("`plane` hyper needs `init` (the one initialization θ₀)");
    HyperStarts hyper{parse_hyper_axis(r["axis1"].get<std::string>()), parse_hyper_axis(r["axis2"].get<std::string>()),
                      numbers(r["init"], "`init`")};
    if (static_cast<int>(hyper.init.size()) != dim)
      throw InputError("`init` has " + std::to_string(hyper.init.size()) + " numbers, the problem has " + std::to_string(dim) +
                       " parameters");
    validate_hyper_axes(job.problem, hyper.axis1, hyper.axis2);
    job.grid.window = {hyper.axis1.coordinate_lo(), hyper.axis1.coordinate_hi(), hyper.axis2.coordinate_lo(),
                       hyper.axis2.coordinate_hi()};
    job.starts = std::move(hyper);
  } else if (plane == "quotient") {
    job.require_factorization("`plane` quotient");
    if (base) throw InputError("`base` applies to `plane` random");
    if (!job.problem.scalar_target()) throw InputError("`plane` quotient needs m = n = 1 (a scalar target)");
    job.starts = QuotientStarts{};
    job.problem.d = 1;  // T(u, v) = (z, w) and F do not depend on d
    job.model = std::make_shared<Factorization>(job.problem);
  } else if (plane == "random") {
    job.starts = SliceStarts{random_plane(dim, seed, base)};
  } else {
    if (base) throw InputError("`base` applies to `plane` random (a plane file holds its own base)");
    if (!std::filesystem::exists(plane))
      throw InputError("`plane`: '" + plane + "' is not coords, random, quotient, hyper, or a JSON file");
    job.starts = SliceStarts{plane_from_json(read_json_file(plane, "`plane`"), dim)};
  }

  if (!job.is_hyper() && (r.contains("axis1") || r.contains("axis2") || r.contains("init")))
    throw InputError("`axis1`, `axis2` and `init` apply to `plane` hyper");
  // Grid.
  read_grid(r, job.grid);
  const auto& w = job.grid.window;

  // A step size too small for double precision to move θ from these starts is refused before
  // anything runs (docs/decisions.md); on a hyperparameter plane, at every corner of the axes.
  {
    double norm2 = 0;
    if (job.is_hyper()) {
      const auto& hyper = job.hyper();
      for (double x : hyper.init) norm2 += x * x;
      for (double a : {hyper.axis1.lo, hyper.axis1.hi})
        for (double b : {hyper.axis2.lo, hyper.axis2.hi})
          check_step_size(with_hyperparameter(with_hyperparameter(job.problem, hyper.axis1.which, a), hyper.axis2.which, b),
                          norm2);
    } else {
      if (job.is_quotient()) norm2 = std::max(std::abs(w.b0), std::abs(w.b1));  // ‖θ‖² = w
      else norm2 = largest_norm2(job.plane(), w);
      check_step_size(*job.model, job.optimizer, norm2);
    }
  }

  // Decision and rendering options.
  auto& opt = job.options;
  if (r.contains("max_iter")) opt.decision.max_iter = static_cast<std::int32_t>(integer(r["max_iter"], "`max_iter`", 1, 1 << 30));
  if (r.contains("check_every"))
    opt.decision.check_every = static_cast<std::int32_t>(integer(r["check_every"], "`check_every`", 1, 1 << 16));
  if (r.contains("tol")) opt.decision.tol = number(r["tol"], "`tol`");
  if (r.contains("escape")) opt.decision.escape = number(r["escape"], "`escape`");
  if (!(opt.decision.tol > 0)) throw InputError("`tol` must be > 0");
  if (!(opt.decision.escape > 0)) throw InputError("`escape` must be > 0");
  if (r.contains("coord")) opt.coord = static_cast<int>(integer(r["coord"], "`coord`", 0, dim - 1));
  const std::string engine = r.contains("engine") ? r["engine"].get<std::string>() : "auto";
  if (engine == "auto") opt.engine = Engine::automatic;
  else if (engine == "exact") opt.engine = Engine::exact;
  else if (engine == "dense") opt.engine = Engine::dense;
  else if (engine == "generic") opt.engine = Engine::generic;
  else throw InputError("engine: expected auto, exact, dense or generic, got '" + engine + "'");
  resolve_engine(*job.model, opt.engine);  // refuses a fast path that does not run this model

  job.color = r.contains("color") ? r["color"].get<std::string>() : "status";
  check_colour(job.color, colourings(basin_fields(*job.model, opt.coord >= 0)), opt.coord >= 0);
  const json kept_fields = read_output_fields(r, job);

  // The resolved recipe: every parameter, so the same command can be re-run from meta.json.
  json resolved = r;
  resolved.erase("y");
  resolved.erase("center");
  resolved.erase("width");
  resolved.erase("lambda");
  const auto& p = job.problem;
  if (p.scalar_target()) resolved["target"] = p.y();
  else {
    json rows = json::array();
    for (int i = 0; i < p.m; ++i) rows.push_back(std::vector<double>(p.Y.begin() + i * p.n, p.Y.begin() + (i + 1) * p.n));
    resolved["target"] = rows;
  }
  resolved["d"] = p.d;
  if (depth) resolved["depth"] = depth;
  resolved["eta"] = p.eta;
  resolved["data_coef"] = p.data_coef;
  resolved["reg_coef"] = p.reg_coef;
  resolved["momentum"] = p.momentum;
  resolved["plane"] = plane;
  resolved["seed"] = seed;
  if (plane == "random") resolved["base"] = job.plane().base;
  if (job.is_hyper()) resolved.erase("window");  // it comes from the axes
  else resolved["window"] = {w.a0, w.a1, w.b0, w.b1};
  resolved["res"] = {job.grid.width, job.grid.height};
  resolved["max_iter"] = opt.decision.max_iter;
  resolved["check_every"] = opt.decision.check_every;
  resolved["tol"] = opt.decision.tol;
  resolved["escape"] = opt.decision.escape;
  resolved["engine"] = engine;
  resolved["color"] = job.color;
  if (!kept_fields.is_null()) resolved["fields"] = kept_fields;
  read_colour_range(r, job, resolved);
  if (opt.coord >= 0) resolved["coord"] = opt.coord;
  job.recipe = resolved;
  return job;
}

std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  for (const auto& [name, body] : detail::embedded_presets()) names.push_back(name);
  return names;
}

json load_preset(const std::string& name_or_path) {
  json j;
  const auto& presets = detail::embedded_presets();
  if (const auto it = presets.find(name_or_path); it != presets.end()) {
    j = json::parse(it->second);
  } else if (std::filesystem::exists(name_or_path)) {
    j = read_json_file(name_or_path, "`preset`");
  } else {
    std::string known;
    for (const auto& n : preset_names()) known += (known.empty() ? "" : ", ") + n;
    throw InputError("unknown preset '" + name_or_path + "' (known: " + known + ", or a path to a .json file)");
  }
  if (j.is_object() && j.contains("recipe")) j = j["recipe"];  // a meta.json
  if (!j.is_object()) throw InputError("preset " + name_or_path + ": expected a JSON object");
  j.erase("description");
  return j;
}

}  // namespace gdchaos
