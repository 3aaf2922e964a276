#include "gdchaos/io/npy.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

#include "gdchaos/core/error.hpp"
#include "gdchaos/io/input_file.hpp"

namespace gdchaos::npy {
namespace {

constexpr std::array<char, 6> kMagic{'\x93', 'N', 'U', 'M', 'P', 'Y'};
// numpy aligns the data to 64 bytes so it can be memory-mapped.
constexpr std::size_t kAlignment = 64;

template <class T>
constexpr const char* descr_of() {
  if constexpr (std::is_same_v<T, std::uint8_t>) return "|u1";
  else if constexpr (std::is_same_v<T, std::int16_t>) return "<i2";
  else if constexpr (std::is_same_v<T, std::int32_t>) return "<i4";
  else if constexpr (std::is_same_v<T, float>) return "<f4";
  else if constexpr (std::is_same_v<T, double>) return "<f8";
  else static_assert(sizeof(T) == 0, "unsupported npy dtype");
}

template <std::size_t N>
void reverse_bytes(unsigned char* p) {
  std::reverse(p, p + N);
}

std::string shape_tuple(const std::vector<std::int64_t>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ',';  // Python's one-element tuple
  return s + ")";
}

void remove_partial_file(const std::filesystem::path& path) {
  std::error_code ec;
  // Only ever delete a regular file we were writing (never a device such as /dev/full).
  if (std::filesystem::symlink_status(path, ec).type() == std::filesystem::file_type::regular)
    std::filesystem::remove(path, ec);
}

// ---- reading ----

[[noreturn]] void fail(const std::filesystem::path& path, std::string_view why) {
  throw InputError(path.string() + ": " + std::string(why));
}

std::string printable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 40)) out += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
  return s.size() > 40 ? out + "..." : out;
}

struct Header {
  std::string descr;
  bool fortran_order = false;
  std::vector<std::int64_t> shape;
};

// Parses the Python dict literal numpy writes, e.g.
// {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }
class HeaderParser {
 public:
  HeaderParser(std::string_view text, const std::filesystem::path& path) : s_(text), path_(path) {}

  Header parse() {
    Header h;
    bool have_descr = false, have_order = false, have_shape = false;
    expect('{');
    while (!peek_is('}')) {
      const std::string key = string_literal();
      expect(':');
      if (key == "descr") {
        if (peek_is('[')) fail(path_, "structured dtypes are not supported");
        h.descr = string_literal();
        have_descr = true;
      } else if (key == "fortran_order") {
        h.fortran_order = boolean();
        have_order = true;
      } else if (key == "shape") {
        h.shape = int_tuple();
        have_shape = true;
      } else {
        fail(path_, "unexpected key '" + printable(key) + "' in .npy header");
      }
      if (!peek_is(',')) break;
      expect(',');
    }
    expect('}');
    skip_space();
    if (pos_ != s_.size()) fail(path_, "trailing characters in .npy header");
    if (!have_descr || !have_order || !have_shape)
      fail(path_, ".npy header lacks 'descr', 'fortran_order' or 'shape'");
    return h;
  }

