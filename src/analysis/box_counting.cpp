#include "gdchaos/analysis/box_counting.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "gdchaos/analysis/outcome.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/core/status.hpp"

namespace gdchaos {

BoundarySelection BoundarySelection::parse(std::string_view text) {
  if (text == "converged") return {Kind::converged, 0};
  if (text == "label") return {Kind::label, 0};
  if (text == "diverged") return {Kind::diverged, 0};
  constexpr std::string_view prefix = "attractor:";
  if (text.starts_with(prefix)) {
    const auto digits = text.substr(prefix.size());
    // At most five digits are read, so the value cannot overflow before it is range-checked.
    const bool ok = !digits.empty() && digits.size() <= 5 &&
                    std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    int k = 0;
    if (ok)
      for (char c : digits) k = 10 * k + (c - '0');
    if (ok && k <= 32767) return {Kind::attractor, k};
  }
  throw InputError("`boundary` must be converged, attractor:K (K = 0, 1, …), label or diverged, not '" + std::string(text) +
                   "'");
}

std::string BoundarySelection::name() const {
  switch (kind) {
    case Kind::converged: return "converged";
    case Kind::attractor: return "attractor:" + std::to_string(attractor);
    case Kind::label: return "label";
    case Kind::diverged: return "diverged";
  }
  return "?";
}

namespace {

constexpr int kNoClass = -1;  // outside the domain: takes part in no boundary

int pixel_class(std::uint8_t s, std::int16_t a, const BoundarySelection& selection) {
  const bool conv = is_converged(static_cast<Status>(s));
  if (s == static_cast<std::uint8_t>(Status::outside_domain)) return kNoClass;
  if (selection.kind == BoundarySelection::Kind::converged) return conv ? 1 : 0;
  if (selection.kind == BoundarySelection::Kind::attractor) return conv && a == selection.attractor ? 1 : 0;
  if (selection.kind == BoundarySelection::Kind::diverged) return s == static_cast<std::uint8_t>(Status::diverged) ? 1 : 0;
  return outcome_label(s, a);
}

std::vector<int> classes(const LabelImage& image, const BoundarySelection& selection) {
  const auto n = static_cast<std::size_t>(image.width * image.height);
  if (image.width < 0 || image.height < 0 || image.status.size() != n)
    throw std::invalid_argument("status does not match the image size");
  if (!image.attractor.empty() && image.attractor.size() != n)
    throw std::invalid_argument("attractor does not match the image size");
  std::vector<int> cls(n);
  for (std::size_t k = 0; k < n; ++k)
    cls[k] = pixel_class(image.status[k], image.attractor.empty() ? std::int16_t{-1} : image.attractor[k], selection);
  return cls;
}

struct Line {
  double slope = 0, intercept = 0, std_error = 0;
};

// OLS of y on x; the standard error needs at least 3 points (0 otherwise).
Line ols(std::span<const double> x, std::span<const double> y) {
  const auto n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t k = 0; k < x.size(); ++k) mx += x[k], my += y[k];
  mx /= n, my /= n;
  double sxx = 0, sxy = 0;
  for (std::size_t k = 0; k < x.size(); ++k) sxx += (x[k] - mx) * (x[k] - mx), sxy += (x[k] - mx) * (y[k] - my);
  Line line;
  line.slope = sxy / sxx;
  line.intercept = my - line.slope * mx;
  if (x.size() > 2) {
    double rss = 0;
    for (std::size_t k = 0; k < x.size(); ++k) {
      const double r = y[k] - line.intercept - line.slope * x[k];
      rss += r * r;
    }
    line.std_error = std::sqrt(rss / (n - 2) / sxx);
  }
  return line;
}

// Slope D = −d log N / d log s over sizes [i, j] of `counts`, using count(k) for the counts.
template <class Count>
Line fit_range(const std::vector<BoxCount>& counts, std::size_t i, std::size_t j, Count count) {
  std::vector<double> x, y;
  for (std::size_t k = i; k <= j; ++k) {
    x.push_back(std::log(static_cast<double>(counts[k].box_size)));
    y.push_back(-std::log(static_cast<double>(count(counts[k]))));
  }
  return ols(x, y);
}

double min_count_slope(const std::vector<BoxCount>& counts, std::size_t i, std::size_t j) {
  return fit_range(counts, i, j, [](const BoxCount& c) { return c.count; }).slope;
}

}  // namespace

