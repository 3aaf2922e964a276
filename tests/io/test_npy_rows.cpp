// npy::RowReader: bands of rows read as a typed array, the header checked once, non-regular files
// refused before they are opened, and every corrupt or short file one line of InputError.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "gdchaos/core/error.hpp"
#include "gdchaos/io/npy.hpp"
#include "io/npy_bytes.hpp"
#include "scratch_dir.hpp"

namespace fs = std::filesystem;
using gdchaos::InputError;
namespace npy = gdchaos::npy;

namespace {

using NpyRows = gdchaos::testing::ScratchDirTest;
using gdchaos::testing::make_npy;
using gdchaos::testing::spill;

template <class T>
std::string bytes_of(std::initializer_list<T> values, bool big_endian = false) {
  std::string out;
  for (T v : values) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    if (big_endian) std::reverse(b, b + sizeof(T));
    out.append(b, sizeof(T));
  }
  return out;
}

// Reads all rows in bands of `band` rows (the last one shorter).
template <class T>
std::vector<T> read_in_bands(npy::RowReader<T>& r, std::int64_t band) {
  std::vector<T> all;
  for (std::int64_t first = 0; first < r.rows(); first += band) {
    const std::int64_t n = std::min(band, r.rows() - first);
    std::vector<T> part(static_cast<std::size_t>(n * r.row_size()));
    r.read_rows(first, n, part);
    all.insert(all.end(), part.begin(), part.end());
  }
  return all;
}

// The InputError message `f` throws: it must name the file and be one line.
template <class F>
std::string input_error(F&& f, const std::string& file_name) {
  try {
    f();
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(file_name), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    return msg;
  }
  ADD_FAILURE() << "no InputError";
  return {};
}

}  // namespace

TEST_F(NpyRows, BandsOfAnySizeGiveTheArray) {
  const std::int64_t h = 37, w = 23;
  std::mt19937 rng(5);
  std::vector<std::uint8_t> u8(h * w);
  std::vector<std::int16_t> i16(h * w);
  for (std::size_t k = 0; k < u8.size(); ++k) {
    u8[k] = static_cast<std::uint8_t>(rng() % 5);
    i16[k] = static_cast<std::int16_t>(static_cast<int>(rng() % 70000) - 35000);
  }
  npy::write<std::uint8_t>(file("s.npy"), u8, {h, w});
  npy::write<std::int16_t>(file("a.npy"), i16, {h, w});
  for (std::int64_t band : {1, 4, 5, 36, 37, 100}) {
    SCOPED_TRACE(band);
    npy::RowReader<std::uint8_t> s(file("s.npy"));
    EXPECT_EQ(s.rows(), h);
    EXPECT_EQ(s.row_size(), w);
    EXPECT_EQ(read_in_bands(s, band), u8);
    npy::RowReader<std::int16_t> a(file("a.npy"));
    EXPECT_EQ(read_in_bands(a, band), i16);
    // Converting readers: uint8 data as int16 and int64, int16 data as int32 and double.
    npy::RowReader<std::int16_t> s16(file("s.npy"));
    const auto got16 = read_in_bands(s16, band);
    npy::RowReader<std::int64_t> s64(file("s.npy"));
    const auto got64 = read_in_bands(s64, band);
    npy::RowReader<std::int32_t> a32(file("a.npy"));
    const auto got32 = read_in_bands(a32, band);
    npy::RowReader<double> ad(file("a.npy"));
    const auto gotd = read_in_bands(ad, band);
    for (std::size_t k = 0; k < u8.size(); ++k) {
      ASSERT_EQ(got16[k], u8[k]) << k;
      ASSERT_EQ(got64[k], u8[k]) << k;
      ASSERT_EQ(got32[k], i16[k]) << k;
      ASSERT_EQ(gotd[k], i16[k]) << k;
    }
  }
  // Rows out of order, and a single row in the middle.
  npy::RowReader<std::uint8_t> s(file("s.npy"));
  std::vector<std::uint8_t> row(w);
  s.read_rows(20, 1, row);
  EXPECT_TRUE(std::equal(row.begin(), row.end(), u8.begin() + 20 * w));
  s.read_rows(0, 1, row);
  EXPECT_TRUE(std::equal(row.begin(), row.end(), u8.begin()));
  // The whole-array reader agrees.
  EXPECT_EQ(npy::read(file("a.npy")).data, std::vector<double>(i16.begin(), i16.end()));
}

