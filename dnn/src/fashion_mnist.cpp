#include "ffp8/dnn/fashion_mnist.hpp"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <zlib.h>

#include "ffp8/input_file.hpp"

namespace ffp8::dnn {

namespace {

// The whole file, decompressed when it is gzip (gzread passes plain files through). Opened by
// open_input, not gzopen, so that a failure gives its cause (errno) and a folder is refused.
std::string read_maybe_gzip(const std::filesystem::path& path) {
    const auto fail = [&](const std::string& cause) {
        return std::runtime_error(fmt::format("cannot read {}: {}", path.string(), cause));
    };
    bool owned = false;
    const int fd = open_input(path.string(), path.string(), owned);
    gzFile f = gzdopen(fd, "rb");  // owns fd from here
    if (!f) {
        ::close(fd);
        throw fail("out of memory");
    }
    std::string out;
    char buf[1 << 16];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    int errnum = Z_OK;
    const std::string cause = n < 0 ? gzerror(f, &errnum) : "";
    gzclose(f);
    if (n < 0) throw fail(errnum == Z_ERRNO ? std::strerror(errno) : cause);
    return out;
}

std::filesystem::path find_file(const std::filesystem::path& dir, const std::string& stem) {
    std::error_code ec;
    if (const auto s = std::filesystem::status(dir, ec); std::filesystem::exists(s) && !std::filesystem::is_directory(s))
        throw std::runtime_error(fmt::format("Fashion-MNIST folder {} is a file, not a folder", dir.string()));
    for (const auto& name : {stem + ".gz", stem})
        if (std::filesystem::exists(dir / name)) return dir / name;
    throw std::runtime_error(fmt::format("{}: Fashion-MNIST file not found (install the dataset-fashion-mnist "
                                         "package or pass the directory)",
                                         (dir / (stem + ".gz")).string()));
}

uint32_t big_endian(const std::string& b, std::size_t at) {
    return (uint32_t{static_cast<unsigned char>(b[at])} << 24) | (uint32_t{static_cast<unsigned char>(b[at + 1])} << 16) |
           (uint32_t{static_cast<unsigned char>(b[at + 2])} << 8) | uint32_t{static_cast<unsigned char>(b[at + 3])};
}

// IDX: magic 0x00000800 | rank, then rank big-endian uint32 dimensions, then unsigned bytes.
std::vector<uint32_t> idx_dims(const std::string& b, unsigned rank, const std::filesystem::path& path) {
    if (b.size() < 4 + 4 * rank || big_endian(b, 0) != (0x0800u | rank))
        throw std::runtime_error(fmt::format("{}: not an IDX file of unsigned bytes with {} dimensions", path.string(), rank));
    std::vector<uint32_t> dims(rank);
    std::size_t total = 1;
    for (unsigned i = 0; i < rank; ++i) total *= dims[i] = big_endian(b, 4 + 4 * i);
    if (b.size() != 4 + 4 * rank + total)
        throw std::runtime_error(fmt::format("{}: IDX size mismatch: dimensions need {} bytes of data, the file holds {}",
                                             path.string(), total, b.size() - 4 - 4 * rank));
    return dims;
}

}  // namespace

std::vector<float> ImageSet::image(std::size_t i) const {
    std::vector<float> out(image_size());
    const uint8_t* p = pixels.data() + i * image_size();
    for (std::size_t k = 0; k < out.size(); ++k) out[k] = static_cast<float>(p[k]) / 255.0f;
    return out;
}

static std::string images_stem(Split split) { return split == Split::train ? "train-images-idx3-ubyte" : "t10k-images-idx3-ubyte"; }
static std::string labels_stem(Split split) { return split == Split::train ? "train-labels-idx1-ubyte" : "t10k-labels-idx1-ubyte"; }

std::vector<std::filesystem::path> fashion_mnist_files(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    for (const Split split : {Split::train, Split::test})
        for (const std::string& stem : {images_stem(split), labels_stem(split)}) {
            files.push_back(dir / (stem + ".gz"));
            files.push_back(dir / stem);
        }
    return files;
}

ImageSet load_fashion_mnist(const std::filesystem::path& dir, Split split) {
    const auto image_path = find_file(dir, images_stem(split));
    const auto label_path = find_file(dir, labels_stem(split));
    const std::string images = read_maybe_gzip(image_path), labels = read_maybe_gzip(label_path);
    const auto idims = idx_dims(images, 3, image_path);
    const auto ldims = idx_dims(labels, 1, label_path);
    if (idims[0] != ldims[0])
        throw std::runtime_error(fmt::format("{}: {} images but {} labels in {}", image_path.string(), idims[0], ldims[0],
                                             label_path.string()));
    ImageSet set;
    set.rows = idims[1];
    set.cols = idims[2];
    set.pixels.assign(images.begin() + 16, images.end());
    set.labels.assign(labels.begin() + 8, labels.end());
    for (uint8_t l : set.labels)
        if (l > 9) throw std::runtime_error(fmt::format("{}: label {} out of range 0..9", label_path.string(), l));
    return set;
}

std::vector<std::size_t> evenly_spaced(std::size_t n, std::size_t count) {
    if (count > n) throw std::runtime_error(fmt::format("asked for {} images of a set of {}", count, n));
    std::vector<std::size_t> out(count);
    for (std::size_t i = 0; i < count; ++i) out[i] = i * n / count;
    return out;
}

std::vector<std::size_t> calibration_indices(const ImageSet& train, std::size_t count) {
    const std::size_t split = train.size() > calibration_split_begin ? train.size() - calibration_split_begin : 0;
    if (count > split)
        throw std::runtime_error(fmt::format("asked for {} calibration images, the calibration split (training images "
                                             "{} and up) has {}", count, calibration_split_begin, split));
    std::vector<std::size_t> out = evenly_spaced(split, count);
    for (auto& i : out) i += calibration_split_begin;
    return out;
}

}  // namespace ffp8::dnn
