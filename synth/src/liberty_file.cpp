#include "ffp8/synth/liberty_file.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <stdexcept>
#include <string>
#include <zlib.h>

#include "ffp8/atomic_file.hpp"

namespace ffp8::synth {

std::filesystem::path default_liberty_path() {
    const std::filesystem::path osu018 = "/usr/share/qflow/tech/osu018/osu018_stdcells.lib";
    if (!std::filesystem::is_regular_file(osu018))
        throw std::runtime_error(fmt::format("default Liberty library {} not found: install the Debian package "
                                             "qflow-tech-osu018 or pass --liberty FILE",
                                             osu018.string()));
    return osu018;
}

namespace {

std::string gunzip(const std::filesystem::path& gz) {
    gzFile in = gzopen(gz.c_str(), "rb");
    if (in == nullptr) throw std::runtime_error(fmt::format("cannot read Liberty file {}: {}", gz.string(), std::strerror(errno)));
    std::string out;
    std::array<char, 1 << 16> buf{};
    int n = 0;
    while ((n = gzread(in, buf.data(), static_cast<unsigned>(buf.size()))) > 0) out.append(buf.data(), static_cast<std::size_t>(n));
    int errnum = Z_OK;
    const std::string message = n < 0 ? gzerror(in, &errnum) : "";
    gzclose(in);
    if (n < 0) throw std::runtime_error(fmt::format("cannot decompress Liberty file {}: {}", gz.string(), message));
    return out;
}

}  // namespace

std::filesystem::path readable_liberty(const std::filesystem::path& source, const std::filesystem::path& work_dir) {
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::status(source, ec)))  // the cause: missing, or a file on the path
        throw std::runtime_error(fmt::format("cannot read Liberty file {}: {}", source.string(),
                                             ec ? ec.message() : std::strerror(ENOENT)));
    if (!std::filesystem::is_regular_file(source))
        throw std::runtime_error(fmt::format("Liberty file {} is not a regular file", source.string()));
    if (source.extension() != ".gz") return std::filesystem::absolute(source);
    const std::filesystem::path plain = std::filesystem::absolute(work_dir / source.stem());
    write_file_atomically(plain, gunzip(source));
    return plain;
}

}  // namespace ffp8::synth