std::vector<std::uint8_t> boundary_mask(const LabelImage& image, const BoundarySelection& selection) {
  const auto cls = classes(image, selection);
  const std::int64_t w = image.width, h = image.height;
  std::vector<std::uint8_t> mask(cls.size(), 0);
  // Pairs of 4-neighbours, each once (right and down); a differing pair marks its left / upper
  // member, so the boundary is one pixel thick. Neighbours beyond the window do not exist, so the
  // frame creates no boundary; status-4 pixels take part in no pair.
  for (std::int64_t i = 0; i < h; ++i) {
    for (std::int64_t j = 0; j < w; ++j) {
      const auto p = i * w + j;
      if (cls[p] == kNoClass) continue;
      if (j + 1 < w && cls[p + 1] != kNoClass && cls[p + 1] != cls[p]) mask[p] = 1;
      if (i + 1 < h && cls[p + w] != kNoClass && cls[p + w] != cls[p]) mask[p] = 1;
    }
  }
  return mask;
}

std::int64_t isolated_pixel_count(const LabelImage& image, const BoundarySelection& selection) {
  const auto cls = classes(image, selection);
  const std::int64_t w = image.width, h = image.height;
  std::int64_t n = 0;
  for (std::int64_t i = 0; i < h; ++i) {
    for (std::int64_t j = 0; j < w; ++j) {
      const auto p = i * w + j;
      if (cls[p] == kNoClass) continue;
      int other = 0, same = 0;
      auto look = [&](std::int64_t q) {
        if (cls[q] == kNoClass) return;
        (cls[q] == cls[p] ? same : other)++;
      };
      if (j > 0) look(p - 1);
      if (j + 1 < w) look(p + 1);
      if (i > 0) look(p - w);
      if (i + 1 < h) look(p + w);
      n += other > 0 && same == 0;
    }
  }
  return n;
}

std::vector<BoxCount> count_boxes(std::span<const std::uint8_t> mask, std::int64_t width, std::int64_t height,
                                  std::int64_t min_boxes_per_side) {
  if (width < 0 || height < 0 || mask.size() != static_cast<std::size_t>(width * height))
    throw std::invalid_argument("mask does not match the image size");
  std::vector<std::pair<std::int32_t, std::int32_t>> pixels;  // (row, column)
  for (std::int64_t i = 0; i < height; ++i)
    for (std::int64_t j = 0; j < width; ++j)
      if (mask[i * width + j]) pixels.emplace_back(static_cast<std::int32_t>(i), static_cast<std::int32_t>(j));
  std::vector<BoxCount> out;
  const std::int64_t side = std::min(width, height);
  std::vector<std::uint8_t> hit;
  for (std::int64_t s = 1; side / s >= min_boxes_per_side && side > 0; s *= 2) {
    BoxCount bc;
    bc.box_size = s;
    std::vector<std::pair<std::int64_t, std::int64_t>> offsets = {{0, 0}};
    if (s > 1) offsets = {{0, 0}, {s / 2, 0}, {0, s / 2}, {s / 2, s / 2}};
    for (const auto& [oy, ox] : offsets) {
      // A grid shifted by (oy, ox): box b covers pixels [b·s − o, (b + 1)·s − o).
      const std::int64_t nbx = (width + ox + s - 1) / s, nby = (height + oy + s - 1) / s;
      hit.assign(static_cast<std::size_t>(nbx * nby), 0);
      std::int64_t n = 0;
      for (const auto& [i, j] : pixels) {
        auto& b = hit[static_cast<std::size_t>(((i + oy) / s) * nbx + (j + ox) / s)];
        n += b == 0;
        b = 1;
      }
      bc.per_offset.push_back(n);
    }
    bc.count = *std::min_element(bc.per_offset.begin(), bc.per_offset.end());
    out.push_back(std::move(bc));
  }
  return out;
}

// ---- streamed ----

