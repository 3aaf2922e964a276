// Fused multiply-adds that round once on every SIMD target.
//
// The engines' orbits are chaotic near a basin boundary: one rounding more or less in a step moves
// a boundary pixel to the other basin. So a step must be the same IEEE operations on every target
// (the project compiles with -ffp-contract=off, so the compiler never fuses on its own). Targets
// with FMA instructions (AVX2, AVX-512, NEON, …) fuse in hardware; the others (the portable
// baseline) fuse lane by lane with std::fma, which is exact everywhere (and uses the instruction
// where glibc finds one). Slow there, but the same map.
//
// Compiled once per target, like every -inl.h file (Highway's foreach_target).
#if defined(GDCHAOS_ENGINE_FUSED_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef GDCHAOS_ENGINE_FUSED_INL_H_
#undef GDCHAOS_ENGINE_FUSED_INL_H_
#else
#define GDCHAOS_ENGINE_FUSED_INL_H_
#endif

#include <cmath>

#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace gdchaos::detail::HWY_NAMESPACE {

/// a·b + c, rounded once.
template <class V>
HWY_INLINE V fused_mul_add(V a, V b, V c) {
#if HWY_NATIVE_FMA
  return hwy::HWY_NAMESPACE::MulAdd(a, b, c);
#else
  namespace hn = hwy::HWY_NAMESPACE;
  const hn::DFromV<V> d;
  constexpr std::size_t n = hn::MaxLanes(hn::DFromV<V>());
  alignas(64) double la[n], lb[n], lc[n];
  hn::Store(a, d, la);
  hn::Store(b, d, lb);
  hn::Store(c, d, lc);
  for (std::size_t i = 0; i < n; ++i) la[i] = std::fma(la[i], lb[i], lc[i]);
  return hn::Load(d, la);
#endif
}

/// a·b − c, rounded once.
template <class V>
HWY_INLINE V fused_mul_sub(V a, V b, V c) {
#if HWY_NATIVE_FMA
  return hwy::HWY_NAMESPACE::MulSub(a, b, c);
#else
  return fused_mul_add(a, b, hwy::HWY_NAMESPACE::Neg(c));
#endif
}

/// c − a·b, rounded once.
template <class V>
HWY_INLINE V fused_neg_mul_add(V a, V b, V c) {
#if HWY_NATIVE_FMA
  return hwy::HWY_NAMESPACE::NegMulAdd(a, b, c);
#else
  return fused_mul_add(hwy::HWY_NAMESPACE::Neg(a), b, c);
#endif
}

}  // namespace gdchaos::detail::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
