#include "gdchaos/cluster/band_codec.hpp"

#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace gdchaos::cluster {

namespace {

// Native byte order: the ranks of one job run the same binary on the same kind of machine.
class Writer {
 public:
  template <class T>
  void value(const T& v) {
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  template <class T>
  void array(const T* data, std::size_t n) {
    value<std::uint64_t>(n);
    out_.append(reinterpret_cast<const char*>(data), n * sizeof(T));
  }
  void text(const std::string& s) { array(s.data(), s.size()); }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <class T>
  T value() {
    T v;
    need(sizeof v);
    std::memcpy(&v, in_.data() + at_, sizeof v);
    at_ += sizeof v;
    return v;
  }
  template <class Vec>
  void array(Vec& v) {
    const auto n = value<std::uint64_t>();
    using T = typename Vec::value_type;
    if (n > (in_.size() - at_) / sizeof(T)) throw std::runtime_error("a truncated band message");
    v.resize(n);
    std::memcpy(v.data(), in_.data() + at_, n * sizeof(T));
    at_ += n * sizeof(T);
  }
  std::string text() {
    std::string s;
    array(s);
    return s;
  }
  bool done() const { return at_ == in_.size(); }

 private:
  void need(std::size_t n) const {
    if (in_.size() - at_ < n) throw std::runtime_error("a truncated band message");
  }
  std::string_view in_;
  std::size_t at_ = 0;
};

}  // namespace

std::string encode_band(const BasinMap& b) {
  Writer w;
  w.value(b.width), w.value(b.height);
  w.array(b.status.data(), b.status.size());
  w.array(b.steps.data(), b.steps.size());
  w.array(b.attractor.data(), b.attractor.size());
  w.value<std::uint64_t>(b.fields.size());
  for (const auto& f : b.fields) w.text(f.name), w.array(f.values.data(), f.values.size());
  w.value<std::uint64_t>(b.attractors.size());
  for (const auto& p : b.attractors) w.array(p.data(), p.size());
  w.value<std::uint8_t>(b.attractors_overflowed);
  for (auto c : b.counts) w.value(c);
  w.text(b.engine);
  w.value(b.wall_seconds);
  return w.take();
}

BasinMap decode_band(std::string_view bytes) {
  Reader r(bytes);
  BasinMap b;
  b.width = r.value<std::int64_t>(), b.height = r.value<std::int64_t>();
  r.array(b.status), r.array(b.steps), r.array(b.attractor);
  const auto pixels = static_cast<std::size_t>(b.width * b.height);
  const auto fields = r.value<std::uint64_t>();
  if (b.width < 0 || b.height < 0 || b.status.size() != pixels || b.steps.size() != pixels ||
      b.attractor.size() != pixels || fields > 64)
    throw std::runtime_error("a malformed band message");
  for (std::uint64_t k = 0; k < fields; ++k) {
    FloatField f;
    f.name = r.text();
    r.array(f.values);
    if (f.values.size() != pixels) throw std::runtime_error("a malformed band message");
    b.fields.push_back(std::move(f));
  }
  const auto points = r.value<std::uint64_t>();
  if (points > 4096) throw std::runtime_error("a malformed band message");
  b.attractors.resize(points);
  for (auto& p : b.attractors) r.array(p);
  b.attractors_overflowed = r.value<std::uint8_t>() != 0;
  for (auto& c : b.counts) c = r.value<std::int64_t>();
  b.engine = r.text();
  b.wall_seconds = r.value<double>();
  if (!r.done()) throw std::runtime_error("a malformed band message (trailing bytes)");
  return b;
}

}  // namespace gdchaos::cluster
