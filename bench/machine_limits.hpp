#pragma once
// What this machine can do at most, measured on the SIMD target the engines run on (the same
// dispatch: GDCHAOS_SIMD chooses for both), so that a benchmark reports the engine as a fraction
// of its limit measured in the same run.
namespace gdchaos::bench {

/// `rounds` rounds of 16 independent chains of fused multiply-adds on the target's widest vectors
/// of doubles (enough in flight to hide the FMA latency of every core of the last decade). Returns
/// the floating-point operations done (2 per lane per FMA).
double fma_chains(long rounds);

/// `steps` bare steps of the exact engine's map (plain GD, λ = 0: x = σ² − τ² − cy, σ ← σ − xσ,
/// τ ← τ + xτ, the engine's fused operations) on 8 SIMD vectors of orbits held in registers, with
/// nothing else: no screening, refills or certificates. Returns the orbit-steps done.
double bare_exact_steps(long steps);

/// The target these run on ("avx2", …).
const char* limits_target();

}  // namespace gdchaos::bench
