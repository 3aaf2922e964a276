#pragma once
// A band of a basin map (or a scan's runs) as bytes, to travel between ranks: every array and
// every summary of the BasinMap, exactly (a decoded band is equal to the encoded one, bit for bit).
#include <string>
#include <string_view>

#include "gdchaos/engine/render.hpp"

namespace gdchaos::cluster {

std::string encode_band(const BasinMap& band);
/// Throws std::runtime_error when `bytes` is not a whole encoded band.
BasinMap decode_band(std::string_view bytes);

}  // namespace gdchaos::cluster
