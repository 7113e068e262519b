// The .npy reader against files written by NumPy (tests/dnn/data, made with numpy.save and
// numpy.lib.format.write_array) and against damaged copies of them.
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <string>

#include "ffp8/dnn/npy.hpp"

namespace {

using ffp8::dnn::NpyArray;
using ffp8::dnn::parse_npy;
using ffp8::dnn::read_npy;

const std::string data_dir = FFP8_DNN_TEST_DATA;

std::string bytes_of(const std::string& name) {
    std::ifstream in(data_dir + "/" + name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string error_of(const std::string& bytes) {
    try {
        parse_npy(bytes, "t.npy");
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "";
}

TEST(Npy, ReadsNumpyFloat32Matrix) {
    const NpyArray a = read_npy(data_dir + "/f4_2x3.npy");
    EXPECT_EQ(a.shape, (std::vector<std::size_t>{2, 3}));
    const std::vector<float> want{1.5f, -2.0f, 0.25f, 3.0e-3f, 65504.0f, -0.0f};
    ASSERT_EQ(a.data.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(std::bit_cast<uint32_t>(a.data[i]), std::bit_cast<uint32_t>(want[i]));
}

TEST(Npy, ReadsScalarAndVersion2) {
    const NpyArray s = read_npy(data_dir + "/f4_scalar.npy");
    EXPECT_TRUE(s.shape.empty());
    EXPECT_EQ(s.data, std::vector<float>{7.5f});
    const NpyArray v = read_npy(data_dir + "/f4_v2_3.npy");
    EXPECT_EQ(v.shape, std::vector<std::size_t>{3});
    EXPECT_EQ(v.data, (std::vector<float>{0.5f, -1.0f, 2.0f}));
}

TEST(Npy, RejectsOtherDtypesAndLayouts) {
    EXPECT_NE(error_of(bytes_of("f8_vector.npy")).find("dtype '<f8' is not supported"), std::string::npos);
    EXPECT_NE(error_of(bytes_of("i4_vector.npy")).find("dtype '<i4' is not supported"), std::string::npos);
    EXPECT_NE(error_of(bytes_of("f4_big_endian.npy")).find("dtype '>f4' is not supported"), std::string::npos);
    EXPECT_NE(error_of(bytes_of("f4_fortran.npy")).find("Fortran-order"), std::string::npos);
}

TEST(Npy, RejectsDamagedFiles) {
    const std::string good = bytes_of("f4_2x3.npy");
    ASSERT_EQ(error_of(good), "");
    EXPECT_NE(error_of(good.substr(0, good.size() - 1)).find("truncated data"), std::string::npos);
    EXPECT_NE(error_of(good + "xxxx").find("extra data"), std::string::npos);
    EXPECT_NE(error_of("PK\x03\x04 not numpy at all").find("bad magic"), std::string::npos);
    EXPECT_NE(error_of(good.substr(0, 40)).find("truncated .npy header"), std::string::npos);
    std::string bad_header = good;
    bad_header.replace(bad_header.find("'shape'"), 7, "'shope'");
    EXPECT_NE(error_of(bad_header).find("malformed .npy header"), std::string::npos);
    std::string bad_version = good;
    bad_version[6] = 9;
    EXPECT_NE(error_of(bad_version).find("unsupported .npy format version 9"), std::string::npos);
    EXPECT_NE(error_of(bytes_of("does_not_exist.npy")).find("bad magic"), std::string::npos);
    EXPECT_THROW(read_npy(data_dir + "/does_not_exist.npy"), std::runtime_error);
}

TEST(Npy, WrittenBytesMatchNumpy) {
    // to_npy_bytes pads the header exactly as NumPy 1.x does for version 1.0 files.
    const NpyArray a = read_npy(data_dir + "/f4_2x3.npy");
    EXPECT_EQ(ffp8::dnn::to_npy_bytes(a.shape, a.data), bytes_of("f4_2x3.npy"));
    const NpyArray s = read_npy(data_dir + "/f4_scalar.npy");
    EXPECT_EQ(ffp8::dnn::to_npy_bytes(s.shape, s.data), bytes_of("f4_scalar.npy"));
}

}  // namespace
