#include "gdchaos/io/npy.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "gdchaos/core/error.hpp"
#include "io/npy_bytes.hpp"
#include "scratch_dir.hpp"

namespace fs = std::filesystem;
using gdchaos::InputError;
namespace npy = gdchaos::npy;

namespace {

using NpyTest = gdchaos::testing::ScratchDirTest;
using gdchaos::testing::make_npy;
using gdchaos::testing::spill;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}


template <class T>
std::string bytes_le(std::initializer_list<T> values) {
  std::string out;
  for (T v : values) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out.append(b, sizeof(T));  // test hosts are little-endian (x86-64, arm64)
  }
  return out;
}

template <class T>
std::string bytes_be(std::initializer_list<T> values) {
  std::string out;
  for (T v : values) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out.append(std::rbegin(b), std::rend(b));
  }
  return out;
}

template <class T>
void expect_round_trip(const fs::path& p, const std::vector<T>& values, const std::vector<std::int64_t>& shape) {
  npy::write<T>(p, values, shape);
  const npy::Array a = npy::read(p);
  EXPECT_EQ(a.shape, shape);
  ASSERT_EQ(a.data.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) EXPECT_EQ(a.data[i], static_cast<double>(values[i])) << i;
}

// Debian's interpreter, where scripts/install-deps.sh puts python3-numpy.
bool have_numpy() { return std::system(GDCHAOS_PYTHON " -c 'import numpy' >/dev/null 2>&1") == 0; }

}  // namespace

TEST_F(NpyTest, RoundTripsEveryWrittenDtype) {
  expect_round_trip<std::uint8_t>(file("u1.npy"), {0, 1, 127, 128, 255, 42}, {2, 3});
  expect_round_trip<std::int16_t>(file("i2.npy"), {-32768, -1, 0, 1, 32767}, {5});
  expect_round_trip<std::int32_t>(file("i4.npy"), {std::numeric_limits<std::int32_t>::min(), -7, 0, 7,
                                                   std::numeric_limits<std::int32_t>::max(), 3},
                                  {3, 1, 2});
  expect_round_trip<float>(file("f4.npy"), {-1.5f, 0.0f, 3.25f, 1e-30f}, {2, 2});
  expect_round_trip<double>(file("f8.npy"), {-1e300, 0.1, 2.0 / 3.0, 1e-310}, {4, 1});
}

TEST_F(NpyTest, RoundTripsScalarsEmptyArraysAndSpecialValues) {
  expect_round_trip<double>(file("scalar.npy"), {6.5}, {});
  expect_round_trip<float>(file("empty.npy"), {}, {0, 3});

  const double inf = std::numeric_limits<double>::infinity();
  npy::write<double>(file("special.npy"), std::vector<double>{inf, -inf, std::nan("")}, {3});
  const auto a = npy::read(file("special.npy"));
  EXPECT_EQ(a.data[0], inf);
  EXPECT_EQ(a.data[1], -inf);
  EXPECT_TRUE(std::isnan(a.data[2]));
}

TEST_F(NpyTest, HeaderFollowsTheVersion1Layout) {
  npy::write<float>(file("layout.npy"), std::vector<float>{1, 2, 3, 4, 5, 6}, {2, 3});
  const std::string bytes = slurp(file("layout.npy"));
  ASSERT_GE(bytes.size(), 10u);
  EXPECT_EQ(bytes.substr(0, 6), "\x93NUMPY");
  EXPECT_EQ(bytes[6], '\x01');
  EXPECT_EQ(bytes[7], '\x00');
  const std::size_t header_len = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
  const std::size_t data_start = 10 + header_len;
  EXPECT_EQ(data_start % 64, 0u);
  EXPECT_EQ(bytes[data_start - 1], '\n');
  EXPECT_EQ(bytes.size(), data_start + 6 * sizeof(float));
  const std::string header = bytes.substr(10, header_len);
  EXPECT_NE(header.find("'descr': '<f4'"), std::string::npos) << header;
  EXPECT_NE(header.find("'fortran_order': False"), std::string::npos) << header;
  EXPECT_NE(header.find("'shape': (2, 3)"), std::string::npos) << header;

  npy::write<std::uint8_t>(file("one.npy"), std::vector<std::uint8_t>{9}, {1});
  const std::string one = slurp(file("one.npy"));
  EXPECT_NE(one.find("'descr': '|u1'"), std::string::npos);
  EXPECT_NE(one.find("'shape': (1,)"), std::string::npos);  // Python's one-element tuple
}

TEST_F(NpyTest, WriteRejectsShapeMismatch) {
  const std::vector<double> v{1, 2, 3};
  EXPECT_THROW(npy::write<double>(file("bad.npy"), v, {2, 2}), std::invalid_argument);
  EXPECT_THROW(npy::write<double>(file("bad.npy"), v, {-3}), std::invalid_argument);
}

