// Test vectors read from a file or standard input, one MAC operation per line:
//   testfloat  `A B C RESULT FLAGS`, Berkeley TestFloat's f32_mulAdd lines (testfloat_gen
//              f32_mulAdd): RESULT = A*B + C, so acc = C, a = A, w = B; for an FFP8 operand
//              format A and B are the codes in the low byte
//   batch      `ACC A W [RESULT FLAGS]`, the lines of `ffp8 golden mac` (SPEC section 4); for a
//              unit with L > 1 slots `ACC A W SLOT [RESULT FLAGS]`, as `ffp8 golden mac --slots L`
// One line is one cycle: with slots, a slot is used again L lines later at the earliest (SPEC
// section 8); TestFloat lines, which have no slot, take slots round-robin.
// Hex fields with an optional 0x, any case; blank lines and lines starting with # are skipped.
// Read in large blocks and parsed by hand: a checked co-simulation takes a few hundred
// nanoseconds a line, the reading must stay a small part of it.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "ffp8/format.hpp"
#include "ffp8/slots.hpp"

namespace ffp8::sim {

enum class VectorFormat { testfloat, batch };

std::string to_string(VectorFormat f);
VectorFormat parse_vector_format(const std::string& name);

// One line's operation and, when the line has them, its expected result and flags.
struct VectorLine {
    uint64_t line = 0;  // 1-based line number in the input
    uint32_t acc = 0;   // binary32, loaded as the accumulator
    uint32_t a = 0, w = 0;
    uint32_t result = 0;
    uint8_t flags = 0;
    uint8_t slot = 0;
    bool has_expected = false;
};

// A malformed input: the message names the input and the line ("v.tf:17: ...").
struct VectorError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Throws VectorError when `path` (not "-") cannot be read as vectors, without opening it: a FIFO
// or a process substitution must be opened only by the reader.
void check_vector_input(const std::string& path);

class VectorReader {
public:
    // `path` "-" is standard input; `slots` the unit's (1, 2, 4, 8). Throws VectorError when the
    // file cannot be opened.
    VectorReader(const std::string& path, VectorFormat format, const Format& act, const Format& wgt, int slots = 1);
    ~VectorReader();
    VectorReader(const VectorReader&) = delete;
    VectorReader& operator=(const VectorReader&) = delete;

    // The next vector; false at the end of the input. Throws VectorError on a malformed line, and
    // at the end of an input that held no vector.
    bool next(VectorLine& v);

    // How inputs are named in messages: the path, or "stdin".
    const std::string& name() const { return name_; }
    VectorFormat format() const { return format_; }
    uint64_t vectors() const { return vectors_; }
    // The number of vectors of a regular file, estimated from its size and its first block (0
    // for a pipe or terminal).
    uint64_t estimated_vectors();

private:
    bool refill();
    bool parse_line(const char* begin, const char* end, VectorLine& v) const;
    // Sets a TestFloat line's slot (round-robin) or checks a batch line's against the rule.
    void enter_slot(VectorLine& v);
    // The fast path: exactly TestFloat's `%08X %08X %08X %08X %02X`; false for anything else.
    bool parse_testfloat_layout(const char* begin, const char* end, VectorLine& v) const;
    [[noreturn]] void fail(const std::string& what) const;

    std::string name_;
    VectorFormat format_;
    Format act_, wgt_;
    uint32_t a_max_, w_max_;  // largest operand value: 0xFF for a code, all ones for fp32
    SlotSchedule schedule_;   // the slots' rule, one line a cycle
    int fd_ = -1;
    bool owns_fd_ = false;
    bool eof_ = false;
    uint64_t size_bytes_ = 0;
    std::unique_ptr<char[]> buffer_;
    std::size_t begin_ = 0, end_ = 0;  // unread bytes of the buffer
    uint64_t line_ = 0, vectors_ = 0;
};

}  // namespace ffp8::sim
