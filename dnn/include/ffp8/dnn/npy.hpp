// A strict reader of NumPy .npy files holding float32 arrays (format versions 1.0, 2.0, 3.0).
// Anything else (another dtype, big-endian data, Fortran order, a malformed header, a truncated
// or overlong file) is rejected with a one-line std::runtime_error naming the file and the problem.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ffp8::dnn {

struct NpyArray {
    std::vector<std::size_t> shape;  // empty for a 0-d array (one element)
    std::vector<float> data;         // C order

    std::size_t size() const { return data.size(); }
};

// `what` names the source in error messages (usually the path).
NpyArray parse_npy(std::string_view bytes, std::string_view what);
NpyArray read_npy(const std::filesystem::path& path);

// The .npy bytes (version 1.0, '<f4', C order) of an array: used by tests and tools.
std::string to_npy_bytes(const std::vector<std::size_t>& shape, const std::vector<float>& data);

}  // namespace ffp8::dnn
