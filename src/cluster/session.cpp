#include "gdchaos/cluster/session.hpp"

#include <mpi.h>

#include <cstdlib>
#include <exception>
#include <vector>

#include "gdchaos/core/error.hpp"

namespace gdchaos::cluster {

bool launched_by_mpi() {
  // Open MPI's mpirun, PMIx (srun --mpi=pmix), and the older PMI of Slurm and MPICH.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}

Session& Session::get() {
  static Session session;
  return session;
}

Session::Session() {
  if (!launched_by_mpi()) return;
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  initialised_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm local;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &local);
  MPI_Comm_size(local, &local_size_);
  MPI_Comm_free(&local);
}

Session::~Session() {
  int finalized = 0;
  if (initialised_ && MPI_Finalized(&finalized) == MPI_SUCCESS && !finalized) MPI_Finalize();
}

void Session::on_rank0(const std::function<void()>& step) const {
  if (!distributed()) {
    step();
    return;
  }
  // outcome: 0 fine, 1 InputError, 2 another failure; then the message's length and bytes
  int outcome = 0;
  std::string message;
  std::exception_ptr failure;
  if (rank_ == 0) {
    try {
      step();
    } catch (const InputError& e) {
      outcome = 1, message = e.what(), failure = std::current_exception();
    } catch (const std::exception& e) {
      outcome = 2, message = e.what(), failure = std::current_exception();
    }
  }
  int header[2] = {outcome, static_cast<int>(message.size())};
  MPI_Bcast(header, 2, MPI_INT, 0, MPI_COMM_WORLD);
  if (header[0] == 0) return;
  std::vector<char> text(static_cast<std::size_t>(header[1]));
  MPI_Bcast(text.data(), header[1], MPI_CHAR, 0, MPI_COMM_WORLD);
  if (rank_ == 0) std::rethrow_exception(failure);
  throw PeerFailed(std::string(text.begin(), text.end()), header[0] == 1);
}

Session::Agreement Session::agree(int failure) const {
  if (!distributed()) return {failure, failure ? 0 : -1};
  int mine[2] = {failure, failure ? rank_ : size_}, all[2] = {0, 0};
  MPI_Allreduce(&mine[0], &all[0], 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  MPI_Allreduce(&mine[1], &all[1], 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  return {all[0], all[0] ? all[1] : -1};
}

void Session::barrier() const {
  if (distributed()) MPI_Barrier(MPI_COMM_WORLD);
}

}  // namespace gdchaos::cluster