TEST_F(NpyRows, OtherDtypesAndByteOrdersConvertExactly) {
  struct Case {
    std::string descr, payload;
  };
  // Each holds 3, -2, 0 (or 1, 0, 1 for bool) in another dtype.
  const std::vector<Case> cases = {
      {"|i1", bytes_of<std::int8_t>({3, -2, 0})},
      {"<i2", bytes_of<std::int16_t>({3, -2, 0})},
      {">i2", bytes_of<std::int16_t>({3, -2, 0}, true)},
      {">i4", bytes_of<std::int32_t>({3, -2, 0}, true)},
      {"<i8", bytes_of<std::int64_t>({3, -2, 0})},
      {">i8", bytes_of<std::int64_t>({3, -2, 0}, true)},
      {"<f4", bytes_of<float>({3, -2, 0})},
      {">f8", bytes_of<double>({3, -2, 0}, true)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.descr);
    spill(file("x.npy"), make_npy("{'descr': '" + c.descr + "', 'fortran_order': False, 'shape': (3,), }", c.payload));
    npy::RowReader<std::int16_t> r(file("x.npy"));
    EXPECT_EQ(r.info().descr, c.descr);
    EXPECT_EQ(r.rows(), 3);
    EXPECT_EQ(r.row_size(), 1);
    std::vector<std::int16_t> v(3);
    r.read_rows(0, 3, v);
    EXPECT_EQ(v, (std::vector<std::int16_t>{3, -2, 0}));
  }
  spill(file("b.npy"), make_npy("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", std::string("\x01\x00\x01", 3)));
  npy::RowReader<std::uint8_t> b(file("b.npy"));
  std::vector<std::uint8_t> v(3);
  b.read_rows(0, 3, v);
  EXPECT_EQ(v, (std::vector<std::uint8_t>{1, 0, 1}));
  spill(file("u.npy"), make_npy("{'descr': '>u2', 'fortran_order': False, 'shape': (1, 2), }",
                                bytes_of<std::uint16_t>({255, 7}, true)));
  npy::RowReader<std::uint8_t> u(file("u.npy"));
  std::vector<std::uint8_t> w(2);
  u.read_rows(0, 1, w);
  EXPECT_EQ(w, (std::vector<std::uint8_t>{255, 7}));
}

TEST_F(NpyRows, AValueTheTypeCannotHoldIsAnInputError) {
  struct Case {
    std::string descr, payload, shown;
  };
  const std::vector<Case> cases = {
      {"<i2", bytes_of<std::int16_t>({1, 300}), "300"},
      {"<i8", bytes_of<std::int64_t>({-1, 2}), "-1"},
      {"<f8", bytes_of<double>({0.5, 1}), "0.5"},
      {"<f4", bytes_of<float>({1, std::numeric_limits<float>::quiet_NaN()}), "nan"},
      {"<u8", bytes_of<std::uint64_t>({std::uint64_t{1} << 63, 0}), "9223372036854775808"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.descr);
    spill(file("bad.npy"), make_npy("{'descr': '" + c.descr + "', 'fortran_order': False, 'shape': (2,), }", c.payload));
    npy::RowReader<std::uint8_t> r(file("bad.npy"));
    std::vector<std::uint8_t> v(2);
    const auto msg = input_error([&] { r.read_rows(0, 2, v); }, "bad.npy");
    EXPECT_NE(msg.find(c.shown), std::string::npos) << msg;
  }
  // int64 holds 2^63 − 1 but not 2^63, whether stored as uint64 or as a double.
  spill(file("big.npy"), make_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
                                  bytes_of<double>({9223372036854775808.0})));
  npy::RowReader<std::int64_t> big(file("big.npy"));
  std::vector<std::int64_t> one(1);
  input_error([&] { big.read_rows(0, 1, one); }, "big.npy");
}

TEST_F(NpyRows, CorruptOrTruncatedFilesAreOneLineInputErrorsUpFront) {
  const std::string dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (4, 8), }";
  const std::string good = make_npy(dict, std::string(32, '\x01'));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty", ""},
      {"bad magic", "\x93NUMPZ" + good.substr(6)},
      {"only magic", good.substr(0, 7)},
      {"no header length", good.substr(0, 9)},
      {"truncated header", good.substr(0, 40)},
      {"truncated data", good.substr(0, good.size() - 1)},
      {"one row short", good.substr(0, good.size() - 8)},
      {"unknown version", good.substr(0, 6) + '\x07' + good.substr(7)},
      {"header length beyond the file", good.substr(0, 8) + "\xff\xff" + good.substr(10)},
      {"garbage header", make_npy("{'descr': '|u1', 'fortran_order': Maybe, 'shape': (4, 8), }", std::string(32, 1))},
      {"unterminated", make_npy("{'descr': '|u1", std::string(32, 1))},
      {"no shape", make_npy("{'descr': '|u1', 'fortran_order': False, }", std::string(32, 1))},
      {"huge shape", make_npy("{'descr': '|u1', 'fortran_order': False, 'shape': (4000000000, 4000000000), }",
                              std::string(32, 1))},
      {"overflowing shape", make_npy("{'descr': '|u1', 'fortran_order': False, 'shape': (9000000000000000000, "
                                     "9000000000000000000), }",
                                     std::string(32, 1))},
      {"fortran order", make_npy("{'descr': '|u1', 'fortran_order': True, 'shape': (4, 8), }", std::string(32, 1))},
      {"complex dtype", make_npy("{'descr': '<c8', 'fortran_order': False, 'shape': (4, 8), }", std::string(256, 1))},
  };
  for (const auto& [what, bytes] : cases) {
    SCOPED_TRACE(what);
    spill(file("bad.npy"), bytes);
    input_error([&] { npy::RowReader<std::uint8_t> r(file("bad.npy")); }, "bad.npy");
    input_error([&] { (void)npy::read_info(file("bad.npy")); }, "bad.npy");
  }
  input_error([&] { npy::RowReader<std::uint8_t> r(file("missing.npy")); }, "missing.npy");
  input_error([&] { npy::RowReader<std::uint8_t> r(dir_); }, dir_.string());
}

