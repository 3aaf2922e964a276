#include "gdchaos/output/basin_checkpoint.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace gdchaos {

namespace fs = std::filesystem;
using nlohmann::json;

json to_json(const BandRecord& r) {
  json j = {{"row", r.row},
            {"rows", r.rows},
            {"attractors", r.attractors},
            {"overflowed", r.attractors_overflowed},
            {"counts", r.counts},
            {"point_iterations", r.point_iterations},
            {"wall", r.wall_seconds},
            {"engine", r.engine},
            {"crc", r.crc}};
  j["theorem1"] = r.theorem1 ? json{r.theorem1->checked, r.theorem1->agree, r.theorem1->straddling} : json(nullptr);
  return j;
}

BandRecord band_record_from_json(const json& j) {
  try {
    BandRecord r;
    r.row = j.at("row").get<std::int64_t>();
    r.rows = j.at("rows").get<std::int64_t>();
    r.attractors = j.at("attractors").get<std::vector<std::vector<double>>>();
    r.attractors_overflowed = j.at("overflowed").get<bool>();
    r.counts = j.at("counts").get<std::array<std::int64_t, kStatusCount>>();
    r.point_iterations = j.at("point_iterations").get<std::int64_t>();
    r.wall_seconds = j.at("wall").get<double>();
    r.engine = j.at("engine").get<std::string>();
    r.crc = j.at("crc").get<std::uint32_t>();
    if (const auto& t = j.at("theorem1"); !t.is_null())
      r.theorem1 = Theorem1Agreement{t.at(0).get<std::int64_t>(), t.at(1).get<std::int64_t>(), t.at(2).get<std::int64_t>()};
    if (r.row < 0 || r.rows < 1) throw std::runtime_error("rows out of range");
    return r;
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("a malformed checkpoint record (") + e.what() + ")");
  }
}

Checkpoint read_checkpoint(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the checkpoint " + path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  Checkpoint c;
  std::size_t at = 0;
  bool first = true;
  for (std::size_t nl; (nl = text.find('\n', at)) != std::string::npos; at = nl + 1) {
    const std::string line = text.substr(at, nl - at);
    if (first) c.identity = line, first = false;
    else {
      json j;
      try {
        j = json::parse(line);
      } catch (const json::exception&) {
        throw std::runtime_error("a malformed line in the checkpoint " + path.string());
      }
      c.bands.push_back(band_record_from_json(j));
    }
  }
  // What follows the last newline is a line the killed run did not finish writing.
  if (first) throw std::runtime_error("the checkpoint " + path.string() + " has no header");
  return c;
}

namespace {
void write_all(int fd, const std::string& s, const fs::path& path) {
  for (std::size_t done = 0; done < s.size();) {
    const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("cannot write the checkpoint " + path.string() + " (" + std::strerror(errno) + ")");
    done += static_cast<std::size_t>(n);
  }
}
}  // namespace

CheckpointLog::CheckpointLog(const fs::path& path, const std::string& identity, const std::vector<BandRecord>& bands)
    : path_(path) {
  std::string text = identity + '\n';
  for (const auto& b : bands) text += to_json(b).dump() + '\n';
  const fs::path tmp = path.string() + ".new";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) throw std::runtime_error("cannot create the checkpoint " + tmp.string());
  try {
    write_all(fd, text, tmp);
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot move the checkpoint into place: " + path.string());
  }
  fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
  if (fd_ < 0) throw std::runtime_error("cannot open the checkpoint " + path.string());
}

CheckpointLog::~CheckpointLog() {
  if (fd_ >= 0) ::close(fd_);
}

void CheckpointLog::append(const BandRecord& record) {
  if (fd_ < 0) throw std::logic_error("CheckpointLog: append after remove");
  write_all(fd_, to_json(record).dump() + '\n', path_);
}

void CheckpointLog::remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  ::unlink(path_.c_str());
}

}  // namespace gdchaos
