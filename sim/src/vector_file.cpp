#include "ffp8/sim/vector_file.hpp"

#include "ffp8/decode.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ffp8/interrupt.hpp"
#include "ffp8/quoted_text.hpp"

namespace ffp8::sim {

namespace {

// One read() fills up to this much; also the longest line accepted.
constexpr std::size_t buffer_size = std::size_t{1} << 20;

constexpr std::array<uint8_t, 256> hex_digits = [] {
    std::array<uint8_t, 256> t{};
    t.fill(0xFF);
    for (int c = 0; c < 10; ++c) t['0' + c] = static_cast<uint8_t>(c);
    for (int c = 0; c < 6; ++c) t['a' + c] = t['A' + c] = static_cast<uint8_t>(10 + c);
    return t;
}();

constexpr bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

struct Field {
    const char* text;
    std::size_t size;
    std::string_view view() const { return {text, size}; }
};

constexpr std::size_t max_fields = 6;

}  // namespace

std::string to_string(VectorFormat f) { return f == VectorFormat::testfloat ? "testfloat" : "batch"; }

VectorFormat parse_vector_format(const std::string& name) {
    if (name == "testfloat") return VectorFormat::testfloat;
    if (name == "batch") return VectorFormat::batch;
    throw std::runtime_error("unknown vector format '" + name + "' (expected testfloat or batch)");
}

void check_vector_input(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || ::access(path.c_str(), R_OK) != 0)
        throw VectorError(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    if (S_ISDIR(st.st_mode)) throw VectorError(fmt::format("cannot read {}: it is a directory", path));
}

VectorReader::VectorReader(const std::string& path, VectorFormat format, const Format& act, const Format& wgt, int slots)
    : name_(path == "-" ? "stdin" : path),
      format_(format),
      act_(act),
      wgt_(wgt),
      a_max_(operand_mask(act)),
      w_max_(operand_mask(wgt)),
      schedule_(slots),
      buffer_(new char[buffer_size]) {
    if (path == "-") {
        fd_ = STDIN_FILENO;
    } else {
        fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) throw VectorError(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
        owns_fd_ = true;
    }
    struct stat st {};
    if (::fstat(fd_, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            if (owns_fd_) ::close(fd_);
            throw VectorError(fmt::format("cannot read {}: it is a directory", name_));
        }
        if (S_ISREG(st.st_mode)) {
            size_bytes_ = static_cast<uint64_t>(st.st_size);
            ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
        }
    }
}

VectorReader::~VectorReader() {
    if (owns_fd_) ::close(fd_);
    owns_fd_ = false;
}

void VectorReader::fail(const std::string& what) const {
    throw VectorError(fmt::format("{}:{}: {}", name_, line_, what));
}

bool VectorReader::refill() {
    if (eof_) return false;
    if (begin_ > 0) {
        std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (end_ == buffer_size) {
        ++line_;
        fail(fmt::format("line longer than {} bytes", buffer_size));
    }
    for (;;) {
        const ssize_t n = ::read(fd_, buffer_.get() + end_, buffer_size - end_);
        if (n < 0 && errno == EINTR) {
            if (interrupt_signal() == 0) continue;
            eof_ = true;  // an interrupt ends the input; Session::finish() reports it
            return false;
        }
        if (n < 0) throw VectorError(fmt::format("{}: read error: {}", name_, std::strerror(errno)));
        if (n == 0) {
            eof_ = true;
            return false;
        }
        end_ += static_cast<std::size_t>(n);
        return true;
    }
}

uint64_t VectorReader::estimated_vectors() {
    if (size_bytes_ == 0) return 0;
    if (begin_ == end_) refill();
    const std::size_t bytes = end_ - begin_;
    uint64_t lines = 0;
    for (std::size_t i = begin_; i < end_; ++i) lines += buffer_[i] == '\n';
    if (bytes == 0 || lines == 0) return 1;
    return size_bytes_ * lines / bytes;
}

bool VectorReader::next(VectorLine& v) {
    for (;;) {
        const char* const b = buffer_.get() + begin_;
        const char* const e = buffer_.get() + end_;
        const auto* newline = static_cast<const char*>(std::memchr(b, '\n', static_cast<std::size_t>(e - b)));
        const char* line_end = newline;
        if (newline) {
            begin_ = static_cast<std::size_t>(newline + 1 - buffer_.get());
        } else {
            if (refill()) continue;
            if (b == e) {
                if (vectors_ > 0) return false;
                if (line_ == 0) throw VectorError(fmt::format("{}: no vectors: the input is empty", name_));
                throw VectorError(fmt::format("{}: no vectors in its {} lines (all blank or comments)", name_, line_));
            }
            line_end = e;  // a last line without a newline
            begin_ = end_;
        }
        ++line_;
        if (parse_line(b, line_end, v)) {
            v.line = line_;
            enter_slot(v);
            ++vectors_;
            return true;
        }
    }
}

void VectorReader::enter_slot(VectorLine& v) {
    const int L = schedule_.slots();
    if (L == 1) return;
    if (format_ == VectorFormat::testfloat) {
        v.slot = static_cast<uint8_t>(vectors_ % static_cast<uint64_t>(L));  // round-robin: always legal
        return;
    }
    try {
        schedule_.enter(v.slot, vectors_);
    } catch (const SlotScheduleError& e) {
        fail(e.line_message());
    }
}

bool VectorReader::parse_testfloat_layout(const char* p, const char* end, VectorLine& v) const {
    if (end - p != 38 || p[8] != ' ' || p[17] != ' ' || p[26] != ' ' || p[35] != ' ') return false;
    uint8_t seen = 0;  // OR of the digit values: above 15 when one is not hex
    const auto digits = [&](const char* s, int n) {
        uint32_t x = 0;
        for (int i = 0; i < n; ++i) {
            const uint8_t d = hex_digits[static_cast<unsigned char>(s[i])];
            seen |= d;
            x = (x << 4) | (d & 0xFu);
        }
        return x;
    };
    const uint32_t a = digits(p, 8), w = digits(p + 9, 8), acc = digits(p + 18, 8), result = digits(p + 27, 8),
                   flags = digits(p + 36, 2);
    if (seen > 0xF || a > a_max_ || w > w_max_ || flags > 0x1F) return false;  // the general path says why
    v.a = a;
    v.w = w;
    v.acc = acc;
    v.result = result;
    v.flags = static_cast<uint8_t>(flags);
    v.has_expected = true;
    return true;
}

bool VectorReader::parse_line(const char* p, const char* end, VectorLine& v) const {
    if (format_ == VectorFormat::testfloat && parse_testfloat_layout(p, end, v)) return true;
    std::array<Field, max_fields> fields;
    std::size_t n = 0;
    for (;;) {
        while (p < end && is_blank(*p)) ++p;
        if (p == end) break;
        if (n == 0 && *p == '#') return false;  // a comment
        const char* start = p;
        while (p < end && !is_blank(*p)) ++p;
        if (n < max_fields) fields[n] = {start, static_cast<std::size_t>(p - start)};
        ++n;
    }
    if (n == 0) return false;  // a blank line

    const bool testfloat = format_ == VectorFormat::testfloat;
    const std::size_t slot_fields = !testfloat && schedule_.slots() > 1 ? 1 : 0;
    if (testfloat ? n != 5 : n != 3 + slot_fields && n != 5 + slot_fields)
        fail(testfloat      ? fmt::format("expected 5 fields (A B C RESULT FLAGS), found {}", n)
             : slot_fields ? fmt::format("expected 4 fields (ACC A W SLOT) or 6 (ACC A W SLOT RESULT FLAGS), found {}", n)
                            : fmt::format("expected 3 fields (ACC A W) or 5 (ACC A W RESULT FLAGS), found {}", n));

    const auto hex = [&](const Field& f, const char* what, uint32_t max, const Format* format) {
        const char* s = f.text;
        std::size_t k = f.size;
        if (k > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
            s += 2;
            k -= 2;
        }
        uint32_t value = 0;
        bool ok = k <= 8;
        for (std::size_t i = 0; ok && i < k; ++i) {
            const uint8_t d = hex_digits[static_cast<unsigned char>(s[i])];
            ok = d < 16;
            value = (value << 4) | d;
        }
        if (!ok) fail(fmt::format("{} {} is not hex of at most 8 digits", what, quoted_text(f.view())));
        if (value > max) {
            if (format)
                fail(fmt::format("{} {} is wider than the {}-bit code of {}", what, quoted_text(f.view()), format->width(),
                                 format->name()));
            fail(fmt::format("{} {} sets bits beyond the five flags (at most 1f)", what, quoted_text(f.view())));
        }
        return value;
    };
    if (testfloat) {
        v.a = hex(fields[0], "A", a_max_, &act_);
        v.w = hex(fields[1], "B", w_max_, &wgt_);
        v.acc = hex(fields[2], "C", 0xFFFFFFFFu, nullptr);
    } else {
        v.acc = hex(fields[0], "ACC", 0xFFFFFFFFu, nullptr);
        v.a = hex(fields[1], "A", a_max_, &act_);
        v.w = hex(fields[2], "W", w_max_, &wgt_);
    }
    v.slot = 0;
    if (slot_fields) {
        const Field& f = fields[3];
        const std::size_t prefix = f.size == 3 && f.text[0] == '0' && (f.text[1] == 'x' || f.text[1] == 'X') ? 2 : 0;
        const uint8_t d = f.size == 1 + prefix ? hex_digits[static_cast<unsigned char>(f.text[prefix])] : 0xFF;
        if (d >= schedule_.slots())
            fail(fmt::format("SLOT {} is not a slot of this unit (0 to {})", quoted_text(f.view()), schedule_.slots() - 1));
        v.slot = d;
    }
    v.has_expected = n == 5 + slot_fields;
    if (v.has_expected) {
        v.result = hex(fields[3 + slot_fields], "RESULT", 0xFFFFFFFFu, nullptr);
        v.flags = static_cast<uint8_t>(hex(fields[4 + slot_fields], "FLAGS", 0x1Fu, nullptr));
    } else {
        v.result = 0;
        v.flags = 0;
    }
    return true;
}

}  // namespace ffp8::sim
