#include "gdchaos/io/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"

namespace gdchaos {

namespace {

// Depth of [ and { outside strings; the JSON library parses recursively, so a bound comes first.
int nesting_depth(const std::string& text) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') deepest = std::max(deepest, ++depth);
    else if (c == ']' || c == '}') --depth;
    if (deepest > kMaxJsonDepth) break;
  }
  return deepest;
}

}  // namespace

void check_input_file(const std::filesystem::path& path, const std::string& what) {
  const std::string name = what + " " + path.string();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw InputError(name + ": " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw InputError(name + ": is a directory, not a file");
  if (!S_ISREG(st.st_mode)) throw InputError(name + ": not a regular file (a FIFO, socket or device is not read)");
  if (::access(path.c_str(), R_OK) != 0) throw InputError(name + ": cannot read it (" + std::strerror(errno) + ")");
}

nlohmann::json parse_json_text(const std::string& text, const std::string& where) {
  if (static_cast<std::int64_t>(text.size()) > kMaxJsonBytes)
    throw InputError(where + ": larger than " + std::to_string(kMaxJsonBytes >> 20) + " MiB; not a gdchaos JSON input");
  if (text.find('\0') != std::string::npos) throw InputError(where + ": holds a NUL byte; not a JSON text");
  if (nesting_depth(text) > kMaxJsonDepth)
    throw InputError(where + ": nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) throw InputError(where + ": malformed JSON");
  return j;
}

nlohmann::json read_json_file(const std::filesystem::path& path, const std::string& what) {
  check_input_file(path, what);
  const std::string where = what + " " + path.string();
  // Read through a descriptor with a bound, so a file that grows while it is read cannot run away.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw InputError(where + ": " + std::strerror(errno));
  std::string text;
  char buf[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int e = errno;
      ::close(fd);
      throw InputError(where + ": " + std::strerror(e));
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    if (static_cast<std::int64_t>(text.size()) > kMaxJsonBytes) break;
  }
  ::close(fd);
  return parse_json_text(text, where);
}

}  // namespace gdchaos
