#pragma once
// --save-init FILE.npy: the θ₀ a network run started from, for repeating it in another framework.
#include <filesystem>
#include <string>
#include <vector>

namespace gdchaos::cli {

/// Refuses (InputError) a path that exists (a user's file is never replaced) or that is not .npy;
/// an empty path asks for nothing.
void check_save_init(const std::string& path);
/// Writes θ₀ (a 1-D float64 array), created exclusively: throws InputError when the file appeared
/// meanwhile.
void save_init(const std::string& path, const std::vector<double>& theta0);

}  // namespace gdchaos::cli
