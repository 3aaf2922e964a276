#include "gdchaos/core/error.hpp"

namespace gdchaos {

namespace {

bool is_name(std::string_view s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace

std::string spell_parameters(std::string_view message, const std::function<std::string(std::string_view)>& spell) {
  std::string out;
  out.reserve(message.size());
  std::size_t i = 0;
  while (i < message.size()) {
    const auto open = message.find('`', i);
    if (open == std::string_view::npos) break;
    const auto close = message.find('`', open + 1);
    if (close == std::string_view::npos) break;
    const auto name = message.substr(open + 1, close - open - 1);
    out.append(message, i, open - i);
    if (is_name(name)) {
      out += spell(name);
      i = close + 1;
    } else {
      // Not a parameter: keep the backquote and look again from the next character.
      out += '`';
      i = open + 1;
    }
  }
  out.append(message, i, std::string_view::npos);
  return out;
}

std::string flag_spelling(std::string_view name) {
  std::string flag = "--";
  for (char c : name) flag += c == '_' ? '-' : c;
  return flag;
}

}  // namespace gdchaos
