// The memory a front end may ask for: 70 % of this machine's physical memory, refused up front.
#include "gdchaos/core/memory_budget.hpp"

#include <unistd.h>

#include <string>

#include <gtest/gtest.h>

#include "gdchaos/core/error.hpp"

using namespace gdchaos;

namespace {

TEST(MemoryBudget, PhysicalMemoryIsWhatTheSystemReports) {
  const std::int64_t pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
  ASSERT_GT(pages, 0);
  EXPECT_EQ(physical_memory_bytes(), pages * size);
}

TEST(MemoryBudget, TheLimitIsSeventyPercentOfPhysicalMemory) {
  const std::int64_t limit = physical_memory_bytes() * 7 / 10;
  EXPECT_NO_THROW(require_memory(0, "nothing"));
  EXPECT_NO_THROW(require_memory(limit, "exactly the limit"));
  EXPECT_THROW(require_memory(limit + 1, "one byte more"), InputError);
  EXPECT_THROW(require_memory(physical_memory_bytes(), "all of it"), InputError);
}

TEST(MemoryBudget, TheRefusalNamesWhatAndBothSizesInMiB) {
  const std::int64_t physical = physical_memory_bytes();
  try {
    require_memory(physical, "the map");
    FAIL() << "expected a refusal";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind("the map needs " + std::to_string(physical >> 20) + " MiB", 0), 0u) << msg;
    EXPECT_NE(msg.find("more than the " + std::to_string((physical * 7 / 10) >> 20) + " MiB"), std::string::npos) << msg;
  }
}

}  // namespace
