#include "gdchaos/io/png.hpp"

#include <png.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "gdchaos/core/error.hpp"

namespace gdchaos::png {
namespace {

// libpng reports errors by longjmp. Every function below that calls libpng does its own setjmp,
// declares no object with a destructor after it, and modifies no local after it, so jumping back
// is well defined; the C++ owners of the libpng state live in the callers.

struct ErrorSink {
  char message[200] = "libpng error";
};

void on_error(png_structp png, png_const_charp message) {
  auto* sink = static_cast<ErrorSink*>(png_get_error_ptr(png));
  std::snprintf(sink->message, sizeof sink->message, "%s", message);
  png_longjmp(png, 1);
}

void on_warning(png_structp, png_const_charp) {}

struct WriteState {
  std::FILE* file = nullptr;
  png_structp png = nullptr;
  png_infop info = nullptr;
  ErrorSink error;
  ~WriteState() {
    if (png != nullptr) png_destroy_write_struct(&png, &info);
    if (file != nullptr) std::fclose(file);
  }
};

struct ReadState {
  std::FILE* file = nullptr;
  png_structp png = nullptr;
  png_infop info = nullptr;
  ErrorSink error;
  ~ReadState() {
    if (png != nullptr) png_destroy_read_struct(&png, &info, nullptr);
    if (file != nullptr) std::fclose(file);
  }
};

// Reads the header and sets transforms so that rows come out as 8-bit RGB.
bool decode_header(ReadState& s, png_uint_32* width, png_uint_32* height, png_size_t* row_bytes) {
  if (setjmp(png_jmpbuf(s.png))) return false;
  png_init_io(s.png, s.file);
  png_read_info(s.png, s.info);
  const png_byte color = png_get_color_type(s.png, s.info);
  const png_byte depth = png_get_bit_depth(s.png, s.info);
  if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(s.png);
  if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(s.png);
  if (depth == 16) png_set_strip_16(s.png);
  if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(s.png);
  if ((color & PNG_COLOR_MASK_ALPHA) || png_get_valid(s.png, s.info, PNG_INFO_tRNS)) png_set_strip_alpha(s.png);
  png_set_interlace_handling(s.png);
  png_read_update_info(s.png, s.info);
  *width = png_get_image_width(s.png, s.info);
  *height = png_get_image_height(s.png, s.info);
  *row_bytes = png_get_rowbytes(s.png, s.info);
  return true;
}

bool decode_rows(ReadState& s, png_bytepp rows) {
  if (setjmp(png_jmpbuf(s.png))) return false;
  png_read_image(s.png, rows);
  png_read_end(s.png, nullptr);
  return true;
}

void remove_partial_file(const std::filesystem::path& path) {
  std::error_code ec;
  // Only ever delete a regular file we were writing (never a device such as /dev/full).
  if (std::filesystem::symlink_status(path, ec).type() == std::filesystem::file_type::regular)
    std::filesystem::remove(path, ec);
}

}  // namespace

namespace {
bool begin_rows(WriteState& s, png_uint_32 width, png_uint_32 height) {
  if (setjmp(png_jmpbuf(s.png))) return false;
  png_init_io(s.png, s.file);
  png_set_user_limits(s.png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
  png_set_IHDR(s.png, s.info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  // Basin maps are large areas of one colour, and their rows repeat the row above: the Up filter
  // and run-length matching compress them 5× faster than libpng's defaults (trying every filter
  // on every row, then deflate's full match search), to files about 1.3× as large (bench/png_settings.cpp).
  png_set_filter(s.png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
  png_set_compression_strategy(s.png, Z_RLE);
  png_write_info(s.png, s.info);
  return true;
}
bool one_row(WriteState& s, png_const_bytep row) {
  if (setjmp(png_jmpbuf(s.png))) return false;
  png_write_row(s.png, row);
  return true;
}
bool end_rows(WriteState& s) {
  if (setjmp(png_jmpbuf(s.png))) return false;
  png_write_end(s.png, nullptr);
  return true;
}
}  // namespace

struct RowWriter::State : WriteState {};

RowWriter::RowWriter(const std::filesystem::path& path, std::int64_t width, std::int64_t height)
    : state_(std::make_unique<State>()), path_(path), width_(width), height_(height) {
  if (width <= 0 || height <= 0 || width > PNG_UINT_31_MAX || height > PNG_UINT_31_MAX)
    throw std::invalid_argument("png::RowWriter: image size out of range");
  auto& s = *state_;
  s.file = std::fopen(path.c_str(), "wb");
  if (s.file == nullptr) throw std::runtime_error("cannot open " + path.string() + " for writing");
  s.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &s.error, on_error, on_warning);
  if (s.png != nullptr) s.info = png_create_info_struct(s.png);
  if (s.info == nullptr) throw std::runtime_error("png::RowWriter: out of memory");
  if (!begin_rows(s, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height)))
    throw std::runtime_error("error writing " + path.string() + ": " + s.error.message);
}

RowWriter::~RowWriter() {
  if (finished_) return;
  state_.reset();
  remove_partial_file(path_);
}

void RowWriter::write_row(std::span<const Rgb> row) {
  if (static_cast<std::int64_t>(row.size()) != width_ || rows_ >= height_)
    throw std::invalid_argument("png::RowWriter: wrong row length or too many rows");
  if (!one_row(*state_, reinterpret_cast<png_const_bytep>(row.data())))
    throw std::runtime_error("error writing " + path_.string() + ": " + state_->error.message);
  ++rows_;
}

void RowWriter::finish() {
  if (rows_ != height_) throw std::invalid_argument("png::RowWriter: not every row was written");
  auto& s = *state_;
  bool ok = end_rows(s) && std::ferror(s.file) == 0;
  ok = std::fclose(s.file) == 0 && ok;
  s.file = nullptr;
  finished_ = true;
  if (!ok) {
    remove_partial_file(path_);
    throw std::runtime_error("error writing " + path_.string());
  }
}

void write(const std::filesystem::path& path, std::int64_t width, std::int64_t height, std::span<const Rgb> pixels) {
  static_assert(sizeof(Rgb) == 3, "Rgb rows are handed to libpng as packed bytes");
  if (static_cast<std::uint64_t>(pixels.size()) != static_cast<std::uint64_t>(std::max<std::int64_t>(width, 0)) *
                                                       static_cast<std::uint64_t>(std::max<std::int64_t>(height, 0)))
    throw std::invalid_argument("png::write: pixel count does not match width * height");
  RowWriter out(path, width, height);
  for (std::int64_t y = 0; y < height; ++y) out.write_row(pixels.subspan(y * width, width));
  out.finish();
}

std::vector<Rgb> read(const std::filesystem::path& path, std::int64_t& width, std::int64_t& height) {
  ReadState s;
  s.file = std::fopen(path.c_str(), "rb");
  if (s.file == nullptr) throw InputError(path.string() + ": cannot open file");
  png_byte signature[8] = {};
  if (std::fread(signature, 1, sizeof signature, s.file) != sizeof signature || png_sig_cmp(signature, 0, 8) != 0)
    throw InputError(path.string() + ": not a PNG file");
  s.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &s.error, on_error, on_warning);
  if (s.png != nullptr) s.info = png_create_info_struct(s.png);
  if (s.info == nullptr) throw std::runtime_error("png::read: out of memory");
  png_set_sig_bytes(s.png, 8);

  png_uint_32 w = 0, h = 0;
  png_size_t row_bytes = 0;
  if (!decode_header(s, &w, &h, &row_bytes)) throw InputError(path.string() + ": " + s.error.message);
  if (row_bytes != std::size_t{w} * 3) throw InputError(path.string() + ": unsupported PNG pixel format");

  std::vector<Rgb> pixels(std::size_t{w} * h);
  std::vector<png_bytep> rows(h);
  for (std::size_t y = 0; y < h; ++y) rows[y] = reinterpret_cast<png_bytep>(pixels.data() + y * w);
  if (!decode_rows(s, rows.data())) throw InputError(path.string() + ": " + s.error.message);
  width = w;
  height = h;
  return pixels;
}

}  // namespace gdchaos::png