 private:
  void skip_space() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool peek_is(char c) {
    skip_space();
    return pos_ < s_.size() && s_[pos_] == c;
  }
  void expect(char c) {
    if (!peek_is(c)) fail(path_, std::string("malformed .npy header (expected '") + c + "')");
    ++pos_;
  }
  std::string string_literal() {
    skip_space();
    if (pos_ >= s_.size() || (s_[pos_] != '\'' && s_[pos_] != '"')) fail(path_, "malformed .npy header");
    const char quote = s_[pos_++];
    const std::size_t end = s_.find(quote, pos_);
    if (end == std::string_view::npos) fail(path_, "malformed .npy header (unterminated string)");
    std::string out(s_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return out;
  }
  bool boolean() {
    skip_space();
    for (const auto& [word, value] : {std::pair{std::string_view("True"), true}, {"False", false}}) {
      if (s_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return value;
      }
    }
    fail(path_, "malformed .npy header (fortran_order is not True/False)");
  }
  std::int64_t integer() {
    skip_space();
    const std::size_t start = pos_;
    std::int64_t v = 0;
    while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) {
      if (v > (std::numeric_limits<std::int64_t>::max() - 9) / 10) fail(path_, "array dimension too large");
      v = v * 10 + (s_[pos_++] - '0');
    }
    if (pos_ < s_.size() && s_[pos_] == 'L') ++pos_;  // Python 2 long suffix
    if (pos_ == start) fail(path_, "malformed .npy header (bad shape)");
    return v;
  }
  std::vector<std::int64_t> int_tuple() {
    std::vector<std::int64_t> out;
    expect('(');
    while (!peek_is(')')) {
      out.push_back(integer());
      if (!peek_is(',')) break;
      expect(',');
    }
    expect(')');
    return out;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  const std::filesystem::path& path_;
};

enum class Kind { Bool, Unsigned, Signed, Float };

struct Dtype {
  Kind kind;
  std::size_t size;
  bool swap;  // stored in the other byte order than this machine's
};

std::optional<Dtype> parse_descr(std::string_view d) {
  if (d.size() != 3) return std::nullopt;
  const char order = d[0], kind = d[1];
  const std::size_t size = static_cast<std::size_t>(d[2] - '0');
  if (order != '<' && order != '>' && order != '|' && order != '=') return std::nullopt;
  if (order == '|' && size != 1) return std::nullopt;
  Kind k;
  switch (kind) {
    case 'b': if (size != 1) return std::nullopt; k = Kind::Bool; break;
    case 'u': if (size != 1 && size != 2 && size != 4 && size != 8) return std::nullopt; k = Kind::Unsigned; break;
    case 'i': if (size != 1 && size != 2 && size != 4 && size != 8) return std::nullopt; k = Kind::Signed; break;
    case 'f': if (size != 4 && size != 8) return std::nullopt; k = Kind::Float; break;
    default: return std::nullopt;
  }
  const bool little = order == '<' || (order == '=' && std::endian::native == std::endian::little);
  const bool big = order == '>' || (order == '=' && std::endian::native == std::endian::big);
  const bool swap = size > 1 && ((little && std::endian::native != std::endian::little) ||
                                 (big && std::endian::native != std::endian::big));
  return Dtype{k, size, swap};
}

template <class T>
double load(const unsigned char* p, bool swap) {
  std::array<unsigned char, sizeof(T)> b;
  std::memcpy(b.data(), p, sizeof(T));
  if (swap) reverse_bytes<sizeof(T)>(b.data());
  return static_cast<double>(std::bit_cast<T>(b));
}

double convert(const unsigned char* p, const Dtype& t) {
  switch (t.kind) {
    case Kind::Bool: return *p != 0 ? 1.0 : 0.0;
    case Kind::Unsigned:
      switch (t.size) {
        case 1: return *p;
        case 2: return load<std::uint16_t>(p, t.swap);
        case 4: return load<std::uint32_t>(p, t.swap);
        default: return load<std::uint64_t>(p, t.swap);
      }
    case Kind::Signed:
      switch (t.size) {
        case 1: return static_cast<std::int8_t>(*p);
        case 2: return load<std::int16_t>(p, t.swap);
        case 4: return load<std::int32_t>(p, t.swap);
        default: return load<std::int64_t>(p, t.swap);
      }
    case Kind::Float: return t.size == 4 ? load<float>(p, t.swap) : load<double>(p, t.swap);
  }
  return 0.0;
}

}  // namespace

namespace {

// The data of a version-1.0 file starts after the magic, version, length and header.
std::int64_t data_offset(std::ifstream& in, const std::filesystem::path& path) {
  char pre[10];
  if (!in.read(pre, sizeof pre) || !std::equal(kMagic.begin(), kMagic.end(), pre) || pre[6] != 1)
    throw std::runtime_error(path.string() + ": not a version 1.0 .npy file");
  return 10 + (static_cast<unsigned char>(pre[8]) | (static_cast<unsigned char>(pre[9]) << 8));
}

}  // namespace

