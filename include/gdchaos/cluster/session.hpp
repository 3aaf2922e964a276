#pragma once
// One process's place in an MPI job (Open MPI, started by mpirun or srun). The cluster layer is
// built with -DGDCHAOS_MPI=ON and used by the command line only; the library below it knows
// nothing of MPI. A process not started by a launcher is a session of one rank, and MPI is then
// never initialised, so the same binary runs anywhere.
//
// All MPI calls are made from the thread that created the session (MPI_THREAD_FUNNELED): the
// work queue's local worker (work_queue.hpp) computes, the main thread talks.
#include <functional>
#include <stdexcept>
#include <string>

namespace gdchaos::cluster {

/// True when an MPI launcher started this process (its environment says so).
bool launched_by_mpi();

/// Raised on the ranks other than 0 when rank 0 failed in a step they all wait for: rank 0
/// reports the error; the others leave quietly with the same kind of failure.
class PeerFailed : public std::runtime_error {
 public:
  PeerFailed(const std::string& message, bool input_error) : std::runtime_error(message), input_error_(input_error) {}
  /// True when rank 0's failure was an InputError (exit code 2).
  bool input_error() const { return input_error_; }

 private:
  bool input_error_;
};

class Session {
 public:
  /// The process's session: MPI is initialised on the first call when launched_by_mpi().
  static Session& get();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  /// True when the job has more than one rank.
  bool distributed() const { return size_ > 1; }
  /// Ranks that share this machine (Open MPI's local size; 1 without a launcher).
  int local_size() const { return local_size_; }

  /// Runs `step` on rank 0 and tells every rank how it went: all return normally, or rank 0
  /// rethrows the step's exception while the others throw PeerFailed with its message.
  void on_rank0(const std::function<void()>& step) const;
  /// Every rank waits for every other.
  void barrier() const;

  struct Agreement {
    int worst = 0;        ///< the largest `failure` of any rank (0: none failed)
    int first_rank = -1;  ///< the lowest rank that failed (-1: none)
  };
  /// Every rank says how its own step went (0: fine, else an exit code) and learns how all went,
  /// so that a failure on some ranks only (a file one node lacks) stops all of them.
  Agreement agree(int failure) const;

 private:
  Session();
  int rank_ = 0, size_ = 1, local_size_ = 1;
  bool initialised_ = false;
};

}  // namespace gdchaos::cluster