namespace {

std::vector<std::int64_t> box_sizes(std::int64_t width, std::int64_t height, std::int64_t min_boxes_per_side) {
  std::vector<std::int64_t> sizes;
  const std::int64_t side = std::min(width, height);
  for (std::int64_t s = 1; side / s >= min_boxes_per_side && side > 0; s *= 2) sizes.push_back(s);
  return sizes;
}

// Distinct values of (v + add) >> 1 for ascending distinct v, ascending.
void halve(const std::vector<std::int64_t>& in, std::int64_t add, std::vector<std::int64_t>& out) {
  out.clear();
  for (const std::int64_t v : in) {
    const std::int64_t h = (v + add) >> 1;
    if (out.empty() || out.back() != h) out.push_back(h);
  }
}

}  // namespace

BoxCounter::BoxCounter(std::int64_t width, std::int64_t height, std::int64_t min_boxes_per_side)
    : width_(width), height_(height) {
  if (width < 0 || height < 0) throw std::invalid_argument("BoxCounter: negative image size");
  if (min_boxes_per_side < 1) throw std::invalid_argument("BoxCounter: min_boxes_per_side must be at least 1");
  const auto sizes = box_sizes(width, height, min_boxes_per_side);
  levels_ = static_cast<int>(sizes.size());
  for (int level = 0; level < levels_; ++level) {
    const std::int64_t s = sizes[static_cast<std::size_t>(level)];
    // The order of BoxCount::per_offset: (oy, ox) = (0,0), (s/2,0), (0,s/2), (s/2,s/2).
    std::vector<std::pair<std::int64_t, bool>> offsets = {{0, false}};
    if (s > 1) offsets = {{0, false}, {s / 2, false}, {0, true}, {s / 2, true}};
    for (const auto& [oy, shifted] : offsets) {
      Grid g;
      g.level = level;
      g.oy = oy;
      g.shifted_columns = shifted;
      const std::int64_t nbx = (width + (shifted ? s / 2 : 0) + s - 1) / s;
      g.bits.assign(static_cast<std::size_t>((nbx + 63) / 64), 0);
      grids_.push_back(std::move(g));
    }
  }
  plain_.resize(static_cast<std::size_t>(levels_));
  shifted_.resize(static_cast<std::size_t>(levels_));
}

void BoxCounter::add_row(std::span<const std::int64_t> columns) {
  if (rows_ >= height_) throw std::logic_error("BoxCounter: more rows than the image height");
  for (std::size_t k = 0; k < columns.size(); ++k)
    if (columns[k] < 0 || columns[k] >= width_ || (k > 0 && columns[k] <= columns[k - 1]))
      throw std::invalid_argument("BoxCounter: columns must be ascending and inside the row");
  const std::int64_t i = rows_++;
  if (levels_ == 0) return;
  // Box columns of this row at each level: (j + ox) >> level for ox = 0 and, from level 1 on,
  // ox = s/2 = 2^(level−1); both follow from the level below: (j >> (l−1) + {0, 1}) >> 1.
  plain_[0].assign(columns.begin(), columns.end());
  for (int level = 1; level < levels_; ++level) {
    halve(plain_[static_cast<std::size_t>(level - 1)], 0, plain_[static_cast<std::size_t>(level)]);
    halve(plain_[static_cast<std::size_t>(level - 1)], 1, shifted_[static_cast<std::size_t>(level)]);
  }
  for (auto& g : grids_) {
    const auto& cols = g.shifted_columns ? shifted_[static_cast<std::size_t>(g.level)] : plain_[static_cast<std::size_t>(g.level)];
    const std::int64_t box_row = (i + g.oy) >> g.level;
    if (box_row != g.box_row) {  // a new row of boxes: nothing of it is hit yet
      if (g.dirty) std::fill(g.bits.begin(), g.bits.end(), 0);
      g.dirty = false;
      g.box_row = box_row;
    }
    for (const std::int64_t b : cols) {
      auto& word = g.bits[static_cast<std::size_t>(b >> 6)];
      const std::uint64_t bit = std::uint64_t{1} << (b & 63);
      g.count += (word & bit) == 0;
      word |= bit;
    }
    g.dirty = g.dirty || !cols.empty();
  }
}