TEST_F(NpyTest, WriteFailuresThrow) {
  const std::vector<double> v(1000, 1.0);
  EXPECT_THROW(npy::write<double>(dir_ / "no_such_dir" / "x.npy", v, {1000}), std::runtime_error);
  if (fs::exists("/dev/full")) {  // every write fails with ENOSPC, like a full disk
    EXPECT_THROW(npy::write<double>("/dev/full", v, {1000}), std::runtime_error);
    EXPECT_TRUE(fs::exists("/dev/full"));
  }
}

TEST_F(NpyTest, ReadsOtherDtypesAndByteOrders) {
  struct Case {
    std::string descr, payload;
    std::vector<double> expected;
  };
  const std::vector<Case> cases = {
      {"|b1", std::string("\x00\x01\x01", 3), {0, 1, 1}},
      {"|i1", bytes_le<std::int8_t>({-128, -1, 127}), {-128, -1, 127}},
      {"<u2", bytes_le<std::uint16_t>({0, 65535, 300}), {0, 65535, 300}},
      {"<u4", bytes_le<std::uint32_t>({0, 4294967295u, 7}), {0, 4294967295.0, 7}},
      {"<i8", bytes_le<std::int64_t>({-(std::int64_t{1} << 40), 0, 5}), {-1099511627776.0, 0, 5}},
      {"<u8", bytes_le<std::uint64_t>({std::uint64_t{1} << 63, 1, 2}), {9223372036854775808.0, 1, 2}},
      {">i2", bytes_be<std::int16_t>({-2, 258, 0}), {-2, 258, 0}},
      {">u2", bytes_be<std::uint16_t>({65534, 1, 2}), {65534, 1, 2}},
      {">i4", bytes_be<std::int32_t>({-100000, 1, 2}), {-100000, 1, 2}},
      {">u4", bytes_be<std::uint32_t>({4000000000u, 1, 2}), {4000000000.0, 1, 2}},
      {">i8", bytes_be<std::int64_t>({-3, 1, 2}), {-3, 1, 2}},
      {">u8", bytes_be<std::uint64_t>({3, 1, 2}), {3, 1, 2}},
      {">f4", bytes_be<float>({1.5f, -2.0f, 0.25f}), {1.5, -2.0, 0.25}},
      {">f8", bytes_be<double>({0.1, -1e200, 3.0}), {0.1, -1e200, 3.0}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.descr);
    const fs::path p = file("dtype.npy");
    spill(p, make_npy("{'descr': '" + c.descr + "', 'fortran_order': False, 'shape': (3,), }", c.payload));
    const auto a = npy::read(p);
    EXPECT_EQ(a.shape, (std::vector<std::int64_t>{3}));
    EXPECT_EQ(a.data, c.expected);
  }
}

TEST_F(NpyTest, ReadsHeadersWithOtherKeyOrderAndSpacing) {
  const fs::path p = file("order.npy");
  spill(p, make_npy("{\"shape\":(2,2),\"fortran_order\":False,\"descr\":\"<i4\"}", bytes_le<std::int32_t>({1, 2, 3, 4})));
  const auto a = npy::read(p);
  EXPECT_EQ(a.shape, (std::vector<std::int64_t>{2, 2}));
  EXPECT_EQ(a.data, (std::vector<double>{1, 2, 3, 4}));

  // Fortran order is harmless when only one dimension exceeds 1.
  spill(p, make_npy("{'descr': '<i4', 'fortran_order': True, 'shape': (1, 4), }", bytes_le<std::int32_t>({1, 2, 3, 4})));
  EXPECT_EQ(npy::read(p).data, (std::vector<double>{1, 2, 3, 4}));
}