namespace {

// The version 1.0 header of a C-order array of T with this shape (magic to newline, padded to
// kAlignment), and its element count.
template <class T>
std::string header_of(const std::vector<std::int64_t>& shape, std::int64_t& count) {
  count = 1;
  for (std::int64_t d : shape) {
    if (d < 0) throw std::invalid_argument("npy::write: negative dimension");
    if (d != 0 && count > std::numeric_limits<std::int64_t>::max() / d)
      throw std::invalid_argument("npy::write: shape too large");
    count *= d;
  }
  std::string header = std::string("{'descr': '") + descr_of<T>() +
                       "', 'fortran_order': False, 'shape': " + shape_tuple(shape) + ", }";
  const std::size_t prefix = kMagic.size() + 2 + 2;  // magic, version, header length
  const std::size_t unpadded = prefix + header.size() + 1;
  header.append((kAlignment - unpadded % kAlignment) % kAlignment, ' ');
  header += '\n';
  if (header.size() > std::numeric_limits<std::uint16_t>::max())
    throw std::invalid_argument("npy::write: too many dimensions for a version 1.0 header");
  const auto header_len = static_cast<std::uint16_t>(header.size());
  const char preamble[4] = {1, 0, static_cast<char>(header_len & 0xff), static_cast<char>(header_len >> 8)};
  return std::string(kMagic.data(), kMagic.size()) + std::string(preamble, sizeof preamble) + header;
}

}  // namespace

template <class T>
StreamWriter<T>::StreamWriter(const std::filesystem::path& path, const std::vector<std::int64_t>& shape) : path_(path) {
  static_assert(std::endian::native == std::endian::little || sizeof(T) == 1, "big-endian hosts are not supported");
  const std::string header = header_of<T>(shape, expected_);
  out_ = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*out_) throw std::runtime_error("cannot open " + path.string() + " for writing");
  out_->write(header.data(), static_cast<std::streamsize>(header.size()));
}

template <class T>
RangeWriter<T>::RangeWriter(const std::filesystem::path& path, const std::vector<std::int64_t>& shape, RangeMode mode)
    : path_(path), keep_(mode != RangeMode::create) {
  static_assert(std::endian::native == std::endian::little || sizeof(T) == 1, "big-endian hosts are not supported");
  const std::string header = header_of<T>(shape, expected_);
  offset_ = static_cast<std::int64_t>(header.size());
  const auto total = offset_ + expected_ * static_cast<std::int64_t>(sizeof(T));
  if (mode == RangeMode::reopen) {
    // The earlier run's file: the same header and size, or it is not the array this run writes.
    fd_ = ::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    if (fd_ < 0) throw std::runtime_error("cannot reopen " + path.string() + " to resume");
    std::string found(header.size(), '\0');
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != total ||
        ::pread(fd_, found.data(), found.size(), 0) != static_cast<ssize_t>(found.size()) || found != header) {
      ::close(fd_);
      fd_ = -1;
      throw std::runtime_error(path.string() + " is not the array this run writes (header or size differ); cannot resume");
    }
    return;
  }
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error("cannot open " + path.string() + " for writing");
  if (::pwrite(fd_, header.data(), header.size(), 0) != static_cast<ssize_t>(header.size()) ||
      ::ftruncate(fd_, total) != 0) {
    ::close(fd_);
    fd_ = -1;
    remove_partial_file(path_);
    throw std::runtime_error("error writing " + path.string());
  }
}

template <class T>
RangeWriter<T>::~RangeWriter() {
  if (fd_ >= 0) ::close(fd_);
  // An unfinished array is not left looking complete; a resumable one's checkpoint says what holds.
  if (!finished_ && !keep_) remove_partial_file(path_);
}

template <class T>
void RangeWriter<T>::write(std::int64_t first, std::span<const T> data) {
  const auto n = static_cast<std::int64_t>(data.size());
  if (first < 0 || n > expected_ - first) throw std::invalid_argument("npy::RangeWriter: elements outside the array");
  const char* p = reinterpret_cast<const char*>(data.data());
  std::size_t left = data.size_bytes();
  off_t at = static_cast<off_t>(offset_ + first * static_cast<std::int64_t>(sizeof(T)));
  while (left > 0) {
    const ssize_t w = ::pwrite(fd_, p, left, at);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) throw std::runtime_error("error writing " + path_.string());
    p += w, left -= static_cast<std::size_t>(w), at += w;
  }
  written_ += n;
}

