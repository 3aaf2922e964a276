#include "gdchaos/data/npz.hpp"

#include <sys/mman.h>
#include <unistd.h>
#include <zip.h>

#include <memory>
#include <vector>

#include "gdchaos/core/error.hpp"
#include "gdchaos/io/input_file.hpp"

namespace gdchaos {

namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

}  // namespace

npy::Array read_npz_member(const std::filesystem::path& archive, const std::string& name) {
  check_input_file(archive, "a .npz archive");
  int error = 0;
  std::unique_ptr<zip_t, ZipCloser> zip(zip_open(archive.c_str(), ZIP_RDONLY, &error));
  if (!zip) throw InputError(archive.string() + ": not a .npz (zip) archive");
  const std::string member = name + ".npy";
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(zip.get(), member.c_str(), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    throw InputError(archive.string() + ": holds no array '" + name + "'");
  constexpr zip_uint64_t kLimit = zip_uint64_t{1} << 34;  // 16 GiB: far beyond any data set a network here trains on
  if (st.size > kLimit) throw InputError(archive.string() + ": array '" + name + "' is implausibly large");
  std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen(zip.get(), member.c_str(), 0));
  if (!file) throw InputError(archive.string() + ": array '" + name + "' cannot be read (" + zip_strerror(zip.get()) + ")");
  std::vector<unsigned char> bytes(static_cast<std::size_t>(st.size));
  zip_uint64_t done = 0;
  while (done < st.size) {
    const zip_int64_t got = zip_fread(file.get(), bytes.data() + done, st.size - done);
    if (got <= 0) throw InputError(archive.string() + ": array '" + name + "' is truncated or corrupt");
    done += static_cast<zip_uint64_t>(got);
  }
  // The member goes through the one .npy reader (every check it makes on a file) by way of an
  // anonymous in-memory file; its messages are reworded to name the archive and the member.
  const int fd = memfd_create("gdchaos-npz-member", MFD_CLOEXEC);
  if (fd < 0) throw InputError(archive.string() + ": cannot hold array '" + name + "' in memory");
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  for (std::size_t written = 0; written < bytes.size();) {
    const auto w = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (w <= 0) throw InputError(archive.string() + ": cannot hold array '" + name + "' in memory");
    written += static_cast<std::size_t>(w);
  }
  const std::string fd_path = "/proc/self/fd/" + std::to_string(fd);
  try {
    return npy::read(fd_path);
  } catch (const InputError& e) {
    std::string message = e.what();
    if (const auto at = message.find(fd_path); at != std::string::npos)
      message.replace(at, fd_path.size(), archive.string() + "[" + member + "]");
    throw InputError(message);
  }
}

}  // namespace gdchaos
