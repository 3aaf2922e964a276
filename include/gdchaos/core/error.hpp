#pragma once
#include <stdexcept>
#include <string>

namespace gdchaos {

/// Bad input from the user (a flag, a file, a preset). Front ends print `what()` on one line and
/// exit with code 2; nothing is written.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace gdchaos
