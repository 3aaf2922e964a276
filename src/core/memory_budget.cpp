#include "gdchaos/core/memory_budget.hpp"

#include <unistd.h>

#include "gdchaos/core/error.hpp"

namespace gdchaos {

std::int64_t physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && size > 0 ? static_cast<std::int64_t>(pages) * size : (std::int64_t{8} << 30);
}

void require_memory(std::int64_t bytes, const std::string& what) {
  const std::int64_t limit = physical_memory_bytes() * 7 / 10;
  if (bytes > limit)
    throw InputError(what + " needs " + std::to_string(bytes >> 20) + " MiB, more than the " +
                     std::to_string(limit >> 20) + " MiB this machine can spare");
}

}  // namespace gdchaos