TEST_F(NpyTest, ReadsVersion2Headers) {
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
  while ((12 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string bytes = std::string("\x93NUMPY\x02\x00", 8);
  for (int i = 0; i < 4; ++i) bytes += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  spill(file("v2.npy"), bytes + header + bytes_le<double>({1.25, -4.0}));
  EXPECT_EQ(npy::read(file("v2.npy")).data, (std::vector<double>{1.25, -4.0}));
}

TEST_F(NpyTest, MalformedFilesThrowInputErrorNamingTheFile) {
  const std::string good_dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
  const std::string good_data = bytes_le<double>({1, 2, 3, 4});
  const std::string good = make_npy(good_dict, good_data);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty", ""},
      {"bad magic", "\x93NUMPZ" + good.substr(6)},
      {"not npy at all", "hello, world, this is text"},
      {"only magic", good.substr(0, 7)},
      {"truncated header", good.substr(0, 40)},
      {"truncated data", good.substr(0, good.size() - 1)},
      {"unknown version", good.substr(0, 6) + '\x07' + good.substr(7)},
      {"fortran order", make_npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", good_data)},
      {"complex dtype", make_npy("{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }", good_data)},
      {"object dtype", make_npy("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", good_data)},
      {"half float", make_npy("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", good_data)},
      {"structured dtype",
       make_npy("{'descr': [('x', '<f8')], 'fortran_order': False, 'shape': (2,), }", good_data)},
      {"missing shape", make_npy("{'descr': '<f8', 'fortran_order': False, }", good_data)},
      {"negative dim", make_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-2, 2), }", good_data)},
      {"garbage header", make_npy("not a dict at all", good_data)},
      {"unterminated", make_npy("{'descr': '<f8", good_data)},
      {"huge shape", make_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000, 1000000000), }",
                              good_data)},
  };
  for (const auto& [what, bytes] : cases) {
    SCOPED_TRACE(what);
    const fs::path p = file("bad.npy");
    spill(p, bytes);
    try {
      (void)npy::read(p);
      ADD_FAILURE() << "no exception";
    } catch (const InputError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("bad.npy"), std::string::npos) << msg;
      EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    }
  }
  EXPECT_THROW((void)npy::read(file("missing.npy")), InputError);
  EXPECT_THROW((void)npy::read(dir_), InputError);  // a directory
}

TEST_F(NpyTest, NumpyReadsWhatWeWrite) {
  ASSERT_TRUE(have_numpy()) << GDCHAOS_PYTHON " cannot import numpy: run scripts/install-deps.sh";
  npy::write<std::uint8_t>(file("u1.npy"), std::vector<std::uint8_t>{0, 200, 255, 7, 8, 9}, {2, 3});
  npy::write<std::int16_t>(file("i2.npy"), std::vector<std::int16_t>{-32768, 32767}, {2});
  npy::write<std::int32_t>(file("i4.npy"), std::vector<std::int32_t>{-5, 6, 7, 8}, {2, 1, 2});
  npy::write<float>(file("f4.npy"), std::vector<float>{0.5f}, {});
  npy::write<double>(file("f8.npy"), std::vector<double>{0.1, -2.5, 1e300}, {3});
  const std::string script =
      "import numpy as np, sys\n"
      "d = sys.argv[1]\n"
      "def check(name, dtype, shape, values):\n"
      "    a = np.load(d + '/' + name)\n"
      "    assert a.dtype == np.dtype(dtype), (name, a.dtype)\n"
      "    assert a.shape == shape, (name, a.shape)\n"
      "    assert a.flags['C_CONTIGUOUS']\n"
      "    assert a.ravel().tolist() == values, (name, a.ravel().tolist())\n"
      "check('u1.npy', 'u1', (2, 3), [0, 200, 255, 7, 8, 9])\n"
      "check('i2.npy', '<i2', (2,), [-32768, 32767])\n"
      "check('i4.npy', '<i4', (2, 1, 2), [-5, 6, 7, 8])\n"
      "check('f4.npy', '<f4', (), [0.5])\n"
      "check('f8.npy', '<f8', (3,), [0.1, -2.5, 1e300])\n";
  spill(file("check.py"), script);
  const std::string cmd = GDCHAOS_PYTHON " '" + file("check.py").string() + "' '" + dir_.string() + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

TEST_F(NpyTest, WeReadWhatNumpyWrites) {
  ASSERT_TRUE(have_numpy()) << GDCHAOS_PYTHON " cannot import numpy: run scripts/install-deps.sh";
  const std::string script =
      "import numpy as np, sys\n"
      "d = sys.argv[1]\n"
      "np.save(d + '/b1.npy', np.array([[True, False], [False, True]]))\n"
      "np.save(d + '/be.npy', np.arange(6, dtype='>i4').reshape(2, 3) - 3)\n"
      "np.save(d + '/u8.npy', np.array([0, 2**40], dtype='<u8'))\n"
      "np.save(d + '/f4.npy', np.linspace(0, 1, 5, dtype=np.float32))\n"
      "np.save(d + '/fortran.npy', np.asfortranarray(np.ones((2, 3))))\n";
  spill(file("make.py"), script);
  const std::string cmd = GDCHAOS_PYTHON " '" + file("make.py").string() + "' '" + dir_.string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);

  EXPECT_EQ(npy::read(file("b1.npy")).data, (std::vector<double>{1, 0, 0, 1}));
  const auto be = npy::read(file("be.npy"));
  EXPECT_EQ(be.shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(be.data, (std::vector<double>{-3, -2, -1, 0, 1, 2}));
  EXPECT_EQ(npy::read(file("u8.npy")).data, (std::vector<double>{0, 1099511627776.0}));
  EXPECT_EQ(npy::read(file("f4.npy")).data, (std::vector<double>{0, 0.25, 0.5, 0.75, 1}));
  EXPECT_THROW((void)npy::read(file("fortran.npy")), InputError);
}