template <class T>
void RangeWriter<T>::finish() {
  if (written_ != expected_) throw std::invalid_argument("npy::RangeWriter: the writes did not cover the array once");
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    remove_partial_file(path_);
    finished_ = true;
    throw std::runtime_error("error writing " + path_.string());
  }
  finished_ = true;
}

template <class T>
StreamWriter<T>::~StreamWriter() {
  if (!finished_) {
    out_.reset();
    remove_partial_file(path_);  // an interrupted array is not left looking complete
  }
}

template <class T>
void StreamWriter<T>::append(std::span<const T> data) {
  if (written_ + static_cast<std::int64_t>(data.size()) > expected_)
    throw std::invalid_argument("npy::write: more elements than the shape holds");
  out_->write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size_bytes()));
  written_ += static_cast<std::int64_t>(data.size());
}

template <class T>
void StreamWriter<T>::finish() {
  if (written_ != expected_) throw std::invalid_argument("npy::write: shape does not match the number of elements");
  out_->close();  // flushes; a full disk shows up here as failbit
  if (!*out_) {
    remove_partial_file(path_);
    finished_ = true;
    throw std::runtime_error("error writing " + path_.string());
  }
  finished_ = true;
}

template <class T>
void write(const std::filesystem::path& path, std::span<const T> data, const std::vector<std::int64_t>& shape) {
  StreamWriter<T> out(path, shape);
  out.append(data);
  out.finish();
}

template <class T>
std::vector<T> read_range(const std::filesystem::path& path, std::int64_t first, std::int64_t count) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  const std::int64_t offset = data_offset(in, path) + first * static_cast<std::int64_t>(sizeof(T));
  std::vector<T> out(static_cast<std::size_t>(count));
  in.seekg(offset);
  if (!in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(count * sizeof(T))))
    throw std::runtime_error(path.string() + ": shorter than expected");
  return out;
}

template <class T>
void write_range(const std::filesystem::path& path, std::int64_t first, std::span<const T> data) {
  std::int64_t offset;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    offset = data_offset(in, path) + first * static_cast<std::int64_t>(sizeof(T));
  }
  std::fstream io(path, std::ios::binary | std::ios::in | std::ios::out);
  io.seekp(offset);
  io.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size_bytes()));
  io.close();
  if (!io) throw std::runtime_error("error writing " + path.string());
}

#define GDCHAOS_NPY_INSTANTIATE(T)                                                                    \
  template class StreamWriter<T>;                                                                     \
  template class RangeWriter<T>;                                                                      \
  template std::vector<T> read_range<T>(const std::filesystem::path&, std::int64_t, std::int64_t);    \
  template void write_range<T>(const std::filesystem::path&, std::int64_t, std::span<const T>);
GDCHAOS_NPY_INSTANTIATE(std::uint8_t)
GDCHAOS_NPY_INSTANTIATE(std::int16_t)
GDCHAOS_NPY_INSTANTIATE(std::int32_t)
GDCHAOS_NPY_INSTANTIATE(float)
GDCHAOS_NPY_INSTANTIATE(double)
#undef GDCHAOS_NPY_INSTANTIATE

template void write<std::uint8_t>(const std::filesystem::path&, std::span<const std::uint8_t>,
                                  const std::vector<std::int64_t>&);
template void write<std::int16_t>(const std::filesystem::path&, std::span<const std::int16_t>,
                                  const std::vector<std::int64_t>&);
template void write<std::int32_t>(const std::filesystem::path&, std::span<const std::int32_t>,
                                  const std::vector<std::int64_t>&);
template void write<float>(const std::filesystem::path&, std::span<const float>, const std::vector<std::int64_t>&);
template void write<double>(const std::filesystem::path&, std::span<const double>, const std::vector<std::int64_t>&);

