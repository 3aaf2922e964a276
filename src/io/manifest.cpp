#include "gdchaos/io/manifest.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "gdchaos/io/input_file.hpp"
#include "gdchaos/version.hpp"

namespace gdchaos {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kFormat = "gdchaos output manifest 1";

std::int64_t mtime_ns(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

// All entries under root, relative names, parents first; symlinks reported, not followed.
struct Found {
  std::string name;
  struct stat st;
};
std::vector<Found> walk(const fs::path& root) {
  std::vector<Found> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
  if (ec) throw std::runtime_error("cannot list " + root.string() + ": " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) throw std::runtime_error("cannot list " + root.string() + ": " + ec.message());
    Found f{it->path().lexically_relative(root).generic_string(), {}};
    if (::lstat(it->path().c_str(), &f.st) != 0) throw std::runtime_error("cannot stat " + it->path().string());
    out.push_back(f);
  }
  return out;
}

}  // namespace

fs::path sidecar_manifest_path(const fs::path& file) {
  return file.parent_path() / std::string(".").append(file.filename().string()).append(".gdchaos-manifest.json");
}

Manifest manifest_of_tree(const fs::path& root) {
  Manifest m;
  for (const auto& f : walk(root)) {
    if (f.name == kManifestName) continue;
    if (S_ISDIR(f.st.st_mode)) m.entries.push_back({f.name, true, 0, 0});
    else if (S_ISREG(f.st.st_mode))
      m.entries.push_back({f.name, false, static_cast<std::uint64_t>(f.st.st_size), mtime_ns(f.st)});
    else throw std::runtime_error((root / f.name).string() + ": not a regular file or directory");
  }
  return m;
}

Manifest manifest_of_file(const fs::path& file) {
  struct stat st {};
  if (::lstat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    throw std::runtime_error(file.string() + ": not a regular file");
  return Manifest{{{file.filename().string(), false, static_cast<std::uint64_t>(st.st_size), mtime_ns(st)}}};
}

void write_manifest(const fs::path& path, const Manifest& m) {
  json files = json::array();
  for (const auto& e : m.entries) {
    if (e.directory) files.push_back({{"name", e.name}, {"directory", true}});
    else files.push_back({{"name", e.name}, {"size", e.size}, {"mtime_ns", e.mtime_ns}});
  }
  std::ofstream out(path, std::ios::trunc);
  out << json{{"format", kFormat}, {"gdchaos_version", kVersion}, {"entries", files}}.dump(1) << '\n';
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::optional<Manifest> read_manifest(const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  try {
    const json j = read_json_file(path, "manifest");
    if (!j.is_object() || j.value("format", "") != kFormat || !j.contains("entries") || !j["entries"].is_array())
      return std::nullopt;
    Manifest m;
    for (const auto& e : j["entries"]) {
      ManifestEntry entry;
      entry.name = e.at("name").get<std::string>();
      // A name that climbs out of the output, or an absolute one, is not gdchaos's.
      const fs::path p(entry.name);
      if (entry.name.empty() || p.is_absolute() ||
          std::any_of(p.begin(), p.end(), [](const fs::path& c) { return c == ".." || c == "."; }))
        return std::nullopt;
      entry.directory = e.value("directory", false);
      if (!entry.directory) {
        entry.size = e.at("size").get<std::uint64_t>();
        entry.mtime_ns = e.at("mtime_ns").get<std::int64_t>();
      }
      m.entries.push_back(entry);
    }
    return m;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

Manifest with_single_file_outputs(const fs::path& root, const Manifest& m) {
  Manifest out = m;
  const std::string suffix = ".gdchaos-manifest.json";
  for (const auto& f : walk(root)) {
    const fs::path p(f.name);
    const std::string name = p.filename().string();
    if (!S_ISREG(f.st.st_mode) || name.size() <= suffix.size() + 1 || name[0] != '.' ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    const std::string described = name.substr(1, name.size() - 1 - suffix.size());
    const auto sidecar = read_manifest(root / p);
    struct stat st {};
    const fs::path file = root / p.parent_path() / described;
    if (!sidecar || sidecar->entries.size() != 1 || sidecar->entries[0].name != described ||
        ::lstat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
        static_cast<std::uint64_t>(st.st_size) != sidecar->entries[0].size || mtime_ns(st) != sidecar->entries[0].mtime_ns)
      continue;
    const std::string dir = p.parent_path().empty() ? "" : p.parent_path().generic_string() + "/";
    out.entries.push_back({dir + described, false, sidecar->entries[0].size, sidecar->entries[0].mtime_ns});
    out.entries.push_back({f.name, false, static_cast<std::uint64_t>(f.st.st_size), mtime_ns(f.st)});
  }
  return out;
}

std::optional<std::string> unlisted_entry(const fs::path& root, const Manifest& m) {
  std::map<std::string, const ManifestEntry*> listed;
  for (const auto& e : m.entries) listed[e.name] = &e;
  for (const auto& f : walk(root)) {
    if (f.name == kManifestName) continue;
    const auto it = listed.find(f.name);
    if (it == listed.end()) return f.name;
    const ManifestEntry& e = *it->second;
    if (e.directory != S_ISDIR(f.st.st_mode)) return f.name;
    if (!e.directory && (!S_ISREG(f.st.st_mode) || static_cast<std::uint64_t>(f.st.st_size) != e.size ||
                         mtime_ns(f.st) != e.mtime_ns))
      return f.name;
  }
  return std::nullopt;
}

bool remove_listed(const fs::path& root, const Manifest& m) {
  bool clean = true;
  for (auto it = m.entries.rbegin(); it != m.entries.rend(); ++it) {
    const fs::path p = root / it->name;
    if (it->directory) clean &= ::rmdir(p.c_str()) == 0;
    else clean &= ::unlink(p.c_str()) == 0;
  }
  ::unlink((root / kManifestName).c_str());
  return ::rmdir(root.c_str()) == 0 && clean;
}

}  // namespace gdchaos
