#pragma once
// Refusing work whose arrays would not fit: a clear error up front rather than a crash later.
#include <cstdint>
#include <string>

namespace gdchaos {

/// Physical memory of this machine in bytes.
std::int64_t physical_memory_bytes();

/// Throws InputError ("WHAT needs N MiB, more than the M MiB this machine can spare") when `bytes`
/// exceeds 70 % of physical memory.
void require_memory(std::int64_t bytes, const std::string& what);

}  // namespace gdchaos
