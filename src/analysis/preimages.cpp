// Preimages of GD in d = 1 and the preimage tree of a local stable set.
//
// Everything runs in the scaled coordinates of the exact engine, σ = √c·S, τ = √c·T, Y = c·y,
// x = c·r, in which one step is  x = σ² − τ² − Y,  σ′ = (ρ − x)σ,  τ′ = (ρ + x)τ,  and the
// preimages of (σ′, τ′) come from the real roots of the monic quintic
//   f(x) = (x + Y)(ρ² − x²)² − σ′²(ρ + x)² + τ′²(ρ − x)².
// Real roots are isolated between the real roots of f′ (found the same way, recursively), where f
// is monotone, and found there by safeguarded Newton; each candidate preimage is polished by
// Newton on the forward map and kept only if it maps back onto (σ′, τ′).
#include "gdchaos/analysis/preimages.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "gdchaos/core/error.hpp"
#include "gdchaos/model/reduced_map.hpp"

namespace gdchaos {

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// The invariant-plane coefficients ρ, c, cy = c·y and √c of the scaled map (model/reduced_map.hpp).
using Reduced = ReducedMap;

Reduced reduced(const Problem& p) {
  p.validate();
  if (p.d != 1 || p.m != 1 || p.n != 1) throw InputError("preimages need d = m = n = 1 (scalar u, v and y)");
  if (p.momentum != 0) throw InputError("preimages need plain GD (momentum 0)");
  return ReducedMap(p);
}

// ---------------------------------------------------------------------------------------------
// Real roots of polynomials of degree ≤ 5

template <class FD>
double safe_newton(FD&& fd, double lo, double hi, double flo) {
  // invariant: f(lo) has the sign of flo, f(hi) the other one
  double x = 0.5 * (lo + hi);
  for (int it = 0; it < 200; ++it) {
    const auto [f, d] = fd(x);
    if (f == 0) return x;
    if ((f < 0) == (flo < 0)) lo = x; else hi = x;
    double xn = x - f / d;
    if (!(xn > lo && xn < hi)) xn = 0.5 * (lo + hi);  // also when d = 0 or NaN
    if (std::abs(xn - x) <= 2 * kEps * std::abs(x) || hi - lo <= 4 * kEps * std::max(std::abs(lo), std::abs(hi)))
      return xn;
    x = xn;
  }
  return x;
}

// Roots of f on [−R, R] where f is monotone between consecutive breaks (sorted, inside).
template <class FD>
int bracket_roots(FD&& fd, const double* breaks, int nbreaks, double R, double* roots) {
  int n = 0;
  double lo = -R;
  double flo = fd(lo).first;
  auto push = [&](double x) {
    if (n == 0 || x > roots[n - 1]) roots[n++] = x;
  };
  for (int k = 0; k <= nbreaks; ++k) {
    const double hi = k < nbreaks ? std::clamp(breaks[k], -R, R) : R;
    if (hi <= lo) continue;
    const double fhi = fd(hi).first;
    if (flo == 0) push(lo);
    else if (fhi != 0 && (flo < 0) != (fhi < 0)) push(safe_newton(fd, lo, hi, flo));
    lo = hi, flo = fhi;
  }
  if (flo == 0) push(lo);
  return n;
}

std::pair<double, double> horner(const double* a, int n, double x) {
  double f = a[n], d = 0;
  for (int i = n - 1; i >= 0; --i) d = d * x + f, f = f * x + a[i];
  return {f, d};
}

double cauchy_bound(const double* a, int n) {
  double m = 0;
  for (int i = 0; i < n; ++i) m = std::max(m, std::abs(a[i] / a[n]));
  return 1 + m;
}

// Sorted real roots of a[0] + a[1]x + … + a[n]xⁿ (a[n] ≠ 0, n ≤ 5).
int poly_real_roots(const double* a, int n, double* roots) {
  if (n <= 0) return 0;
  if (n == 1) return roots[0] = -a[0] / a[1], 1;
  double d[5], crit[5];
  for (int i = 0; i < n; ++i) d[i] = (i + 1) * a[i + 1];
  const int nc = poly_real_roots(d, n - 1, crit);
  return bracket_roots([&](double x) { return horner(a, n, x); }, crit, nc, cauchy_bound(a, n), roots);
}

// ---------------------------------------------------------------------------------------------
// Preimages in scaled coordinates

struct Pre {
  double s, t, x;
};

double residual(const Reduced& q, double sp, double tp, double s, double t) {
  const double x = s * s - t * t - q.cy;
  return std::abs((q.rho - x) * s - sp) + std::abs((q.rho + x) * t - tp);
}

// Newton on the forward map from (s, t); true when (s, t) then maps onto (sp, tp) to rounding.
bool polish(const Reduced& q, double sp, double tp, double& s, double& t) {
  double best = residual(q, sp, tp, s, t);
  for (int it = 0; it < 12 && best > 0; ++it) {
    const double x = s * s - t * t - q.cy;
    const double fs = (q.rho - x) * s - sp, ft = (q.rho + x) * t - tp;
    const double j11 = q.rho - x - 2 * s * s, j12 = 2 * s * t, j22 = q.rho + x - 2 * t * t;
    const double det = j11 * j22 - j12 * j12;
    if (det == 0 || !std::isfinite(det)) break;
    const double s1 = s - (j22 * fs - j12 * ft) / det, t1 = t - (j11 * ft - j12 * fs) / det;
    const double r1 = residual(q, sp, tp, s1, t1);
    if (!(r1 < best)) break;
    s = s1, t = t1, best = r1;
  }
  const double scale = 1 + std::abs(sp) + std::abs(tp) +
                       (std::abs(s) + std::abs(t)) * (std::abs(q.rho) + s * s + t * t + std::abs(q.cy));
  return std::isfinite(best) && best <= 1e-11 * scale;
}

void scaled_preimages(const Reduced& q, double sp, double tp, std::vector<Pre>& out) {
  out.clear();
  const double rho = q.rho, Y = q.cy, P = sp * sp, Q = tp * tp, r2 = rho * rho;
  // f(x) = x⁵ + Y x⁴ − 2ρ²x³ + (Q − P − 2ρ²Y)x² + (ρ⁴ − 2ρ(P + Q))x + ρ⁴Y + (Q − P)ρ²
  const double a[6] = {r2 * r2 * Y + (Q - P) * r2, r2 * r2 - 2 * rho * (P + Q), Q - P - 2 * r2 * Y, -2 * r2, Y, 1};
  double d[5], crit[5], roots[5];
  for (int i = 0; i < 5; ++i) d[i] = (i + 1) * a[i + 1];
  const int nc = poly_real_roots(d, 4, crit);
  // the factored form evaluates accurately near x = ±ρ, where the interesting roots sit
  auto f = [&](double x) {
    const double m = rho - x, p = rho + x, g = r2 - x * x;
    const double val = (x + Y) * g * g - P * p * p + Q * m * m;
    const double der = g * g - 4 * x * (x + Y) * g - 2 * P * p - 2 * Q * m;
    return std::pair{val, der};
  };
  const int nr = bracket_roots(f, crit, nc, cauchy_bound(a, 5), roots);

  std::vector<Pre> cand;
  const double small = 1e-8 * (1 + std::abs(rho));
  auto from_root = [&](double x) {
    const double d1 = rho - x, d2 = rho + x;
    const bool ok1 = std::abs(d1) > small, ok2 = std::abs(d2) > small;
    if (ok1 && ok2) {
      cand.push_back({sp / d1, tp / d2, x});
    } else if (ok2) {  // ρ − x ≈ 0: σ′ ≈ 0 and σ is fixed by x = σ² − τ² − Y
      const double t = tp / d2, s2 = x + Y + t * t;
      if (s2 >= 0) cand.push_back({std::sqrt(s2), t, x}), cand.push_back({-std::sqrt(s2), t, x});
    } else if (ok1) {  // ρ + x ≈ 0: τ′ ≈ 0
      const double s = sp / d1, t2 = s * s - x - Y;
      if (t2 >= 0) cand.push_back({s, std::sqrt(t2), x}), cand.push_back({s, -std::sqrt(t2), x});
    }
  };
  for (int k = 0; k < nr; ++k) from_root(roots[k]);
  // near-double roots at x = ±ρ (σ′ or τ′ ≈ 0) can be lost to rounding: offer them anyway
  const double size = 1 + std::abs(sp) + std::abs(tp);
  if (std::abs(sp) <= 1e-4 * size) from_root(rho);
  if (std::abs(tp) <= 1e-4 * size) from_root(-rho);

  for (auto c : cand) {
    if (!polish(q, sp, tp, c.s, c.t)) continue;
    c.x = c.s * c.s - c.t * c.t - Y;
    out.push_back(c);
  }
  std::sort(out.begin(), out.end(), [](const Pre& a, const Pre& b) { return a.x != b.x ? a.x < b.x : a.s < b.s; });
  // candidates that polished onto the same preimage
  std::vector<Pre> kept;
  for (const auto& c : out) {
    bool dup = false;
    for (const auto& k : kept)
      if (std::abs(k.s - c.s) + std::abs(k.t - c.t) <= 1e-9 * (1 + std::abs(c.s) + std::abs(c.t))) dup = true;
    if (!dup) kept.push_back(c);
  }
  out.swap(kept);
}

}  // namespace

