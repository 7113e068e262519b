#include "ffp8/quoted_text.hpp"

namespace ffp8 {

namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

void append_escaped(std::string& out, unsigned char c) {
    static constexpr char hex[] = "0123456789abcdef";
    switch (c) {
        case '\n': out += "\\n"; return;
        case '\t': out += "\\t"; return;
        case '\r': out += "\\r"; return;
        default:
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xf];
    }
}

}  // namespace

std::string quoted_text(std::string_view text, std::size_t limit) {
    const std::string_view shown = text.substr(0, limit);
    std::string out = "'";
    for (const char ch : shown) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '\'' || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (is_control(c) || c >= 0x80) {
            append_escaped(out, c);
        } else {
            out += ch;
        }
    }
    if (shown.size() < text.size()) return out + "...' (" + std::to_string(text.size()) + " bytes)";
    return out + "'";
}

std::string escape_control_bytes(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char ch : text) {
        if (ch != '\n' && ch != '\t' && is_control(static_cast<unsigned char>(ch))) append_escaped(out, static_cast<unsigned char>(ch));
        else out += ch;
    }
    return out;
}

}  // namespace ffp8