std::vector<BoxCount> BoxCounter::counts() const {
  if (rows_ != height_) throw std::logic_error("BoxCounter: counts before all rows are in");
  std::vector<BoxCount> out;
  for (const auto& g : grids_) {
    if (out.empty() || out.back().box_size != (std::int64_t{1} << g.level)) {
      out.emplace_back();
      out.back().box_size = std::int64_t{1} << g.level;
    }
    out.back().per_offset.push_back(g.count);
  }
  for (auto& bc : out) bc.count = *std::min_element(bc.per_offset.begin(), bc.per_offset.end());
  return out;
}

BoundaryStream::BoundaryStream(std::int64_t width, std::int64_t height, const BoundarySelection& selection,
                               std::int64_t min_boxes_per_side)
    : width_(width), height_(height), selection_(selection), boxes_(width, height, min_boxes_per_side) {
  prev_.resize(static_cast<std::size_t>(width));
  cur_.resize(static_cast<std::size_t>(width));
  next_.resize(static_cast<std::size_t>(width));
  if (width == 0) {  // rows without pixels: nothing to wait for
    for (; rows_ < height_; ++rows_) boxes_.add_row({});
  }
}

void BoundaryStream::add_rows(std::span<const std::uint8_t> status, std::span<const std::int16_t> attractor) {
  if (width_ == 0) {
    if (!status.empty() || !attractor.empty()) throw std::invalid_argument("BoundaryStream: rows of an empty image");
    return;
  }
  if (status.size() % static_cast<std::size_t>(width_) != 0)
    throw std::invalid_argument("BoundaryStream: status is not a whole number of rows");
  if (!attractor.empty() && attractor.size() != status.size())
    throw std::invalid_argument("BoundaryStream: attractor does not match status");
  const auto n = static_cast<std::int64_t>(status.size()) / width_;
  if (n > height_ - rows_) throw std::logic_error("BoundaryStream: more rows than the image height");
  for (std::int64_t r = 0; r < n; ++r) {
    const std::size_t base = static_cast<std::size_t>(r * width_);
    for (std::int64_t j = 0; j < width_; ++j) {
      const std::size_t k = base + static_cast<std::size_t>(j);
      next_[static_cast<std::size_t>(j)] =
          pixel_class(status[k], attractor.empty() ? std::int16_t{-1} : attractor[k], selection_);
    }
    // Row rows_ − 1 (in cur_) now has both neighbours.
    if (rows_ > 0) finish_row(rows_ > 1 ? prev_.data() : nullptr, next_.data());
    std::swap(prev_, cur_);
    std::swap(cur_, next_);
    ++rows_;
  }
  if (rows_ == height_ && n > 0) finish_row(rows_ > 1 ? prev_.data() : nullptr, nullptr);
}

// The same tests as boundary_mask and isolated_pixel_count, for the row in cur_.
void BoundaryStream::finish_row(const int* prev, const int* next) {
  const int* cur = cur_.data();
  const std::int64_t w = width_;
  columns_.clear();
  for (std::int64_t j = 0; j < w; ++j) {
    const int c = cur[j];
    if (c == kNoClass) continue;
    if ((j + 1 < w && cur[j + 1] != kNoClass && cur[j + 1] != c) || (next && next[j] != kNoClass && next[j] != c))
      columns_.push_back(j);
    int other = 0, same = 0;
    auto look = [&](int q) {
      if (q == kNoClass) return;
      (q == c ? same : other)++;
    };
    if (j > 0) look(cur[j - 1]);
    if (j + 1 < w) look(cur[j + 1]);
    if (prev) look(prev[j]);
    if (next) look(next[j]);
    isolated_ += other > 0 && same == 0;
  }
  boundary_ += static_cast<std::int64_t>(columns_.size());
  boxes_.add_row(columns_);
}

DimensionEstimate BoundaryStream::estimate(const DimensionOptions& options) const {
  auto est = estimate_dimension(counts(), boundary_, options);
  est.isolated_pixels = isolated_;
  return est;
}