std::vector<Preimage> gd_preimages(const Problem& problem, double u, double v) {
  const Reduced q = reduced(problem);
  if (!std::isfinite(u) || !std::isfinite(v)) throw InputError("preimages of a non-finite point");
  std::vector<Pre> pre;
  scaled_preimages(q, q.sqrt_c * 0.5 * (u + v), q.sqrt_c * 0.5 * (u - v), pre);
  std::vector<Preimage> out;
  for (const auto& p : pre) {
    const double S = p.s / q.sqrt_c, T = p.t / q.sqrt_c;
    out.push_back({S + T, S - T, p.x / q.c});
  }
  return out;
}

std::vector<QuotientPreimage> quotient_preimages(const Problem& problem, double z, double w) {
  const Reduced q = reduced(problem);
  if (!std::isfinite(z) || !std::isfinite(w)) throw InputError("preimages of a non-finite point");
  // p′ = S′², q′ = T′² of any lift; slightly negative values from rounding count as 0
  const double slack = 1e-14 * std::abs(w);
  double p = (w + 2 * z) / 4, r = (w - 2 * z) / 4;
  if (p < -slack || r < -slack) return {};
  p = std::max(p, 0.0), r = std::max(r, 0.0);
  std::vector<Pre> pre;
  scaled_preimages(q, std::sqrt(q.c * p), std::sqrt(q.c * r), pre);
  std::vector<QuotientPreimage> out;
  for (const auto& x : pre) {
    const double zz = (x.s * x.s - x.t * x.t) / q.c, ww = 2 * (x.s * x.s + x.t * x.t) / q.c;
    // ±S (or ±T) give the same quotient point
    if (!out.empty() && std::abs(out.back().z - zz) + std::abs(out.back().w - ww) <= 1e-12 * (1 + std::abs(ww))) continue;
    out.push_back({zz, ww, x.x / q.c});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Seeds

Seeds saddle_seeds(const Problem& problem) {
  const Reduced q = reduced(problem);
  Seeds seeds;
  seeds.kind = "saddle";
  const double muS = q.rho + q.cy, muT = q.rho - q.cy;  // multipliers of S and T at (0, 0)
  const bool stableS = std::abs(muS) < 1, stableT = std::abs(muT) < 1;
  if (stableS == stableT) {
    seeds.note = stableS ? "the critical point 0 attracts (both multipliers inside the unit circle): its basin is open"
                         : "the critical point 0 repels (both multipliers outside the unit circle): no stable curve";
    return seeds;
  }
  // on the stable axis X ↦ (μ − X²)X (scaled), which converges to 0 exactly for |X| < √(μ + 1)
  const double mu = stableT ? muT : muS;
  const double X = std::sqrt(mu + 1) / q.sqrt_c;  // unscaled half-length of the segment
  const double edge = 1 - 1e-9;                    // ±X themselves are a 2-cycle
  if (stableT) {  // S = 0: u = T, v = −T
    seeds.curves.push_back({[X](double t) { return std::array<double, 2>{X * t, -(X * t)}; }, -edge, edge});
    seeds.contains = [](double u, double v) { return std::abs(u + v) <= 1e-12 * (std::abs(u) + std::abs(v)); };
    seeds.note = "stable segment u = -v, |u| < " + std::to_string(X);
  } else {  // T = 0: u = v = S
    seeds.curves.push_back({[X](double t) { return std::array<double, 2>{X * t, X * t}; }, -edge, edge});
    seeds.contains = [](double u, double v) { return std::abs(u - v) <= 1e-12 * (std::abs(u) + std::abs(v)); };
    seeds.note = "stable segment u = v, |u| < " + std::to_string(X);
  }
  return seeds;
}

Seeds unstable_minimizer_seeds(const Problem& problem, double extent) {
  const Reduced q = reduced(problem);
  if (!(extent > 0) || !std::isfinite(extent)) throw InputError("the seed extent must be a finite number > 0");
  Seeds seeds;
  seeds.kind = "unstable-minimizers";
  const double E = q.sqrt_c * extent, sc = q.sqrt_c;
  auto uv = [sc](double s, double t) { return std::array<double, 2>{(s + t) / sc, (s - t) / sc}; };
  if (problem.reg_coef == 0) {
    // the hyperbola σ² − τ² = Y of fixed points, unstable where σ² + τ² > 1 (c·w > 2)
    const double Y = q.cy, y = problem.y();
    seeds.contains = [y](double u, double v) { return std::abs(u * v - y) <= 1e-9 * (1 + std::abs(y) + std::abs(u * v)); };
    if (Y == 0) {
      const double lo = std::sqrt(0.5) * (1 + 1e-9);
      if (E <= lo) return seeds.note = "no unstable minimizer within the extent", seeds;
      for (double sign_s : {1.0, -1.0})
        for (double sign_t : {1.0, -1.0})
          seeds.curves.push_back({[=](double t) { return uv(sign_s * t, sign_t * t); }, lo, E});
    } else {
      const double A = std::sqrt(std::abs(Y));
      const double tmax = std::asinh(E / A);
      const double tmin = std::abs(Y) >= 1 ? 0.0 : 0.5 * std::acosh(1 / std::abs(Y)) * (1 + 1e-9) + 1e-12;
      if (tmax <= tmin) return seeds.note = "no unstable minimizer within the extent", seeds;
      for (double branch : {1.0, -1.0}) {
        auto f = [=](double t) {
          return Y > 0 ? uv(branch * A * std::cosh(t), A * std::sinh(t)) : uv(A * std::sinh(t), branch * A * std::cosh(t));
        };
        if (tmin == 0) {
          seeds.curves.push_back({f, -tmax, tmax});
        } else {
          seeds.curves.push_back({f, tmin, tmax});
          seeds.curves.push_back({f, -tmax, -tmin});
        }
      }
    }
    seeds.note = "arcs of the hyperbola uv = y with sharpness > 2/eta";
    return seeds;
  }
  // λ > 0: the minimizers (±σ*, 0), σ*² = Y + ρ − 1, with multipliers 1 − 2σ*² (along σ) and
  // 2ρ − 1 (along τ); the Jacobian is diagonal there.
  const double s2 = q.cy + q.rho - 1;
  if (!(s2 > 0)) return seeds.note = "no nonzero minimizer (y <= b/a)", seeds;
  const double ss = std::sqrt(s2), muS = 1 - 2 * s2, muT = 2 * q.rho - 1;
  if (std::abs(muS) <= 1 && std::abs(muT) <= 1) return seeds.note = "the minimizers are linearly stable", seeds;
  if (std::abs(muT) >= 1)
    return seeds.note = "the minimizers' tau-direction is not contracting: stable manifold not supported", seeds;
  // the stable manifold is a graph σ = σ* + h(τ) over a short τ-interval; h(τ) by shooting: the
  // orbit leaves the minimizer on one side or the other of it, and bisection finds the boundary.
  const double delta = 0.2 * std::min(1.0, ss), Yq = q.cy, rho = q.rho;
  auto side = [=](double s, double t) {
    int flips = 0;
    for (int k = 0; k < 100000; ++k) {
      const double e = s - ss;
      if (std::abs(e) > 0.5 * delta || !std::isfinite(e)) return ((e > 0) != (flips % 2 == 1)) ? 1 : -1;
      const double x = s * s - t * t - Yq;
      s = (rho - x) * s, t = (rho + x) * t;
      if (muS < 0) ++flips;
    }
    return 0;
  };
  auto manifold = [=](double t) {
    double lo = ss - 0.25 * delta, hi = ss + 0.25 * delta;
    const int slo = side(lo, t);
    for (int it = 0; it < 80; ++it) {
      const double mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) break;
      const int sm = side(mid, t);
      if (sm == 0) return mid;
      (sm == slo ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
  };
  for (double sign : {1.0, -1.0})
    seeds.curves.push_back({[=](double t) { return uv(sign * manifold(t), t); }, -delta, delta});
  seeds.note = "local stable manifolds of the unstable minimizers +-(S*, S*)";
  return seeds;
}

// ---------------------------------------------------------------------------------------------
// The preimage tree

namespace {

bool inside(const Window& w, double u, double v) { return u >= w.a0 && u <= w.a1 && v >= w.b0 && v <= w.b1; }

class Tree {
 public:
  Tree(const Reduced& q, const Seeds& seeds, const BackwardOptions& o, double h)
      : q_(q), seeds_(seeds), o_(o), h_(h), hmin_(1e-6 * h),
        h_far_(std::max(h, std::max(o.region.a1 - o.region.a0, o.region.b1 - o.region.b0) / 2048)) {}

  BackwardCurves run();

 private:
  struct Node {
    double s, t, x;
    std::int32_t parent;  // level 0: the seed curve
    std::int32_t kid_begin = 0;
    std::int8_t kid_count = -1;  // −1: not computed yet
    std::int8_t branch = -1;
    bool in_region = false;
  };
  struct Seg {
    std::int32_t a, b, parent;  // level 0: the seed curve
    std::int32_t mid = -1, left = -1, right = -1;  // mid −2: cannot be split
  };
  struct Level {
    std::vector<Node> nodes;
    std::vector<Seg> segs;
    std::vector<std::int32_t> kids;
    std::vector<double> seed_t;
    std::vector<std::int32_t> todo;  // the segments to grow the next level from
  };
  static constexpr int kMaxRecursion = 48;

  std::int32_t add_node(int k, double s, double t, double x, std::int32_t parent, int branch);
  std::int32_t add_seed(int curve, double t);
  std::int32_t add_seg(int k, std::int32_t a, std::int32_t b, std::int32_t parent);
  int children(int k, std::int32_t i, std::int32_t* out);
  std::int32_t split(int k, std::int32_t si);
  // (u, v) = ((σ + τ), (σ − τ))/√c
  double u(const Node& n) const { return (n.s + n.t) / q_.sqrt_c; }
  double v(const Node& n) const { return (n.s - n.t) / q_.sqrt_c; }
  double dist(int k, std::int32_t a, std::int32_t b) const {
    const auto &A = L_[k].nodes[a], &B = L_[k].nodes[b];
    return std::hypot(A.s - B.s, A.t - B.t) * std::sqrt(2.0) / q_.sqrt_c;
  }
  double seg_length(int k, std::int32_t si) const { return dist(k, L_[k].segs[si].a, L_[k].segs[si].b); }
  // The largest gap allowed between neighbours a, b of level k: h where the segment may reach into
  // the window (its ends' bounding box grown by its length), coarser elsewhere in the region.
  double allowed(int k, std::int32_t a, std::int32_t b) const {
    const auto &A = L_[k].nodes[a], &B = L_[k].nodes[b];
    const double d = dist(k, a, b), au = u(A), av = v(A), bu = u(B), bv = v(B);
    const Window& w = o_.window;
    const bool near = std::min(au, bu) - d <= w.a1 && std::max(au, bu) + d >= w.a0 &&
                      std::min(av, bv) - d <= w.b1 && std::max(av, bv) + d >= w.b0;
    return near ? h_ : h_far_;
  }
  void refine_seed(std::int32_t si, int rec);
  void process(int k, std::int32_t ps, int rec);
  void emit(int k, std::int32_t ps, std::int32_t xa, std::int32_t xb, int rec);

  Reduced q_;
  const Seeds& seeds_;
  const BackwardOptions& o_;
  double h_, hmin_, h_far_;
  std::vector<Level> L_;
  std::vector<Pre> pre_;
  std::int64_t in_window_ = 0, held_ = 0;
  bool capped_ = false;
};

std::int32_t Tree::add_node(int k, double s, double t, double x, std::int32_t parent, int branch) {
  Node n{s, t, x, parent};
  n.branch = static_cast<std::int8_t>(branch);
  const double u = (s + t) / q_.sqrt_c, v = (s - t) / q_.sqrt_c;
  n.in_region = inside(o_.region, u, v);
  if (inside(o_.window, u, v)) ++in_window_;
  ++held_;
  if (in_window_ >= o_.max_points || held_ >= 3 * o_.max_points) capped_ = true;
  L_[k].nodes.push_back(n);
  return static_cast<std::int32_t>(L_[k].nodes.size() - 1);
}

std::int32_t Tree::add_seed(int curve, double t) {
  const auto p = seeds_.curves[curve].point(t);
  const double s = q_.sqrt_c * 0.5 * (p[0] + p[1]), tt = q_.sqrt_c * 0.5 * (p[0] - p[1]);
  L_[0].seed_t.push_back(t);
  return add_node(0, s, tt, s * s - tt * tt - q_.cy, curve, -1);
}

std::int32_t Tree::add_seg(int k, std::int32_t a, std::int32_t b, std::int32_t parent) {
  L_[k].segs.push_back({a, b, parent});
  return static_cast<std::int32_t>(L_[k].segs.size() - 1);
}

// The preimages of node i of level k, as nodes of level k + 1 (computed once); at most 8.
int Tree::children(int k, std::int32_t i, std::int32_t* out) {
  if (L_[k].nodes[i].kid_count < 0) {
    const Node n = L_[k].nodes[i];
    const auto begin = static_cast<std::int32_t>(L_[k].kids.size());
    int count = 0;
    if (n.in_region) {
      scaled_preimages(q_, n.s, n.t, pre_);
      for (std::size_t j = 0; j < pre_.size() && count < 8; ++j) {
        const auto& p = pre_[j];
        if (k == 0 && seeds_.contains &&
            seeds_.contains((p.s + p.t) / q_.sqrt_c, (p.s - p.t) / q_.sqrt_c))
          continue;
        L_[k].kids.push_back(add_node(k + 1, p.s, p.t, p.x, i, static_cast<int>(j)));
        ++count;
      }
    }
    L_[k].nodes[i].kid_begin = begin;
    L_[k].nodes[i].kid_count = static_cast<std::int8_t>(count);
  }
  const Node& n = L_[k].nodes[i];
  for (int j = 0; j < n.kid_count; ++j) out[j] = L_[k].kids[n.kid_begin + j];
  return n.kid_count;
}

// The midpoint node of segment si of level k (an exact preimage chain of a seed point between
// the chains of its ends), creating the two halves; −1 when it cannot be split.
std::int32_t Tree::split(int k, std::int32_t si) {
  const Seg sg = L_[k].segs[si];
  if (sg.mid != -1) return sg.mid < 0 ? -1 : sg.mid;
  std::int32_t m = -1, lp = sg.parent, rp = sg.parent;
  if (k == 0) {
    m = add_seed(sg.parent, 0.5 * (L_[0].seed_t[sg.a] + L_[0].seed_t[sg.b]));
  } else {
    const std::int32_t pm = split(k - 1, sg.parent);
    if (pm >= 0) {
      std::int32_t kids[8];
      const int nk = children(k - 1, pm, kids);
      const Node &A = L_[k].nodes[sg.a], &B = L_[k].nodes[sg.b];
      double best = std::numeric_limits<double>::infinity();
      for (int j = 0; j < nk; ++j) {
        const Node& C = L_[k].nodes[kids[j]];
        const double d = std::abs(C.x - A.x) + std::abs(C.s - A.s) + std::abs(C.t - A.t) + std::abs(C.x - B.x) +
                         std::abs(C.s - B.s) + std::abs(C.t - B.t);
        if (d < best) best = d, m = kids[j];
      }
      lp = L_[k - 1].segs[sg.parent].left, rp = L_[k - 1].segs[sg.parent].right;
    }
  }
  if (m < 0) {
    L_[k].segs[si].mid = -2;
    return -1;
  }
  const auto left = add_seg(k, sg.a, m, lp);
  const auto right = add_seg(k, m, sg.b, rp);
  auto& s = L_[k].segs[si];
  s.mid = m, s.left = left, s.right = right;
  return m;
}

void Tree::refine_seed(std::int32_t si, int rec) {
  if (capped_) return;
  const Seg sg = L_[0].segs[si];
  if (rec < kMaxRecursion && seg_length(0, si) > allowed(0, sg.a, sg.b) && split(0, si) >= 0) {
    const auto left = L_[0].segs[si].left, right = L_[0].segs[si].right;
    refine_seed(left, rec + 1);
    refine_seed(right, rec + 1);
    return;
  }
  L_[0].todo.push_back(si);
}

// Grows level k + 1 from segment ps of level k: each branch of preimages of its ends is linked
// into a segment of level k + 1, refined until neighbours are at most h apart.
void Tree::process(int k, std::int32_t ps, int rec) {
  if (capped_) return;
  const Seg sg = L_[k].segs[ps];
  std::int32_t A[8], B[8];
  const int na = children(k, sg.a, A), nb = children(k, sg.b, B);
  if (!L_[k].nodes[sg.a].in_region || !L_[k].nodes[sg.b].in_region) return;
  if (na == nb) {
    for (int j = 0; j < na; ++j) emit(k + 1, ps, A[j], B[j], rec);
    return;
  }
  // a fold between the ends (two preimages are born or die): narrow it down
  if (rec < kMaxRecursion && seg_length(k, ps) > hmin_ && split(k, ps) >= 0) {
    const auto left = L_[k].segs[ps].left, right = L_[k].segs[ps].right;
    process(k, left, rec + 1);
    process(k, right, rec + 1);
    return;
  }
  // unresolved: link what is already close
  for (int i = 0; i < na; ++i)
    for (int j = 0; j < nb; ++j)
      if (dist(k + 1, A[i], B[j]) <= allowed(k + 1, A[i], B[j])) L_[k + 1].todo.push_back(add_seg(k + 1, A[i], B[j], ps));
}

void Tree::emit(int k, std::int32_t ps, std::int32_t xa, std::int32_t xb, int rec) {
  if (capped_) return;
  if (dist(k, xa, xb) <= allowed(k, xa, xb)) {
    L_[k].todo.push_back(add_seg(k, xa, xb, ps));
    return;
  }
  if (!L_[k].nodes[xa].in_region && !L_[k].nodes[xb].in_region) return;
  if (rec >= kMaxRecursion || seg_length(k - 1, ps) <= hmin_) return;  // a gap
  const std::int32_t m = split(k - 1, ps);
  if (m < 0) return;
  std::int32_t C[8];
  const int nc = children(k - 1, m, C);
  std::int32_t xm = -1;
  double best = std::numeric_limits<double>::infinity();
  for (int j = 0; j < nc; ++j) {
    const Node &M = L_[k].nodes[C[j]], &A = L_[k].nodes[xa], &B = L_[k].nodes[xb];
    const double d = std::abs(M.x - A.x) + std::abs(M.s - A.s) + std::abs(M.t - A.t) + std::abs(M.x - B.x) +
                     std::abs(M.s - B.s) + std::abs(M.t - B.t);
    if (d < best) best = d, xm = C[j];
  }
  if (xm < 0) return;
  const auto left = L_[k - 1].segs[ps].left, right = L_[k - 1].segs[ps].right;
  emit(k, left, xa, xm, rec + 1);
  emit(k, right, xm, xb, rec + 1);
}

BackwardCurves Tree::run() {
  BackwardCurves out;
  out.spacing = h_;
  out.region = o_.region;
  L_.resize(1);
  const int n0 = std::max(2, o_.seeds);
  for (int c = 0; c < static_cast<int>(seeds_.curves.size()) && !capped_; ++c) {
    const auto& curve = seeds_.curves[c];
    std::int32_t prev = -1;
    for (int i = 0; i < n0 && !capped_; ++i) {
      const auto node = add_seed(c, curve.t0 + (curve.t1 - curve.t0) * i / (n0 - 1));
      if (prev >= 0) refine_seed(add_seg(0, prev, node, c), 0);
      prev = node;
    }
  }
  for (int k = 1; k <= o_.depth && !capped_; ++k) {
    L_.emplace_back();
    const auto todo = L_[k - 1].todo;
    for (const auto ps : todo) {
      if (capped_) break;
      process(k - 1, ps, 0);
    }
    if (!capped_) out.depth_completed = k;
  }
  if (!capped_ && o_.depth == 0) out.depth_completed = 0;
  out.capped = capped_;
  out.held = held_;
  out.per_depth.assign(o_.depth + 1, 0);
  for (int k = 0; k < static_cast<int>(L_.size()) && k <= o_.depth; ++k)
    for (const auto& n : L_[k].nodes) {
      if (!inside(o_.window, u(n), v(n))) continue;
      if (static_cast<std::int64_t>(out.points.size()) >= o_.max_points) break;
      out.points.push_back({u(n), v(n), k, n.branch});
      ++out.per_depth[k];
      if (n.branch >= 0) {
        if (static_cast<int>(out.per_branch.size()) <= n.branch) out.per_branch.resize(n.branch + 1, 0);
        ++out.per_branch[n.branch];
      }
    }
  return out;
}

}  // namespace

Window default_region(const Window& w) {
  const double cu = 0.5 * (w.a0 + w.a1), cv = 0.5 * (w.b0 + w.b1);
  const double hu = 1.5 * (w.a1 - w.a0), hv = 1.5 * (w.b1 - w.b0);
  return {cu - hu, cu + hu, cv - hv, cv + hv};
}

std::int64_t backward_curves_memory_bytes(const BackwardOptions& options) {
  constexpr std::int64_t kHeldPointBytes = 120;  // a node, its share of segments, queues and preimage scratch
  const std::int64_t n = std::clamp<std::int64_t>(options.max_points, 0, 200'000'000);
  return 3 * n * kHeldPointBytes + n * static_cast<std::int64_t>(sizeof(CurvePoint));
}

BackwardCurves backward_curves(const Problem& problem, const Seeds& seeds, const BackwardOptions& options) {
  const Reduced q = reduced(problem);
  BackwardOptions o = options;
  auto valid = [](const Window& w) {
    return std::isfinite(w.a0) && std::isfinite(w.a1) && std::isfinite(w.b0) && std::isfinite(w.b1) && w.a1 > w.a0 &&
           w.b1 > w.b0;
  };
  if (!valid(o.window)) throw InputError("the window must be finite with a0 < a1 and b0 < b1");
  if (o.region.a0 == 0 && o.region.a1 == 0 && o.region.b0 == 0 && o.region.b1 == 0) o.region = default_region(o.window);
  if (!valid(o.region)) throw InputError("the region must be finite with a0 < a1 and b0 < b1");
  if (o.depth < 0 || o.depth > 60) throw InputError("the depth must be in [0, 60]");
  if (o.seeds < 2 || o.seeds > 10'000'000) throw InputError("the number of seeds must be in [2, 10^7]");
  if (o.max_points < 1 || o.max_points > 200'000'000) throw InputError("max_points must be in [1, 2·10^8]");
  if (!(o.spacing >= 0) || !std::isfinite(o.spacing)) throw InputError("the spacing must be a finite number >= 0");
  const double h =
      o.spacing > 0 ? o.spacing : std::max(o.window.a1 - o.window.a0, o.window.b1 - o.window.b0) / 2048;
  Tree tree(q, seeds, o, h);
  return tree.run();
}

}  // namespace gdchaos
