// Berkeley TestFloat f32_mulAdd-format test vectors written from the oracle alone: lines
// `A B C RESULT FLAGS` (`%08X %08X %08X %08X %02X`) with RESULT = round_binary32(A*B + C) and
// FLAGS in TestFloat's bit order, which is SPEC's. For an FFP8 operand format, A or B is a code in
// the low byte. The co-simulation tests push these files through the RTL (`ffp8 sim --vectors`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "oracle/format_spec.hpp"
#include "oracle/mac.hpp"

namespace oracle {

// An operand format: an FFP8 format, or binary32 (spec empty).
struct OperandFormat {
    std::string name;
    std::optional<FormatSpec> spec;
};

// "fp32", a SPEC preset or a canonical name with the bias written (`se4m3b7`, `se5m2b15-ieee`),
// found by enumerating the legal formats (not through the golden model's parser). Throws
// std::invalid_argument for anything else.
OperandFormat operand_format(const std::string& name);

// One line, with its newline.
std::string testfloat_line(uint32_t a, uint32_t b, uint32_t c, const MacOut& result);

// A file of `lines` vectors for the operand formats, seeded: a header of `#` comments (how to
// write the file again), then the lines. Operands mix every class (zeros, subnormals, normals,
// extremes, Inf, quiet and signalling NaNs, every FFP8 code) with products near overflow and
// underflow and addends that cancel the product or sit at an alignment distance from it.
std::string testfloat_mul_add_file(const OperandFormat& a, const OperandFormat& b, int lines, uint64_t seed);

}  // namespace oracle
