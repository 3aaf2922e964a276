// The machine limits of machine_limits.hpp, compiled once per SIMD target like the engines.
#include "machine_limits.hpp"

#include <cstdint>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "machine_limits.cpp"
#include <hwy/foreach_target.h>  // (re-includes this file, once per target)
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace gdchaos::bench::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Makes the compiler forget what v holds (so no loop is folded) and keep it where it is.
template <class V>
HWY_INLINE void keep(V& v) {
#if HWY_ARCH_X86
  asm volatile("" : "+x"(v.raw));  // (this target's vector register)
#else
  asm volatile("" : : "r"(&v) : "memory");
#endif
}

double fma_chains(long rounds) {
  const hn::ScalableTag<double> d;
  constexpr int kChains = 16;
  hn::Vec<decltype(d)> acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = hn::Set(d, 1.0 + 1e-3 * c);
  auto a = hn::Set(d, 0.999999), b = hn::Set(d, 1e-7);
  for (long r = 0; r < rounds; ++r) {
    for (int c = 0; c < kChains; ++c) acc[c] = hn::MulAdd(acc[c], a, b);
    keep(a);  // the loop cannot be folded
  }
  for (auto& v : acc) keep(v);
  return 2.0 * static_cast<double>(hn::Lanes(d)) * kChains * static_cast<double>(rounds);
}

double bare_exact_steps(long steps) {
  const hn::ScalableTag<double> d;
  constexpr int kVectors = 8;
  hn::Vec<decltype(d)> s[kVectors], t[kVectors];
  for (int v = 0; v < kVectors; ++v) s[v] = hn::Set(d, 0.9 + 0.01 * v), t[v] = hn::Set(d, 0.2 + 0.01 * v);
  auto cy = hn::Set(d, 0.495);
  for (long k = 0; k < steps; ++k) {
    for (int v = 0; v < kVectors; ++v) {
      const auto x = hn::MulSub(s[v], s[v], hn::MulAdd(t[v], t[v], cy));
      s[v] = hn::NegMulAdd(x, s[v], s[v]);
      t[v] = hn::MulAdd(x, t[v], t[v]);
    }
    keep(cy);
  }
  for (int v = 0; v < kVectors; ++v) keep(s[v]), keep(t[v]);
  return static_cast<double>(hn::Lanes(d)) * kVectors * static_cast<double>(steps);
}

std::int64_t target() { return HWY_TARGET; }

}  // namespace gdchaos::bench::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace gdchaos::bench {
HWY_EXPORT(fma_chains);
HWY_EXPORT(bare_exact_steps);
HWY_EXPORT(target);
double fma_chains(long rounds) { return HWY_DYNAMIC_DISPATCH(fma_chains)(rounds); }
double bare_exact_steps(long steps) { return HWY_DYNAMIC_DISPATCH(bare_exact_steps)(steps); }
const char* limits_target() { return hwy::TargetName(HWY_DYNAMIC_DISPATCH(target)()); }
}  // namespace gdchaos::bench
#endif
