// basin.png's encoder settings (src/io/png.cpp) against libpng's defaults and the alternatives,
// on a real basin map: each setting's encoding time and file size.
// Run: build/release/bench/gdchaos_png_settings OUT/basin.png   (e.g. of --preset fig3 --res 4096)
#include <png.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <vector>

namespace {

// One encoding with libpng (setjmp here, with nothing to clobber: libpng reports errors by longjmp).
bool encode(const char* path, const std::vector<png_bytep>& rows, png_uint_32 W, png_uint_32 H, int filter, int level,
            int strategy) {
  std::FILE* out = std::fopen(path, "wb");
  if (out == nullptr) return false;
  png_structp w = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop wi = png_create_info_struct(w);
  if (setjmp(png_jmpbuf(w))) {
    png_destroy_write_struct(&w, &wi);
    std::fclose(out);
    return false;
  }
  png_init_io(w, out);
  png_set_IHDR(w, wi, W, H, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  if (filter >= 0) png_set_filter(w, PNG_FILTER_TYPE_BASE, filter);
  if (level >= 0) png_set_compression_level(w, level);
  if (strategy >= 0) png_set_compression_strategy(w, strategy);
  png_write_info(w, wi);
  png_write_image(w, const_cast<png_bytepp>(rows.data()));
  png_write_end(w, nullptr);
  png_destroy_write_struct(&w, &wi);
  return std::fclose(out) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: gdchaos_png_settings FILE.png\n");
    return 2;
  }
  std::FILE* in = std::fopen(argv[1], "rb");
  if (in == nullptr) {
    std::fprintf(stderr, "cannot open %s\n", argv[1]);
    return 2;
  }
  png_structp r = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop ri = png_create_info_struct(r);
  if (setjmp(png_jmpbuf(r))) return 2;
  png_init_io(r, in);
  png_read_info(r, ri);
  if (png_get_color_type(r, ri) != PNG_COLOR_TYPE_RGB || png_get_bit_depth(r, ri) != 8) {
    std::fprintf(stderr, "expected an 8-bit RGB image (basin.png)\n");
    return 2;
  }
  const auto W = png_get_image_width(r, ri), H = png_get_image_height(r, ri);
  std::vector<png_byte> pixels(static_cast<std::size_t>(W) * H * 3);
  std::vector<png_bytep> rows(H);
  for (png_uint_32 y = 0; y < H; ++y) rows[y] = pixels.data() + static_cast<std::size_t>(y) * W * 3;
  png_read_image(r, rows.data());
  png_destroy_read_struct(&r, &ri, nullptr);
  std::fclose(in);

  struct Setting {
    const char* name;
    int filter, level, strategy;  // −1: libpng's default
  };
  const Setting settings[] = {{"libpng defaults", -1, -1, -1},     {"all filters, level 1", PNG_ALL_FILTERS, 1, -1},
                              {"none, level 6", PNG_FILTER_NONE, 6, -1}, {"none, level 1", PNG_FILTER_NONE, 1, -1},
                              {"sub, level 6", PNG_FILTER_SUB, 6, -1},  {"sub, level 1", PNG_FILTER_SUB, 1, -1},
                              {"up, level 1", PNG_FILTER_UP, 1, -1},    {"sub, Z_RLE", PNG_FILTER_SUB, -1, Z_RLE},
                              {"up, Z_RLE (gdchaos)", PNG_FILTER_UP, -1, Z_RLE}};
  const auto out_path = std::filesystem::temp_directory_path() / "gdchaos_png_settings.png";
  std::printf("%u x %u pixels\n%-22s %9s %11s\n", W, H, "setting", "seconds", "KiB");
  for (const auto& s : settings) {
    const auto t0 = std::chrono::steady_clock::now();
    if (!encode(out_path.c_str(), rows, W, H, s.filter, s.level, s.strategy)) return 1;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%-22s %9.3f %11.1f\n", s.name, seconds, static_cast<double>(std::filesystem::file_size(out_path)) / 1024);
  }
  std::filesystem::remove(out_path);
}
