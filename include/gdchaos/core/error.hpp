#pragma once
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gdchaos {

/// Bad input from the user (a flag, a file, a preset). Front ends print `what()` on one line and
/// exit with code 2; nothing is written.
///
/// A message names a parameter by its recipe key in backquotes, e.g. "`max_iter` must be at least
/// 1", and each front end spells it its own way through `spell_parameters`: the command line as
/// its flag (--max-iter), Python as its keyword (max_iter). The library never names a flag.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

/// `message` with every backquoted parameter name (`name`: a lower-case letter, then letters,
/// digits and _) replaced by spell(name); other text, other backquotes included, is kept.
std::string spell_parameters(std::string_view message, const std::function<std::string(std::string_view)>& spell);

/// The command line's spelling of a parameter: max_iter → --max-iter.
std::string flag_spelling(std::string_view name);

}  // namespace gdchaos
