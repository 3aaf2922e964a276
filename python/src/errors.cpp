#include "errors.hpp"

#include <exception>

#include "gdchaos/core/control.hpp"
#include "gdchaos/core/error.hpp"

namespace gdchaos::python {

std::string keyword_of(std::string_view recipe_key) {
  if (recipe_key == "lambda") return "lam";
  return std::string(recipe_key);
}

std::string python_message(std::string_view message) {
  return spell_parameters(message, [](std::string_view key) { return "`" + keyword_of(key) + "`"; });
}

void register_error_translation(pybind11::module_& m) {
  (void)m;
  pybind11::register_exception_translator([](std::exception_ptr error) {
    try {
      if (error) std::rethrow_exception(error);
    } catch (const InputError& e) {
      PyErr_SetString(PyExc_ValueError, python_message(e.what()).c_str());
    } catch (const Cancelled&) {
      // Only reached when the stop came from elsewhere than a Python signal (which is raised
      // as itself): still an interruption, not an error of the input.
      PyErr_SetNone(PyExc_KeyboardInterrupt);
    }
  });
}

}  // namespace gdchaos::python