namespace {

// A descriptor opened only after the path was found to be a regular file, and checked again
// after opening (the path may have been swapped for a FIFO in between); O_NONBLOCK keeps that
// open from waiting for a writer.
int open_regular(const std::filesystem::path& path, const std::string& what) {
  check_input_file(path, what);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) fail(path, std::string("cannot open file (") + std::strerror(errno) + ")");
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    fail(path, "not a regular file (a FIFO, socket or device is not read)");
  }
  return fd;
}

std::uint64_t file_size(int fd, const std::filesystem::path& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_size < 0) fail(path, "cannot read file");
  return static_cast<std::uint64_t>(st.st_size);
}

// Bytes [offset, offset + n) of the file; false when the file ends first.
bool pread_all(int fd, void* buf, std::size_t n, std::uint64_t offset, const std::filesystem::path& path) {
  auto* p = static_cast<unsigned char*>(buf);
  while (n > 0) {
    const ssize_t got = ::pread(fd, p, n, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) fail(path, std::string("cannot read file (") + std::strerror(errno) + ")");
    if (got == 0) return false;
    p += got, n -= static_cast<std::size_t>(got), offset += static_cast<std::uint64_t>(got);
  }
  return true;
}

struct Layout {
  Info info;
  Dtype dtype;
};

// Reads and checks the header. Every allocation is bounded by the real file size, so a corrupt
// header cannot exhaust memory.
Layout read_layout(int fd, const std::filesystem::path& path) {
  const std::uint64_t size = file_size(fd, path);
  std::array<char, 8> start{};
  const std::size_t have = static_cast<std::size_t>(std::min<std::uint64_t>(size, start.size()));
  if (!pread_all(fd, start.data(), have, 0, path)) fail(path, "truncated .npy file");
  if (have < kMagic.size() || !std::equal(kMagic.begin(), kMagic.end(), start.begin()))
    fail(path, "not a .npy file (bad magic)");
  if (have < start.size()) fail(path, "truncated .npy file");
  const int major = static_cast<unsigned char>(start[6]);
  std::size_t len_bytes = 0;
  if (major == 1) len_bytes = 2;
  else if (major == 2 || major == 3) len_bytes = 4;
  else fail(path, "unsupported .npy format version " + std::to_string(major));
  std::array<unsigned char, 4> len{};
  if (!pread_all(fd, len.data(), len_bytes, 8, path)) fail(path, "truncated .npy file");
  std::size_t header_len = 0;
  for (std::size_t k = 0; k < len_bytes; ++k) header_len |= std::size_t{len[k]} << (8 * k);
  const std::uint64_t header_start = 8 + len_bytes;
  const std::uint64_t remaining = size - header_start;
  if (size < header_start || header_len > remaining) fail(path, "truncated .npy file");

  std::string text(header_len, '\0');
  if (!pread_all(fd, text.data(), header_len, header_start, path)) fail(path, "truncated .npy file");
  const Header h = HeaderParser(text, path).parse();

  const auto dtype = parse_descr(h.descr);
  if (!dtype) fail(path, "unsupported .npy dtype '" + printable(h.descr) + "'");

  std::uint64_t count = 1;
  int dims_above_one = 0;
  for (std::int64_t d : h.shape) {
    if (d > 1) ++dims_above_one;
    if (d != 0 && count > std::numeric_limits<std::uint64_t>::max() / static_cast<std::uint64_t>(d))
      fail(path, "array too large");
    count *= static_cast<std::uint64_t>(d);
  }
  // Fortran and C order coincide when at most one dimension exceeds 1.
  if (h.fortran_order && dims_above_one > 1) fail(path, "Fortran-order .npy arrays are not supported");
  const std::uint64_t bytes_left = remaining - header_len;
  if (count > bytes_left / dtype->size) fail(path, "truncated .npy file (data shorter than its shape)");

  Layout l{{h.shape, h.descr, static_cast<std::int64_t>(count), static_cast<std::int64_t>(header_start + header_len),
            static_cast<int>(dtype->size)},
           *dtype};
  return l;
}

