// Which SIMD target the kernels run on: a dispatched function of its own reports the target the
// dispatch picks, which is the one every other dispatched kernel runs on.
#include "gdchaos/engine/simd_target.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "gdchaos/core/error.hpp"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "engine/simd_target.cpp"
#include <hwy/foreach_target.h>  // (re-includes this file, once per target)
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace gdchaos::detail::HWY_NAMESPACE {
std::int64_t running_target() { return HWY_TARGET; }
}  // namespace gdchaos::detail::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace gdchaos {

namespace detail {
HWY_EXPORT(running_target);
static std::int64_t dispatched_target() { return HWY_DYNAMIC_DISPATCH(running_target)(); }
}  // namespace detail

namespace {

// The baseline is what runs without any extension (Highway's scalar or 128-bit emulation target);
// a -march=native build has no baseline of that kind: its static target is the build machine's.
std::string target_name(std::int64_t target) {
  if (target == HWY_SCALAR || target == HWY_EMU128) return "baseline";
#if HWY_ARCH_X86
  if (target == HWY_AVX3) return "avx512";
  if (target == HWY_AVX3_DL) return "avx512-dl";
#endif
  std::string name = hwy::TargetName(target);
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

// The compiled targets this CPU runs, best (lowest bit) first; the baseline always. Read once,
// before choose_simd_target narrows what the dispatch sees.
const std::vector<std::int64_t>& runnable_targets() {
  static const std::vector<std::int64_t> targets = [] {
    std::vector<std::int64_t> out;
    for (std::int64_t t = hwy::SupportedTargets() & HWY_TARGETS; t != 0; t &= t - 1) out.push_back(t & -t);
    if (std::find(out.begin(), out.end(), HWY_STATIC_TARGET) == out.end()) out.push_back(HWY_STATIC_TARGET);
    return out;
  }();
  return targets;
}

}  // namespace

std::string simd_target() { return target_name(detail::dispatched_target()); }

std::vector<std::string> simd_targets() {
  std::vector<std::string> names;
  for (const auto t : runnable_targets()) names.push_back(target_name(t));
  return names;
}

void choose_simd_target(std::string_view name) {
  std::string want(name);
  for (auto& c : want) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (want == "best") return hwy::SetSupportedTargetsForTest(0);  // what the CPU has
  std::string known;
  for (const auto t : runnable_targets()) {
    if (target_name(t) == want) {
      // Only `t` and the baseline: the dispatch takes the better of those, which is `t`.
      return hwy::SetSupportedTargetsForTest(t | HWY_STATIC_TARGET | HWY_SCALAR);
    }
    known += target_name(t) + ", ";
  }
  throw InputError("SIMD target \"" + std::string(name) + "\" is not one this binary and CPU have (" + known +
                   "or best)");
}

}  // namespace gdchaos
#endif  // HWY_ONCE
