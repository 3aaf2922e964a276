#pragma once
// Options bound to numbers, parsed strictly by gdchaos rather than by CLI11 (whose conversions
// take "inf" and "nan" for a double, and "0x10", "010" (octal) or " 5" for an integer). A refused
// value stops the parse with one line and exit code 2, before anything is written.
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>

#include <CLI/CLI.hpp>

namespace gdchaos::cli {

/// The value of --name as an integer in [lo, hi] (decimal digits, optionally a leading '-');
/// throws CLI::ValidationError otherwise.
long long flag_integer(const std::string& name, const std::string& text, long long lo, long long hi);
/// The value of --name as an integer in [0, 2⁶⁴ − 1]; throws CLI::ValidationError otherwise.
std::uint64_t flag_unsigned(const std::string& name, const std::string& text);
/// The value of --name as a finite number (gdchaos::parse_number) for which `valid` holds;
/// throws CLI::ValidationError ("--name must be <requirement>") otherwise.
double flag_number(const std::string& name, const std::string& text, const std::function<bool(double)>& valid,
                   const std::string& requirement);

/// --name INT into `target`, in [lo, hi] (which must fit T).
template <class T>
  requires std::is_integral_v<T>
CLI::Option* add_integer_option(CLI::App* app, const std::string& name, T& target, long long lo, long long hi,
                                const std::string& help) {
  return app
      ->add_option_function<std::string>(
          "--" + name, [&target, name, lo, hi](const std::string& text) { target = static_cast<T>(flag_integer(name, text, lo, hi)); },
          help)
      ->type_name("INT");
}

/// --name UINT into `target` (seeds: any 64-bit unsigned value).
inline CLI::Option* add_unsigned_option(CLI::App* app, const std::string& name, std::uint64_t& target,
                                        const std::string& help) {
  return app
      ->add_option_function<std::string>(
          "--" + name, [&target, name](const std::string& text) { target = flag_unsigned(name, text); }, help)
      ->type_name("UINT");
}

/// --name NUMBER into `target`: finite, and `valid` must hold ("--name must be <requirement>").
inline CLI::Option* add_number_option(CLI::App* app, const std::string& name, double& target,
                                      std::function<bool(double)> valid, const std::string& requirement,
                                      const std::string& help) {
  return app
      ->add_option_function<std::string>(
          "--" + name,
          [&target, name, valid, requirement](const std::string& text) {
            target = flag_number(name, text, valid, requirement);
          },
          help)
      ->type_name("NUMBER");
}

}  // namespace gdchaos::cli
