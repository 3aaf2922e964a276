#include "gdchaos/core/control.hpp"

#include <omp.h>

namespace gdchaos {

int worker_threads(int requested) { return requested > 0 ? requested : omp_get_max_threads(); }

}  // namespace gdchaos