TEST_F(NpyRows, AFileThatShrinksWhileReadIsAnInputError) {
  const std::int64_t h = 100, w = 64;
  npy::write<std::uint8_t>(file("s.npy"), std::vector<std::uint8_t>(h * w, 2), {h, w});
  npy::RowReader<std::uint8_t> r(file("s.npy"));
  fs::resize_file(file("s.npy"), r.info().data_offset + 50 * w);
  std::vector<std::uint8_t> band(10 * w);
  r.read_rows(0, 10, band);  // still there
  EXPECT_EQ(band, std::vector<std::uint8_t>(10 * w, 2));
  input_error([&] { r.read_rows(90, 10, band); }, "s.npy");
  // A converting reader too.
  npy::write<std::uint8_t>(file("t.npy"), std::vector<std::uint8_t>(h * w, 2), {h, w});
  npy::RowReader<std::int16_t> c(file("t.npy"));
  fs::resize_file(file("t.npy"), c.info().data_offset + 50 * w);
  std::vector<std::int16_t> cb(10 * w);
  input_error([&] { c.read_rows(45, 10, cb); }, "t.npy");
}

TEST_F(NpyRows, BadArgumentsAreProgrammingErrors) {
  npy::write<std::uint8_t>(file("s.npy"), std::vector<std::uint8_t>(12, 1), {3, 4});
  npy::RowReader<std::uint8_t> r(file("s.npy"));
  std::vector<std::uint8_t> v(8);
  EXPECT_THROW(r.read_rows(2, 2, v), std::invalid_argument);   // past the last row
  EXPECT_THROW(r.read_rows(-1, 2, v), std::invalid_argument);
  EXPECT_THROW(r.read_rows(0, 1, v), std::invalid_argument);   // span of two rows for one
  r.read_rows(1, 2, v);
  r.read_rows(3, 0, std::span<std::uint8_t>());  // nothing, at the end
  const auto info = npy::read_info(file("s.npy"));
  EXPECT_EQ(info.shape, (std::vector<std::int64_t>{3, 4}));
  EXPECT_EQ(info.descr, "|u1");
  EXPECT_EQ(info.count, 12);
  EXPECT_EQ(info.item_size, 1);
  EXPECT_EQ(info.data_offset % 64, 0);
  EXPECT_EQ(static_cast<std::int64_t>(fs::file_size(file("s.npy"))), info.data_offset + 12);
}

TEST_F(NpyRows, AFifoIsRefusedWithoutWaitingForAWriter) {
  const auto fifo = file("status.npy");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0) << std::strerror(errno);
  auto attempt = [&](auto&& open) {
    auto result = std::async(std::launch::async, [&]() -> std::string {
      try {
        open();
        return "opened";
      } catch (const InputError& e) {
        return e.what();
      }
    });
    if (result.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
      // Blocked in open(): give it a writer so that the test can end, and fail.
      const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
      if (fd >= 0) ::close(fd);
      ADD_FAILURE() << "opening a FIFO waited for a writer";
    }
    return result.get();
  };
  for (const auto& msg : {attempt([&] { npy::RowReader<std::uint8_t> r(fifo); }),
                          attempt([&] { (void)npy::read(fifo); }),
                          attempt([&] { (void)npy::read_info(fifo, "map"); })}) {
    EXPECT_NE(msg.find("not a regular file"), std::string::npos) << msg;
    EXPECT_NE(msg.find("status.npy"), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  }
  if (fs::exists("/dev/zero")) {  // a device that never ends
    EXPECT_THROW(npy::RowReader<std::uint8_t> r("/dev/zero"), InputError);
  }
}
