#include "ffp8/dnn/npy.hpp"

#include <bit>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>

#include "ffp8/input_file.hpp"
#include "ffp8/quoted_text.hpp"

namespace ffp8::dnn {

static_assert(std::endian::native == std::endian::little, "the .npy reader assumes a little-endian host");

namespace {

[[noreturn]] void fail(std::string_view what, std::string_view problem) {
    throw std::runtime_error(fmt::format("{}: {}", what, problem));
}

// The header is a Python dict literal, e.g. {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
class HeaderParser {
public:
    HeaderParser(std::string_view text, std::string_view what) : s_(text), what_(what) {}

    struct Header {
        std::string descr;
        bool fortran_order = false;
        std::vector<std::size_t> shape;
    };

    Header parse() {
        Header h;
        bool have_descr = false, have_order = false, have_shape = false;
        expect('{');
        while (true) {
            skip_space();
            if (peek() == '}') break;
            const std::string key = string_literal();
            expect(':');
            if (key == "descr") {
                h.descr = string_literal();
                have_descr = true;
            } else if (key == "fortran_order") {
                h.fortran_order = boolean();
                have_order = true;
            } else if (key == "shape") {
                h.shape = tuple();
                have_shape = true;
            } else {
                bad(fmt::format("unexpected header key {}", quoted_text(key)));
            }
            skip_space();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            skip_space();
            if (peek() != '}') bad("expected ',' or '}'");
        }
        ++pos_;
        skip_space();
        if (pos_ != s_.size()) bad("trailing characters after the header dict");
        if (!have_descr || !have_order || !have_shape)
            bad("the header needs the keys 'descr', 'fortran_order' and 'shape'");
        return h;
    }

private:
    [[noreturn]] void bad(std::string_view problem) {
        fail(what_, fmt::format("malformed .npy header ({})", problem));
    }
    char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
    void skip_space() {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t')) ++pos_;
    }
    void expect(char c) {
        skip_space();
        if (peek() != c) bad(fmt::format("expected '{}'", c));
        ++pos_;
    }
    std::string string_literal() {
        skip_space();
        const char q = peek();
        if (q != '\'' && q != '"') bad("expected a quoted string");
        const std::size_t end = s_.find(q, pos_ + 1);
        if (end == std::string_view::npos) bad("unterminated string");
        std::string out(s_.substr(pos_ + 1, end - pos_ - 1));
        pos_ = end + 1;
        return out;
    }
    bool boolean() {
        skip_space();
        if (s_.substr(pos_, 4) == "True") {
            pos_ += 4;
            return true;
        }
        if (s_.substr(pos_, 5) == "False") {
            pos_ += 5;
            return false;
        }
        bad("expected True or False");
    }
    std::vector<std::size_t> tuple() {
        expect('(');
        std::vector<std::size_t> dims;
        while (true) {
            skip_space();
            if (peek() == ')') break;
            if (peek() < '0' || peek() > '9') bad("expected a dimension");
            std::size_t v = 0;
            while (peek() >= '0' && peek() <= '9') {
                if (v > (std::size_t{1} << 40)) bad("dimension too large");
                v = v * 10 + static_cast<std::size_t>(peek() - '0');
                ++pos_;
            }
            dims.push_back(v);
            skip_space();
            if (peek() == ',') ++pos_;
            else if (peek() != ')') bad("expected ',' or ')' in the shape");
        }
        ++pos_;
        return dims;
    }

    std::string_view s_;
    std::string_view what_;
    std::size_t pos_ = 0;
};

uint32_t little_endian(std::string_view b, std::size_t at, int bytes) {
    uint32_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
    return v;
}

}  // namespace

NpyArray parse_npy(std::string_view bytes, std::string_view what) {
    static constexpr std::string_view magic = "\x93NUMPY";
    if (bytes.size() < 10 || bytes.substr(0, 6) != magic) fail(what, "not a .npy file (bad magic)");
    const int major = static_cast<unsigned char>(bytes[6]);
    std::size_t header_len = 0, header_start = 0;
    if (major == 1) {
        header_len = little_endian(bytes, 8, 2);
        header_start = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12) fail(what, "truncated .npy header");
        header_len = little_endian(bytes, 8, 4);
        header_start = 12;
    } else {
        fail(what, fmt::format("unsupported .npy format version {}.{}", major, static_cast<unsigned char>(bytes[7])));
    }
    if (bytes.size() < header_start + header_len) fail(what, "truncated .npy header");
    const auto header = HeaderParser(bytes.substr(header_start, header_len), what).parse();
    if (header.descr != "<f4")
        fail(what, fmt::format("dtype {} is not supported: expected little-endian float32 '<f4'", quoted_text(header.descr)));
    if (header.fortran_order) fail(what, "Fortran-order arrays are not supported: save a C-order array");

    std::size_t count = 1;
    for (std::size_t d : header.shape) {
        if (d != 0 && count > (std::size_t{1} << 40) / d) fail(what, "array too large");
        count *= d;
    }
    const std::size_t data_start = header_start + header_len;
    const std::size_t have = bytes.size() - data_start;
    if (have != count * 4)
        fail(what, fmt::format("{} data: shape needs {} bytes, the file holds {}", have < count * 4 ? "truncated" : "extra",
                               count * 4, have));
    NpyArray out;
    out.shape = header.shape;
    out.data.resize(count);
    if (count) std::memcpy(out.data.data(), bytes.data() + data_start, count * 4);
    return out;
}

NpyArray read_npy(const std::filesystem::path& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw std::runtime_error(fmt::format("{}: is a folder, not a .npy file", path.string()));
    return parse_npy(read_input_file(path), path.string());
}

std::string to_npy_bytes(const std::vector<std::size_t>& shape, const std::vector<float>& data) {
    const std::string dims = shape.size() == 1 ? fmt::format("({},)", shape[0])
                                               : fmt::format("({})", fmt::join(shape, ", "));
    std::string header = fmt::format("{{'descr': '<f4', 'fortran_order': False, 'shape': {}, }}", dims);
    // Pad with spaces so that magic + length + header + '\n' is a multiple of 64 (as NumPy does).
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::string out("\x93NUMPY\x01\x00", 8);
    out += static_cast<char>(header.size() & 0xFF);
    out += static_cast<char>(header.size() >> 8);
    out += header;
    out.append(reinterpret_cast<const char*>(data.data()), data.size() * 4);
    return out;
}

}  // namespace ffp8::dnn
