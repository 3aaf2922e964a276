#pragma once
// 8-bit RGB PNG output (libpng).
#include <cstdint>
#include <filesystem>
#include <span>

#include "gdchaos/colormap.hpp"

namespace gdchaos::png {

/// `pixels` holds height rows of width pixels, top row first.
/// Throws std::runtime_error when the file cannot be written.
void write(const std::filesystem::path& path, std::int64_t width, std::int64_t height, std::span<const Rgb> pixels);

/// Reads an 8-bit RGB or RGBA PNG (for tests); fills width/height; alpha is dropped.
std::vector<Rgb> read(const std::filesystem::path& path, std::int64_t& width, std::int64_t& height);

}  // namespace gdchaos::png