double student_t_975(int dof) {
  static constexpr std::array<double, 30> table = {
      12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581837, 2.446911849, 2.364624251, 2.306004135,
      2.262157163,  2.228138852, 2.200985160, 2.178812830, 2.160368656, 2.144786688, 2.131449546, 2.119905299,
      2.109815578,  2.100922040, 2.093024054, 2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562,
      2.059538553,  2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456};
  if (dof < 1) throw std::invalid_argument("t quantile needs at least one degree of freedom");
  if (dof <= 30) return table[static_cast<std::size_t>(dof - 1)];
  // Cornish–Fisher expansion about the normal quantile (error < 1e-6 for dof > 30).
  const double z = 1.959963984540054, v = dof, z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
  return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
}

DimensionEstimate estimate_dimension(std::vector<BoxCount> counts, std::int64_t boundary_pixels,
                                     const DimensionOptions& options) {
  DimensionEstimate est;
  est.counts = std::move(counts);
  est.boundary_pixels = boundary_pixels;
  const auto& c = est.counts;
  for (std::size_t k = 0; k + 1 < c.size(); ++k) {
    // Undefined (NaN) where a count is 0.
    const double slope = c[k].count > 0 && c[k + 1].count > 0
                             ? -std::log(static_cast<double>(c[k + 1].count) / static_cast<double>(c[k].count)) /
                                   std::log(static_cast<double>(c[k + 1].box_size) / static_cast<double>(c[k].box_size))
                             : std::nan("");
    // The same slope from each grid offset's own counts (s = 1 has a single grid).
    double mean = 0, var = 0;
    std::array<double, 4> per{};
    for (std::size_t o = 0; o < per.size(); ++o) {
      const auto n0 = c[k].per_offset[std::min(o, c[k].per_offset.size() - 1)];
      const auto n1 = c[k + 1].per_offset[std::min(o, c[k + 1].per_offset.size() - 1)];
      per[o] = n0 > 0 && n1 > 0 ? -std::log(static_cast<double>(n1) / static_cast<double>(n0)) /
                                      std::log(static_cast<double>(c[k + 1].box_size) / static_cast<double>(c[k].box_size))
                                : std::nan("");
      mean += per[o] / per.size();
    }
    for (double p : per) var += (p - mean) * (p - mean) / (per.size() - 1);
    const double spread = std::isfinite(var) ? std::sqrt(var) : 0.0;
    const double tolerance = std::min(options.max_slope_tolerance,
                                      std::max(options.slope_tolerance, options.noise_sigmas * spread));
    est.local_slopes.push_back({c[k].box_size, c[k + 1].box_size, slope, spread, tolerance});
  }
  const auto min_sizes = static_cast<std::size_t>(std::max(options.min_sizes, 3));

  // The range: given, or found.
  std::size_t lo = 0, hi = 0;
  bool have_range = false;
  if (options.fit) {
    est.fit_automatic = false;
    const auto [flo, fhi] = *options.fit;
    auto index_of = [&](std::int64_t s) -> std::optional<std::size_t> {
      for (std::size_t k = 0; k < c.size(); ++k)
        if (c[k].box_size == s) return k;
      return std::nullopt;
    };
    std::string sizes;
    for (const auto& b : c) {
      if (!sizes.empty()) sizes += ",";
      sizes += std::to_string(b.box_size);
    }
    const auto ilo = index_of(flo), ihi = index_of(fhi);
    if (!ilo || !ihi)
      throw InputError("`fit` " + std::to_string(flo) + "," + std::to_string(fhi) +
                       ": both ends must be counted box sizes (" + (sizes.empty() ? "none" : sizes) + ")");
    if (*ihi < *ilo || *ihi - *ilo + 1 < min_sizes)
      throw InputError("`fit` " + std::to_string(flo) + "," + std::to_string(fhi) + ": needs at least " +
                       std::to_string(min_sizes) + " box sizes (hi ≥ " + std::to_string(1 << (min_sizes - 1)) + "·lo)");
    lo = *ilo, hi = *ihi, have_range = true;
  }

  if (boundary_pixels < options.min_boundary_pixels) {
    est.reason = "too few boundary pixels (" + std::to_string(boundary_pixels) + " < " +
                 std::to_string(options.min_boundary_pixels) + ")";
    return est;
  }
  if (c.size() < min_sizes) {
    est.reason = "only " + std::to_string(c.size()) + " box sizes fit the image (need " + std::to_string(min_sizes) +
                 " with at least 8 boxes per side)";
    return est;
  }
  if (!have_range) {
    // The automatic range: among runs of ≥ min_sizes consecutive usable sizes (enough boxes to
    // be more than a handful), the longest on which the curve is straight — every local slope
    // within its tolerance of the run's fitted slope; ties go to the smallest largest deviation.
    // Local slopes are the natural test: each is the dimension seen at one scale, so a power
    // law makes them all equal up to noise, while the pixel-scale transient (digitisation,
    // detail finer than a pixel that the render lost) and saturation at large boxes show up as
    // local slopes drifting away from the fit. The tolerance is 0.05, or 3σ where the slope's
    // spread σ across grid offsets is larger (few boxes, lacunar sets such as the Koch curve,
    // whose slopes oscillate with scale), capped at 0.25: a systematic drift that every grid
    // sees is caught, placement noise is not mistaken for one.
    std::size_t usable = 0;
    while (usable < c.size() && c[usable].count >= options.min_count) ++usable;
    double best_dev = 0;
    for (std::size_t i = 0; i < usable; ++i) {
      for (std::size_t j = i + min_sizes - 1; j < usable; ++j) {
        const double d = min_count_slope(c, i, j);
        double dev = 0;
        bool straight = true;
        for (std::size_t k = i; k < j; ++k) {
          const double e = std::abs(est.local_slopes[k].slope - d);
          dev = std::max(dev, e);
          straight = straight && e <= est.local_slopes[k].tolerance;
        }
        if (!straight) continue;
        const bool longer = !have_range || j - i > hi - lo;
        const bool tie_better = have_range && j - i == hi - lo && dev < best_dev;
        if (longer || tie_better) lo = i, hi = j, best_dev = dev, have_range = true;
      }
    }
    if (!have_range) {
      est.reason = usable < min_sizes
                       ? "only " + std::to_string(usable) + " box sizes hold at least " +
                             std::to_string(options.min_count) + " boxes (need " + std::to_string(min_sizes) + ")"
                       : "the log-log curve is not straight (every local slope within its tolerance of the fit) over any " +
                             std::to_string(min_sizes) + " consecutive box sizes";
      return est;
    }
  }

  const Line line = fit_range(c, lo, hi, [](const BoxCount& b) { return b.count; });
  est.supported = true;
  est.dimension = line.slope;
  est.std_error = line.std_error;
  est.fit_lo = c[lo].box_size, est.fit_hi = c[hi].box_size;
  est.fit_sizes = static_cast<int>(hi - lo + 1);
  est.t_quantile = student_t_975(est.fit_sizes - 2);
  for (std::size_t k = lo; k < hi; ++k)
    est.max_deviation = std::max(est.max_deviation, std::abs(est.local_slopes[k].slope - line.slope));
  // Grid placement: the slope from each offset's own counts (s = 1 has one grid).
  for (std::size_t o = 0; o < 4; ++o) {
    const auto per = fit_range(c, lo, hi, [o](const BoxCount& b) {
      return b.per_offset.size() > o ? b.per_offset[o] : b.per_offset.front();
    });
    est.offset_spread = std::max(est.offset_spread, std::abs(per.slope - line.slope));
  }
  // Range ends: the slope with the first or the last size dropped.
  est.range_spread = std::max(std::abs(min_count_slope(c, lo + 1, hi) - line.slope),
                              std::abs(min_count_slope(c, lo, hi - 1) - line.slope));
  // The three are different sources of error that are not independent draws (the sub-range and
  // offset slopes reuse the same counts), so they are added, not combined in quadrature: wider
  // rather than narrower.
  const double half = est.t_quantile * est.std_error + est.offset_spread + est.range_spread;
  est.ci_lo = line.slope - half, est.ci_hi = line.slope + half;
  return est;
}

DimensionEstimate box_counting_dimension(const LabelImage& image, const BoundarySelection& selection,
                                         const DimensionOptions& options) {
  const auto mask = boundary_mask(image, selection);
  std::int64_t n = 0;
  for (auto m : mask) n += m;
  auto est = estimate_dimension(count_boxes(mask, image.width, image.height), n, options);
  est.isolated_pixels = isolated_pixel_count(image, selection);
  return est;
}

}  // namespace gdchaos
