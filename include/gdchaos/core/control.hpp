#pragma once
// What the caller of a long computation controls: how many worker threads it may use, and when
// to stop. The library never decides either itself (a CLI, a Python session, a server thread and
// an MPI rank each have their own answer); the memory a computation may take is likewise checked
// by the front end (memory_budget.hpp), not by the library.
#include <stdexcept>
#include <stop_token>

namespace gdchaos {

/// Threads for a request of `requested` (0: all the hardware offers, as OpenMP reports it).
/// Every parallel loop of the library sizes its team with this, and nothing else.
int worker_threads(int requested);

/// Thrown by a computation whose stop token was triggered: what it produced so far is discarded
/// (front ends treat it as an interruption, not as an error of the input).
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

/// Throws Cancelled when `stop` has been requested.
inline void throw_if_cancelled(const std::stop_token& stop) {
  if (stop.stop_requested()) throw Cancelled();
}

}  // namespace gdchaos
