#pragma once
// How library errors reach Python: InputError → ValueError with the parameters spelled as the
// Python keywords (`max_iter`, `lam` for the recipe's `lambda`), Cancelled → KeyboardInterrupt.
#include <string>
#include <string_view>

#include <pybind11/pybind11.h>

namespace gdchaos::python {

/// The Python keyword of a recipe key: the key itself, except `lambda` (a Python keyword) → `lam`.
std::string keyword_of(std::string_view recipe_key);
/// `message` with every backquoted recipe key spelled as its keyword, in backquotes.
std::string python_message(std::string_view message);
/// Registers the exception translators on the module.
void register_error_translation(pybind11::module_& m);

}  // namespace gdchaos::python
