#include "gdchaos/sample/slice.hpp"

#include <cmath>
#include <numbers>

#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/core/portable_normal.hpp"

namespace gdchaos {

nlohmann::json Plane::to_json() const {
  return {{"kind", kind}, {"base", base}, {"dir1", dir1}, {"dir2", dir2}};
}

Plane coords_plane(int dim) {
  if (dim != 2) throw InputError("`plane` coords needs U, V with 2 numbers in all (d = m = n = 1)");
  return Plane{"coords", {0.0, 0.0}, {1.0, 0.0}, {0.0, 1.0}};
}

namespace {
double dot(const std::vector<double>& x, const std::vector<double>& y) {
  double s = 0;
  for (std::size_t k = 0; k < x.size(); ++k) s += x[k] * y[k];
  return s;
}

}  // namespace

Plane random_plane(int dim, std::uint64_t seed, std::optional<std::vector<double>> base) {
  if (dim < 2) throw InputError("a plane needs at least 2 parameters");
  PortableNormal normal(seed);
  auto gaussian = [&](double scale) {
    std::vector<double> v(dim);
    for (auto& x : v) x = scale * normal();
    return v;
  };
  Plane plane;
  plane.kind = "random";
  plane.dir1 = gaussian(1.0);
  plane.dir2 = gaussian(1.0);
  plane.base = base ? *base : gaussian(1.0 / std::sqrt(static_cast<double>(dim)));
  if (static_cast<int>(plane.base.size()) != dim)
    throw InputError("`base` has " + std::to_string(plane.base.size()) + " numbers, expected " + std::to_string(dim));
  // Gram–Schmidt, twice for numerical orthogonality.
  auto normalise = [](std::vector<double>& v) {
    const double n = std::sqrt(dot(v, v));
    for (auto& x : v) x /= n;
  };
  normalise(plane.dir1);
  for (int pass = 0; pass < 2; ++pass) {
    const double c = dot(plane.dir2, plane.dir1);
    for (int k = 0; k < dim; ++k) plane.dir2[k] -= c * plane.dir1[k];
  }
  normalise(plane.dir2);
  return plane;
}

Plane plane_from_json(const nlohmann::json& j, int dim) {
  if (!j.is_object()) throw InputError("plane file must hold a JSON object with base, dir1, dir2");
  Plane plane;
  plane.kind = "file";
  for (auto [key, vec] : {std::pair{"base", &plane.base}, {"dir1", &plane.dir1}, {"dir2", &plane.dir2}}) {
    if (!j.contains(key) || !j[key].is_array()) throw InputError(std::string("plane file: missing array '") + key + "'");
    for (const auto& x : j[key]) {
      if (!x.is_number()) throw InputError(std::string("plane file: '") + key + "' holds a non-number");
      const double v = x.get<double>();
      if (!std::isfinite(v)) throw InputError(std::string("plane file: '") + key + "' holds a non-finite number");
      vec->push_back(v);
    }
    if (static_cast<int>(vec->size()) != dim)
      throw InputError(std::string("plane file: '") + key + "' has " + std::to_string(vec->size()) +
                       " numbers, the problem has " + std::to_string(dim) + " parameters");
  }
  const double n1 = dot(plane.dir1, plane.dir1), n2 = dot(plane.dir2, plane.dir2), c = dot(plane.dir1, plane.dir2);
  if (n1 == 0 || n2 == 0) throw InputError("plane file: dir1 and dir2 must be non-zero");
  if (!std::isfinite(n1) || !std::isfinite(n2) || c * c >= (1 - 1e-12) * n1 * n2)
    throw InputError("plane file: dir1 and dir2 must span a plane (they are parallel)");
  return plane;
}

nlohmann::json Grid::to_json() const {
  return {{"window", {window.a0, window.a1, window.b0, window.b1}}, {"width", width}, {"height", height}};
}

}  // namespace gdchaos

#include "gdchaos/sample/initial_points.hpp"

namespace gdchaos {

bool QuotientPoints::point(std::int64_t index, std::span<double> theta) const {
  return quotient_representative(grid_.alpha(index % grid_.width), grid_.beta(index / grid_.width), theta);
}

bool quotient_representative(double z, double w, std::span<double> theta) {
  // w = 2|z| (u = ±v) is in the domain; allow the rounding of a computed T(u, v) onto it
  if (!(w >= 2 * std::abs(z) * (1 - 0x1.0p-50))) return false;
  const double S = 0.5 * std::sqrt(std::max(0.0, w + 2 * z)), T = 0.5 * std::sqrt(std::max(0.0, w - 2 * z));
  theta[0] = S + T;
  theta[1] = S - T;
  return true;
}

}  // namespace gdchaos