template <class T>
constexpr const char* type_name() {
  if constexpr (std::is_same_v<T, std::uint8_t>) return "uint8";
  else if constexpr (std::is_same_v<T, std::int16_t>) return "int16";
  else if constexpr (std::is_same_v<T, std::int32_t>) return "int32";
  else if constexpr (std::is_same_v<T, std::int64_t>) return "int64";
  else return "float64";
}

template <class T>
constexpr bool stored_as(const Dtype& t) {
  if (t.swap || t.size != sizeof(T)) return false;
  if constexpr (std::is_same_v<T, double>) return t.kind == Kind::Float;
  else if constexpr (std::is_signed_v<T>) return t.kind == Kind::Signed;
  else return t.kind == Kind::Unsigned;
}

template <class U>
U load_raw(const unsigned char* p, bool swap) {
  std::array<unsigned char, sizeof(U)> b;
  std::memcpy(b.data(), p, sizeof(U));
  if (swap) reverse_bytes<sizeof(U)>(b.data());
  return std::bit_cast<U>(b);
}

// One stored element as T, exactly, or nullopt.
template <class T>
std::optional<T> to_target(const unsigned char* p, const Dtype& t) {
  if constexpr (std::is_same_v<T, double>) {
    return convert(p, t);
  } else {
    constexpr auto lo = std::numeric_limits<T>::min();
    constexpr auto hi = std::numeric_limits<T>::max();
    switch (t.kind) {
      case Kind::Bool: return static_cast<T>(*p != 0);
      case Kind::Unsigned: {
        std::uint64_t v = 0;
        switch (t.size) {
          case 1: v = *p; break;
          case 2: v = load_raw<std::uint16_t>(p, t.swap); break;
          case 4: v = load_raw<std::uint32_t>(p, t.swap); break;
          default: v = load_raw<std::uint64_t>(p, t.swap); break;
        }
        if (v > static_cast<std::uint64_t>(hi)) return std::nullopt;
        return static_cast<T>(v);
      }
      case Kind::Signed: {
        std::int64_t v = 0;
        switch (t.size) {
          case 1: v = static_cast<std::int8_t>(*p); break;
          case 2: v = load_raw<std::int16_t>(p, t.swap); break;
          case 4: v = load_raw<std::int32_t>(p, t.swap); break;
          default: v = load_raw<std::int64_t>(p, t.swap); break;
        }
        if (v < static_cast<std::int64_t>(lo) || v > static_cast<std::int64_t>(hi)) return std::nullopt;
        return static_cast<T>(v);
      }
      case Kind::Float: {
        const double v = t.size == 4 ? static_cast<double>(load_raw<float>(p, t.swap)) : load_raw<double>(p, t.swap);
        // hi + 1 is exact in double for every T (2^63 for int64, whose hi itself is not); NaN fails.
        if (!(v >= static_cast<double>(lo) && v < static_cast<double>(hi) + 1.0) || v != std::floor(v))
          return std::nullopt;
        return static_cast<T>(v);
      }
    }
    return std::nullopt;
  }
}

std::string shown_value(const unsigned char* p, const Dtype& t) {
  if (t.kind == Kind::Unsigned && t.size == 8) return std::to_string(load_raw<std::uint64_t>(p, t.swap));
  if (t.kind == Kind::Signed && t.size == 8) return std::to_string(load_raw<std::int64_t>(p, t.swap));
  std::ostringstream s;
  s << convert(p, t);
  return s.str();
}

constexpr std::size_t kConversionBuffer = std::size_t{1} << 20;  // bytes of raw data converted at once

}  // namespace

