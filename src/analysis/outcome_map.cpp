#include "gdchaos/analysis/outcome_map.hpp"

#include "gdchaos/analysis/outcome.hpp"
#include "gdchaos/output/basin_reader.hpp"

namespace gdchaos {

OutcomeMap read_outcome_map(const std::filesystem::path& dir) {
  BasinReader reader(dir);
  OutcomeMap m;
  m.width = reader.width();
  m.height = reader.height();
  m.meta = reader.meta();
  const auto n = static_cast<std::size_t>(m.width * m.height);
  m.status.resize(n);
  m.attractor.resize(n);
  reader.read_status(0, m.height, m.status);
  reader.read_attractor(0, m.height, m.attractor);
  m.labels.resize(n);
  for (std::size_t k = 0; k < n; ++k) m.labels[k] = outcome_label(m.status[k], m.attractor[k]);
  return m;
}

}  // namespace gdchaos
