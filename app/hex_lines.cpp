#include "hex_lines.hpp"

namespace ffp8::cli {

std::vector<std::string_view> split_fields(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
        if (i > start) out.push_back(line.substr(start, i - start));
    }
    return out;
}

std::optional<uint32_t> parse_hex(std::string_view field, int max_digits) {
    if (field.size() >= 2 && field[0] == '0' && (field[1] == 'x' || field[1] == 'X')) field.remove_prefix(2);
    if (field.empty() || field.size() > static_cast<std::size_t>(max_digits)) return std::nullopt;
    uint32_t v = 0;
    for (char ch : field) {
        int d;
        if (ch >= '0' && ch <= '9') d = ch - '0';
        else if (ch >= 'a' && ch <= 'f') d = ch - 'a' + 10;
        else if (ch >= 'A' && ch <= 'F') d = ch - 'A' + 10;
        else return std::nullopt;
        v = (v << 4) | static_cast<uint32_t>(d);
    }
    return v;
}

}  // namespace ffp8::cli
