#pragma once
// Running a long library computation from Python: on a worker thread, with the GIL released, while
// the calling thread wakes every kPollInterval to let Python run its signal handlers (Ctrl-C) and
// to report progress. A pending Python exception (KeyboardInterrupt, or one raised by the progress
// callback) requests the computation's stop token, waits for it to throw Cancelled, and is then
// raised as itself. Python is never touched from the worker thread.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <stop_token>
#include <utility>

#include <pybind11/pybind11.h>

namespace gdchaos::python {

// Short enough that Ctrl-C feels immediate, long enough that polling costs nothing.
inline constexpr std::chrono::milliseconds kPollInterval{20};

/// Where the worker records its progress; read by the polling thread.
class ProgressCounter {
 public:
  std::function<void(std::int64_t, std::int64_t)> sink() {
    return [this](std::int64_t done, std::int64_t total) {
      total_.store(total, std::memory_order_relaxed);
      done_.store(done, std::memory_order_release);
    };
  }
  std::int64_t done() const { return done_.load(std::memory_order_acquire); }
  std::int64_t total() const { return total_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> done_{-1}, total_{0};
};

/// Calls work(stop_token, ProgressCounter&) on a worker thread and returns its result; called
/// with the GIL held. `progress` (None or a callable (done, total)) is called from this thread
/// whenever the count has moved, and once at the end.
template <class Work>
auto run_interruptible(Work&& work, const pybind11::object& progress) {
  std::stop_source stop;
  ProgressCounter counter;
  auto future = std::async(std::launch::async, [&] { return work(stop.get_token(), counter); });
  std::int64_t reported = -1;
  auto report = [&] {
    const std::int64_t done = counter.done();
    if (progress.is_none() || done < 0 || done == reported) return;
    reported = done;
    progress(done, counter.total());
  };
  while (true) {
    bool finished = false;
    {
      pybind11::gil_scoped_release released;
      finished = future.wait_for(kPollInterval) == std::future_status::ready;
    }
    try {
      if (PyErr_CheckSignals() != 0) throw pybind11::error_already_set();
      report();
    } catch (...) {
      stop.request_stop();
      {
        pybind11::gil_scoped_release released;
        future.wait();
      }
      throw;  // the Python exception, not the worker's Cancelled
    }
    if (finished) break;
  }
  return future.get();  // rethrows the worker's exception, translated by errors.cpp
}

}  // namespace gdchaos::python
