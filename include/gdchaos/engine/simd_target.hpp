#pragma once
// The SIMD target the engines' kernels run on. The kernels are compiled for several targets (the
// portable baseline, AVX2 with FMA, AVX-512) and the best one this CPU has runs (Highway's dynamic
// dispatch). Every target computes the same IEEE operations (src/engine/fused-inl.h), so the
// choice changes the speed, never the map.
#include <string>
#include <string_view>
#include <vector>

namespace gdchaos {

/// The target the kernels run on now: "avx512", "avx2", "baseline", … (lower case).
std::string simd_target();

/// The targets compiled into this binary that this CPU can run, best first.
std::vector<std::string> simd_targets();

/// Runs the kernels on `name` (one of simd_targets(), case-insensitive) from now on, or on the best
/// target again for "best". Throws InputError for a target this binary or CPU does not have.
void choose_simd_target(std::string_view name);

}  // namespace gdchaos