template <class T>
RowReader<T>::RowReader(const std::filesystem::path& path, const std::string& what) : path_(path) {
  fd_ = open_regular(path, what);
  try {
    const Layout l = read_layout(fd_, path);
    info_ = l.info;
    kind_ = static_cast<int>(l.dtype.kind);
    swap_ = l.dtype.swap;
    direct_ = stored_as<T>(l.dtype);
    if (info_.shape.empty()) {
      rows_ = 1, row_size_ = 1;
    } else {
      rows_ = info_.shape[0];
      row_size_ = 1;
      for (std::size_t k = 1; k < info_.shape.size(); ++k) row_size_ *= info_.shape[k];
      if (rows_ == 0) row_size_ = 0;  // the product of the rest may exceed what the file holds
    }
  } catch (...) {
    ::close(fd_);
    fd_ = -1;
    throw;
  }
}

template <class T>
RowReader<T>::~RowReader() {
  if (fd_ >= 0) ::close(fd_);
}

template <class T>
RowReader<T>::RowReader(RowReader&& o) noexcept
    : path_(std::move(o.path_)), fd_(std::exchange(o.fd_, -1)), info_(std::move(o.info_)), rows_(o.rows_),
      row_size_(o.row_size_), kind_(o.kind_), swap_(o.swap_), direct_(o.direct_), raw_(std::move(o.raw_)) {}

template <class T>
RowReader<T>& RowReader<T>::operator=(RowReader&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(o.path_);
    fd_ = std::exchange(o.fd_, -1);
    info_ = std::move(o.info_);
    rows_ = o.rows_, row_size_ = o.row_size_, kind_ = o.kind_, swap_ = o.swap_, direct_ = o.direct_;
    raw_ = std::move(o.raw_);
  }
  return *this;
}

template <class T>
void RowReader<T>::read_rows(std::int64_t first, std::int64_t count, std::span<T> out) {
  if (fd_ < 0) throw std::logic_error("npy::RowReader: read from a moved-from reader");
  if (first < 0 || count < 0 || first > rows_ || count > rows_ - first)
    throw std::invalid_argument("npy::RowReader: rows outside the array");
  const auto n = static_cast<std::uint64_t>(count) * static_cast<std::uint64_t>(row_size_);
  if (out.size() != n) throw std::invalid_argument("npy::RowReader: output span does not hold the rows");
  const Dtype t{static_cast<Kind>(kind_), static_cast<std::size_t>(info_.item_size), swap_};
  const std::uint64_t first_element = static_cast<std::uint64_t>(first) * static_cast<std::uint64_t>(row_size_);
  const std::uint64_t offset = static_cast<std::uint64_t>(info_.data_offset) + first_element * t.size;
  if (direct_) {
    if (!pread_all(fd_, out.data(), n * sizeof(T), offset, path_)) fail(path_, "truncated .npy file (it shrank while read)");
    return;
  }
  const std::uint64_t per_chunk = std::max<std::uint64_t>(1, kConversionBuffer / t.size);
  raw_.resize(static_cast<std::size_t>(std::min(n, per_chunk) * t.size));
  for (std::uint64_t done = 0; done < n;) {
    const std::uint64_t m = std::min(n - done, per_chunk);
    if (!pread_all(fd_, raw_.data(), static_cast<std::size_t>(m * t.size), offset + done * t.size, path_))
      fail(path_, "truncated .npy file (it shrank while read)");
    for (std::uint64_t k = 0; k < m; ++k) {
      const unsigned char* p = raw_.data() + k * t.size;
      const auto v = to_target<T>(p, t);
      if (!v)
        fail(path_, "value " + shown_value(p, t) + " (element " + std::to_string(first_element + done + k) +
                        ") is not an integer that " + type_name<T>() + " holds");
      out[static_cast<std::size_t>(done + k)] = *v;
    }
    done += m;
  }
}

template class RowReader<std::uint8_t>;
template class RowReader<std::int16_t>;
template class RowReader<std::int32_t>;
template class RowReader<std::int64_t>;
template class RowReader<double>;

Info read_info(const std::filesystem::path& path, const std::string& what) {
  return RowReader<std::uint8_t>(path, what).info();
}

Array read(const std::filesystem::path& path) {
  RowReader<double> in(path);
  Array a;
  a.shape = in.info().shape;
  a.data.resize(static_cast<std::size_t>(in.info().count));
  in.read_rows(0, in.rows(), a.data);
  return a;
}

}  // namespace gdchaos::npy
