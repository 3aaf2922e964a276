#pragma once
// Dynamic load balancing across the ranks of an MPI job. Basin work is very uneven (a pixel on a
// basin boundary runs to max-iter, one deep inside a basin decides in a few steps: about 100×
// across a map), so no fixed split of the work is fair: rank 0 holds a queue of small units and
// hands the next one to whichever rank returns a result — the result is the request for more.
// Rank 0 computes too, on a thread of its own beside the coordinating main thread, which sleeps
// between polls (a fraction of a core). docs/cluster.md has the design and its measurements.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gdchaos/cluster/session.hpp"

namespace gdchaos::cluster {

/// A piece of work: a range [begin, end) of rows of a map, or of the step sizes of a scan.
struct WorkUnit {
  std::int64_t begin = 0, end = 0;
};

/// The unit's result, as bytes (band_codec.hpp, or anything the caller encodes).
using Work = std::function<std::string(const WorkUnit&)>;
/// Called on rank 0 for every result, one call at a time, in the order results arrive.
using Take = std::function<void(const WorkUnit&, std::string&& result)>;

/// Runs `work` on every unit of `units` (read on rank 0 only) across all ranks and hands each
/// result to `take` on rank 0. Every rank calls it; it returns once all units are done. When
/// `work` throws on any rank or `take` throws, no further unit is handed out, the units in
/// flight are finished and dropped, and then every rank throws: rank 0 the first error, the
/// others PeerFailed. Without MPI (one rank) it is a plain loop.
void run_work_queue(const Session& session, const std::vector<WorkUnit>& units, const Work& work, const Take& take);

/// `total` items cut into about `per_rank` units a rank (each unit at most `largest` items and at
/// least one): the queue's granularity, fine enough to balance, coarse enough that messages are few.
std::vector<WorkUnit> split_evenly(std::int64_t total, int ranks, int per_rank, std::int64_t largest);

}  // namespace gdchaos::cluster
