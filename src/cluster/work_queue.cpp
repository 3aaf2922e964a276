#include "gdchaos/cluster/work_queue.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "gdchaos/core/error.hpp"

namespace gdchaos::cluster {

namespace {

enum Tag : int { kReady = 1, kAssign = 2, kResult = 3, kFailed = 4 };

// The first failure of the job, wherever it happened; later ones are dropped.
struct Failure {
  std::mutex mutex;
  std::exception_ptr error;
  void record(std::exception_ptr e) {
    std::lock_guard lock(mutex);
    if (!error) error = e;
  }
  bool failed() {
    std::lock_guard lock(mutex);
    return error != nullptr;
  }
};

void send_assignment(int to, const WorkUnit* unit) {
  std::int64_t range[2] = {-1, -1};
  if (unit) range[0] = unit->begin, range[1] = unit->end;
  MPI_Send(range, 2, MPI_INT64_T, to, kAssign, MPI_COMM_WORLD);
}

void send_bytes(const std::string& bytes, int tag) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX))
    throw std::runtime_error("a work unit's result exceeds 2 GiB: use more ranks or smaller units");
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, 0, tag, MPI_COMM_WORLD);
}

std::string receive_bytes(const MPI_Status& probed) {
  int count = 0;
  MPI_Get_count(&probed, MPI_BYTE, &count);
  std::string bytes(static_cast<std::size_t>(count), '\0');
  MPI_Recv(bytes.data(), count, MPI_BYTE, probed.MPI_SOURCE, probed.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return bytes;
}

// A worker rank: ask, compute, return the result (which asks again), until told to stop.
void serve(const Work& work) {
  MPI_Send(nullptr, 0, MPI_BYTE, 0, kReady, MPI_COMM_WORLD);
  bool failed = false;
  for (;;) {
    std::int64_t range[2];
    MPI_Recv(range, 2, MPI_INT64_T, 0, kAssign, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (range[0] < 0) break;
    std::string result;
    try {
      result = work(WorkUnit{range[0], range[1]});
      send_bytes(result, kResult);
    } catch (const std::exception& e) {
      // Rank 0 reports it; this rank stops asking for work.
      send_bytes(std::string(dynamic_cast<const InputError*>(&e) ? "I" : "E") + e.what(), kFailed);
      failed = true;
    }
  }
  (void)failed;
}

// Rank 0: hands out units to the other ranks and to its own worker thread.
void coordinate(const Session& session, const std::vector<WorkUnit>& units, const Work& work, const Take& take) {
  std::mutex queue_mutex, take_mutex;
  std::deque<WorkUnit> queue(units.begin(), units.end());
  Failure failure;
  const auto next = [&]() -> std::optional<WorkUnit> {
    std::lock_guard lock(queue_mutex);
    if (queue.empty() || failure.failed()) return std::nullopt;
    WorkUnit u = queue.front();
    queue.pop_front();
    return u;
  };
  const auto hand_over = [&](const WorkUnit& u, std::string&& bytes) {
    if (failure.failed()) return;
    std::lock_guard lock(take_mutex);
    try {
      take(u, std::move(bytes));
    } catch (...) {
      failure.record(std::current_exception());
    }
  };

  std::thread local;
  try {
    local = std::thread([&] {
      while (const auto u = next()) {
        try {
          hand_over(*u, work(*u));
        } catch (...) {
          failure.record(std::current_exception());
        }
      }
    });
  } catch (...) {
    failure.record(std::current_exception());  // the other ranks still do the work
  }

  std::vector<WorkUnit> assigned(static_cast<std::size_t>(session.size()));
  int active = session.size() - 1;
  try {
    while (active > 0) {
      int flag = 0;
      MPI_Status st;
      MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
      if (!flag) {
        // Sleeping, not spinning: a blocking probe would busy-wait a core away from the workers. A
        // unit takes far longer than this, so the hand-out waits a negligible time.
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        continue;
      }
      const int from = st.MPI_SOURCE;
      std::string bytes = receive_bytes(st);
      const WorkUnit done = assigned[from];
      if (st.MPI_TAG == kFailed) {
        const std::string what = "rank " + std::to_string(from) + ": " + bytes.substr(1);
        try {
          if (bytes[0] == 'I') throw InputError(what);
          throw std::runtime_error(what);
        } catch (...) {
          failure.record(std::current_exception());
        }
      }
      const auto u = st.MPI_TAG == kFailed ? std::nullopt : next();
      if (u) assigned[from] = *u;
      else --active;
      // The next unit goes out before this result is written, so the rank computes meanwhile.
      send_assignment(from, u ? &*u : nullptr);
      if (st.MPI_TAG == kResult) hand_over(done, std::move(bytes));
    }
  } catch (const std::exception& e) {
    // The coordinator itself failed (out of memory receiving a result): the workers wait for
    // answers it can no longer give, so the job ends here.
    std::fprintf(stderr, "gdchaos: failed: rank 0 lost the work queue (%s)\n", e.what());
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  if (local.joinable()) local.join();
  if (failure.error) std::rethrow_exception(failure.error);
}

}  // namespace

void run_work_queue(const Session& session, const std::vector<WorkUnit>& units, const Work& work, const Take& take) {
  if (!session.distributed()) {
    for (const auto& u : units) take(u, work(u));
    return;
  }
  // The queue's own outcome reaches every rank through on_rank0, so all leave the same way.
  std::exception_ptr failed;
  if (session.rank() == 0) {
    try {
      coordinate(session, units, work, take);
    } catch (...) {
      failed = std::current_exception();
    }
  } else {
    serve(work);
  }
  session.on_rank0([&] {
    if (failed) std::rethrow_exception(failed);
  });
}

std::vector<WorkUnit> split_evenly(std::int64_t total, int ranks, int per_rank, std::int64_t largest) {
  const std::int64_t size = std::clamp<std::int64_t>(total / std::max<std::int64_t>(1, std::int64_t{ranks} * per_rank), 1,
                                                     std::max<std::int64_t>(1, largest));
  std::vector<WorkUnit> units;
  for (std::int64_t b = 0; b < total; b += size) units.push_back({b, std::min(total, b + size)});
  return units;
}

}  // namespace gdchaos::cluster
