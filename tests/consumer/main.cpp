// An outside project's use of gdchaos: renders an 8×8 basin map and checks its counts. Exits
// nonzero when anything is not as expected.
#include <cstdio>
#include <string_view>

#include "gdchaos/engine/render.hpp"
#include "gdchaos/version.hpp"

int main() {
  if (std::string_view(gdchaos::kVersion) != GDCHAOS_EXPECTED_VERSION) {
    std::fprintf(stderr, "gdchaos/version.hpp says %s, the package %s\n", gdchaos::kVersion, GDCHAOS_EXPECTED_VERSION);
    return 1;
  }
  // L(u, v) = ½(uv − 1)², η = 0.1, over [−1.5, 1.5]²: every start converges. The 8 pixels on the
  // anti-diagonal have v = −u exactly (the window is symmetric), a line GD keeps, and go to the
  // saddle 0; the other 56 go to a global minimizer.
  gdchaos::Problem problem;
  const gdchaos::Grid grid{{-1.5, 1.5, -1.5, 1.5}, 8, 8};
  gdchaos::RenderOptions options;
  options.threads = 1;
  const gdchaos::BasinMap map = gdchaos::render(problem, gdchaos::coords_plane(problem.dim()), grid, options);

  const auto& c = map.counts;
  const auto converged = c[static_cast<int>(gdchaos::Status::converged)];
  const auto saddle = c[static_cast<int>(gdchaos::Status::other_critical)];
  std::printf("gdchaos %s, %s engine: %lld converged, %lld at the saddle, of %lld pixels\n", gdchaos::kVersion,
              map.engine.c_str(), static_cast<long long>(converged), static_cast<long long>(saddle),
              static_cast<long long>(map.pixels()));
  if (map.pixels() != 64 || converged != 56 || saddle != 8 || map.engine != "exact") {
    std::fprintf(stderr, "expected 56 converged and 8 at the saddle of 64, from the exact engine\n");
    return 1;
  }
  return 0;
}
