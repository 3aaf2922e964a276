#pragma once
// NumPy .npy files (format version 1.0, little-endian, C order): what numpy.load reads.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace gdchaos::npy {

/// Writes `data` with the given shape; dtype from T (uint8, int16, int32, float32, float64).
/// Throws std::runtime_error when the file cannot be written.
template <class T>
void write(const std::filesystem::path& path, std::span<const T> data, const std::vector<std::int64_t>& shape);

/// A .npy written in pieces (C order), so a large array never has to be in memory whole: the
/// header goes out first, then append() calls that together hold exactly the shape's elements;
/// finish() checks the count and flushes (a short or failed write throws std::runtime_error).
template <class T>
class StreamWriter {
 public:
  StreamWriter(const std::filesystem::path& path, const std::vector<std::int64_t>& shape);
  ~StreamWriter();
  StreamWriter(const StreamWriter&) = delete;
  StreamWriter& operator=(const StreamWriter&) = delete;
  void append(std::span<const T> data);
  void finish();

 private:
  std::filesystem::path path_;
  std::unique_ptr<std::ofstream> out_;
  std::int64_t expected_ = 0, written_ = 0;
  bool finished_ = false;
};

/// A .npy written in pieces in any order: the file is created at its full size (header, then
/// room for every element), write() fills elements at any offset (bands of rows, tiles, ranks),
/// and finish() checks that exactly the shape's elements were written and closes it. An array
/// that was not finished is removed by the destructor, as StreamWriter's is — unless it belongs
/// to a resumable output (a checkpoint says which of its elements hold finished work).
enum class RangeMode {
  create,            ///< a new file, removed again when not finished
  create_resumable,  ///< a new file, kept when not finished
  reopen,            ///< an existing file of exactly this shape (a resumed run's), kept when not finished
};

template <class T>
class RangeWriter {
 public:
  RangeWriter(const std::filesystem::path& path, const std::vector<std::int64_t>& shape, RangeMode mode = RangeMode::create);
  ~RangeWriter();
  RangeWriter(const RangeWriter&) = delete;
  RangeWriter& operator=(const RangeWriter&) = delete;
  /// Elements [first, first + data.size()); throws std::invalid_argument outside the array and
  /// std::runtime_error when the write fails.
  void write(std::int64_t first, std::span<const T> data);
  /// Counts `n` elements as written by an earlier run (a resumed output's finished work).
  void credit(std::int64_t n) { written_ += n; }
  /// Throws std::invalid_argument unless the writes together covered the array once.
  void finish();

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::int64_t offset_ = 0, expected_ = 0, written_ = 0;
  bool finished_ = false, keep_ = false;
};

/// Elements [first, first + count) of a .npy of dtype T written by this library (little-endian).
template <class T>
std::vector<T> read_range(const std::filesystem::path& path, std::int64_t first, std::int64_t count);
/// Overwrites elements [first, first + data.size()) of such a file in place.
template <class T>
void write_range(const std::filesystem::path& path, std::int64_t first, std::span<const T> data);

/// What a .npy file's header says, checked once against the file: version 1.0, 2.0 or 3.0, a
/// supported dtype (any integer, bool or float, either byte order), C order (or at most one
/// dimension above 1), and data at least as long as the shape needs.
struct Info {
  std::vector<std::int64_t> shape;
  std::string descr;             ///< as written, e.g. "|u1", "<i2", ">f8"
  std::int64_t count = 0;        ///< elements: the product of the shape
  std::int64_t data_offset = 0;  ///< bytes before the first element
  int item_size = 0;             ///< bytes per element
};

/// A .npy read in bands of rows (rows = shape[0], a row = the product of the other dimensions;
/// a 0-D array is one row of one element), converted to T without a detour through double, so a
/// map of any size is read in memory proportional to the band. The file is checked to be a
/// regular file (check_input_file: a FIFO or device is refused before it is opened) and its
/// header is read and validated once, in the constructor; a corrupt or truncated file is a
/// gdchaos::InputError naming it, never a huge allocation. T is std::uint8_t, std::int16_t,
/// std::int32_t, std::int64_t or double; a stored value that T cannot hold exactly (300 into
/// uint8, 0.5 or NaN into an integer) is an InputError naming the file, the value and its index.
template <class T>
class RowReader {
 public:
  /// `what` names the file's role in error messages about the file itself (check_input_file).
  explicit RowReader(const std::filesystem::path& path, const std::string& what = "file");
  ~RowReader();
  RowReader(RowReader&& other) noexcept;
  RowReader& operator=(RowReader&& other) noexcept;
  RowReader(const RowReader&) = delete;
  RowReader& operator=(const RowReader&) = delete;

  const Info& info() const { return info_; }
  const std::filesystem::path& path() const { return path_; }
  std::int64_t rows() const { return rows_; }
  std::int64_t row_size() const { return row_size_; }
  /// Rows [first, first + count) into `out`, which must hold count · row_size() elements.
  /// Throws std::invalid_argument for rows outside the array or a span of the wrong size, and
  /// InputError when the file cannot be read (e.g. it shrank) or holds a value T cannot hold.
  void read_rows(std::int64_t first, std::int64_t count, std::span<T> out);

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  Info info_;
  std::int64_t rows_ = 0, row_size_ = 0;
  int kind_ = 0;      // the stored dtype: bool, unsigned, signed or float
  bool swap_ = false; // stored in the other byte order
  bool direct_ = false;  // stored exactly as T: read straight into the output
  std::vector<unsigned char> raw_;  // conversion buffer, bounded
};

/// The header of `path` alone, checked as RowReader checks it.
Info read_info(const std::filesystem::path& path, const std::string& what = "file");

/// A loaded array, converted to double.
struct Array {
  std::vector<std::int64_t> shape;
  std::vector<double> data;
};

/// Reads a C-order .npy of any integer, bool or float dtype (either byte order), whole: 8 bytes
/// an element; large maps are read with RowReader instead.
/// Throws gdchaos::InputError when the file is missing, not a regular file or not a supported .npy.
Array read(const std::filesystem::path& path);

}  // namespace gdchaos::npy
