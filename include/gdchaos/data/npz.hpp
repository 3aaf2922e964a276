#pragma once
// NumPy .npz archives (what numpy.savez and savez_compressed write): a zip of .npy members.
#include <filesystem>
#include <string>

#include "gdchaos/io/npy.hpp"

namespace gdchaos {

/// The member NAME.npy of the archive, converted to double, checked as npy::read checks a file;
/// throws InputError naming the archive when it or the member is missing or malformed.
npy::Array read_npz_member(const std::filesystem::path& archive, const std::string& name);

}  // namespace gdchaos
