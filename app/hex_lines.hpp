// Reading the TestFloat-style batch lines of SPEC section 4: hex fields, errors naming the line.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ffp8::cli {

struct LineError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Splits on blanks and tabs.
std::vector<std::string_view> split_fields(std::string_view line);

// Parses `field` as hex with an optional 0x prefix and 1..max_digits digits, any case.
std::optional<uint32_t> parse_hex(std::string_view field, int max_digits);

}  // namespace ffp8::cli
