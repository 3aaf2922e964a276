#pragma once
// Hand-made .npy files for the reader tests.
#include <filesystem>
#include <fstream>
#include <string>

namespace gdchaos::testing {

inline void spill(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// A version 1.0 file as numpy would lay it out, around an arbitrary header dict and payload.
inline std::string make_npy(const std::string& dict, const std::string& payload) {
  std::string header = dict;
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  return out + header + payload;
}

}  // namespace gdchaos::testing
