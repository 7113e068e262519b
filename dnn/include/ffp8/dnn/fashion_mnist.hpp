// Fashion-MNIST from the IDX files of Debian's dataset-fashion-mnist package (gzip-compressed,
// read with zlib; uncompressed copies without the .gz suffix are read too).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

namespace ffp8::dnn {

inline constexpr std::string_view default_fashion_mnist_dir = "/usr/share/datasets/fashion-mnist";

struct ImageSet {
    std::size_t rows = 0, cols = 0;
    std::vector<uint8_t> pixels;  // image i at [i*rows*cols, (i+1)*rows*cols)
    std::vector<uint8_t> labels;  // 0..9

    std::size_t size() const { return labels.size(); }
    std::size_t image_size() const { return rows * cols; }
    // The network input: pixel / 255 as float32 (what dnn/train.py trains on).
    std::vector<float> image(std::size_t i) const;
};

enum class Split { train, test };

// Reads <dir>/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]; throws std::runtime_error
// naming the file on any problem (missing, not IDX, counts that disagree).
ImageSet load_fashion_mnist(const std::filesystem::path& dir, Split split);
// Every file load_fashion_mnist may read in `dir` (both splits, with and without .gz): the inputs
// an output must not overwrite.
std::vector<std::filesystem::path> fashion_mnist_files(const std::filesystem::path& dir);

// `count` indices spread evenly over [0, n).
std::vector<std::size_t> evenly_spaced(std::size_t n, std::size_t count);

// The calibration split: training images [calibration_split_begin, 60000), which dnn/train.py
// never trains on. Formats and INT8 ranges are chosen on them, never on test images.
inline constexpr std::size_t calibration_split_begin = 55000;
// `count` indices spread evenly over the calibration split of `train` (throws when it has fewer).
std::vector<std::size_t> calibration_indices(const ImageSet& train, std::size_t count);

}  // namespace ffp8::dnn
