#include "ffp8/synth/liberty_cells.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fmt/format.h>
#include <optional>

#include "ffp8/synth/tool_error.hpp"

namespace ffp8::synth {

namespace {

// Liberty tokens: words (names, numbers, units), quoted strings, and the punctuation ( ) { } : ; ,
struct Token {
    enum Kind { word, string, punct, end } kind = end;
    std::string_view text;
};

class Lexer {
public:
    explicit Lexer(std::string_view s) : s_(s) {}

    Token next() {
        if (peeked_) {
            Token t = *peeked_;
            peeked_.reset();
            return t;
        }
        return scan();
    }
    const Token& peek() {
        if (!peeked_) peeked_ = scan();
        return *peeked_;
    }

private:
    static bool is_punct(char c) { return c == '(' || c == ')' || c == '{' || c == '}' || c == ':' || c == ';' || c == ','; }
    static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\'; }

    Token scan() {
        for (;;) {
            while (i_ < s_.size() && is_space(s_[i_])) ++i_;
            if (s_.substr(i_, 2) == "/*") {
                const auto close = s_.find("*/", i_ + 2);
                i_ = close == std::string_view::npos ? s_.size() : close + 2;
                continue;
            }
            break;
        }
        if (i_ >= s_.size()) return {Token::end, {}};
        const char c = s_[i_];
        if (is_punct(c)) return {Token::punct, s_.substr(i_++, 1)};
        if (c == '"') {
            std::size_t j = i_ + 1;
            while (j < s_.size() && s_[j] != '"') j += s_[j] == '\\' ? 2 : 1;
            const Token t{Token::string, s_.substr(i_ + 1, std::min(j, s_.size()) - i_ - 1)};
            i_ = std::min(j + 1, s_.size());
            return t;
        }
        const std::size_t start = i_;
        while (i_ < s_.size() && !is_space(s_[i_]) && !is_punct(s_[i_]) && s_[i_] != '"') ++i_;
        return {Token::word, s_.substr(start, i_ - start)};
    }

    std::string_view s_;
    std::size_t i_ = 0;
    std::optional<Token> peeked_;
};

std::optional<double> number(std::string_view text) {
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{}) return std::nullopt;
    return v;
}

std::string lowercase(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return s;
}

// "1ns", "100ps", "1ps" -> ns.
double time_unit_ns(std::string_view text) {
    std::size_t k = 0;
    while (k < text.size() && (std::isdigit(static_cast<unsigned char>(text[k])) || text[k] == '.')) ++k;
    const auto scale = number(text.substr(0, k));
    const std::string_view unit = text.substr(k);
    if (scale && unit == "ns") return *scale;
    if (scale && unit == "ps") return *scale * 1e-3;
    if (scale && unit == "us") return *scale * 1e3;
    throw ToolOutputError(fmt::format("Liberty: unknown time_unit \"{}\"", text));
}

double cap_unit_pf(double scale, std::string_view unit) {
    const std::string u = lowercase(std::string(unit));
    if (u == "pf") return scale;
    if (u == "ff") return scale * 1e-3;
    if (u == "nf") return scale * 1e3;
    throw ToolOutputError(fmt::format("Liberty: unknown capacitive_load_unit \"{}\"", unit));
}

std::string without_spaces_and_parens(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '(' && c != ')') out += c;
    return out;
}

}  // namespace

LibertySummary scan_liberty(std::string_view text) {
    LibertySummary lib;
    bool seen_library = false;
    // Group types from the outermost in; cell and pin under construction.
    std::vector<std::string> groups;
    std::optional<LibertyCell> cell;
    std::optional<LibertyPin> pin;
    Lexer lex(text);
    for (Token t = lex.next(); t.kind != Token::end; t = lex.next()) {
        if (t.kind == Token::punct) {
            if (t.text == "}") {
                if (groups.empty()) throw ToolOutputError("Liberty: unbalanced '}'");
                const std::string closed = groups.back();
                groups.pop_back();
                if (closed == "pin" && groups.size() == 2 && pin) {
                    cell->pins.push_back(std::move(*pin));
                    pin.reset();
                } else if (closed == "cell" && groups.size() == 1 && cell) {
                    lib.cells.push_back(std::move(*cell));
                    cell.reset();
                }
            }
            continue;  // stray ';' and the like
        }
        const std::string_view name = t.text;
        const Token sep = lex.next();
        if (sep.kind == Token::punct && sep.text == ":") {
            const Token value = lex.next();
            if (lex.peek().kind == Token::punct && lex.peek().text == ";") lex.next();
            const std::size_t depth = groups.size();
            if (depth == 1 && name == "time_unit") lib.time_unit_ns = time_unit_ns(value.text);
            if (depth == 2 && cell && name == "area") cell->area = number(value.text).value_or(0);
            if (depth == 2 && cell && name == "dont_use") cell->dont_use = value.text == "true";
            if (depth == 3 && pin && name == "direction") pin->direction = value.text;
            if (depth == 3 && pin && name == "capacitance") pin->capacitance = number(value.text).value_or(0);
            if (depth == 3 && pin && name == "function") pin->function = value.text;
            continue;
        }
        if (sep.kind == Token::punct && sep.text == "(") {
            std::vector<std::string_view> args;
            for (Token a = lex.next(); !(a.kind == Token::punct && a.text == ")"); a = lex.next()) {
                if (a.kind == Token::end) throw ToolOutputError("Liberty: unterminated '('");
                if (a.kind != Token::punct) args.push_back(a.text);
            }
            const Token after = lex.peek();
            if (after.kind == Token::punct && after.text == "{") {
                const std::size_t body = static_cast<std::size_t>(after.text.data() - text.data()) + 1;
                lex.next();
                groups.emplace_back(name);
                const std::string_view arg = args.empty() ? std::string_view{} : args.front();
                if (groups.size() == 1 && name == "library") {
                    seen_library = true;
                    lib.name = arg;
                } else if (groups.size() == 2 && name == "cell") {
                    cell = LibertyCell{std::string(arg), 0, false, {}, body};
                } else if (groups.size() == 3 && name == "pin" && cell) {
                    pin = LibertyPin{std::string(arg), "", 0, ""};
                }
            } else {
                if (after.kind == Token::punct && after.text == ";") lex.next();
                if (groups.size() == 1 && name == "capacitive_load_unit" && args.size() == 2)
                    lib.cap_unit_pf = cap_unit_pf(number(args[0]).value_or(0), args[1]);
            }
        }
    }
    if (!seen_library) throw ToolOutputError("Liberty: no library group found");
    if (!groups.empty()) throw ToolOutputError("Liberty: file ends inside a group (truncated?)");
    if (lib.cells.empty()) throw ToolOutputError(fmt::format("Liberty library {} has no cells", lib.name));
    return lib;
}

DrivingCell pick_driving_cell(const LibertySummary& lib) {
    std::optional<DrivingCell> best;
    double best_area = 0;
    for (const auto& c : lib.cells) {
        // Clock-tree inverters are not what drives data inputs.
        if (c.dont_use || c.pins.size() != 2 || lowercase(c.name).find("clk") != std::string::npos) continue;
        const auto in = std::find_if(c.pins.begin(), c.pins.end(), [](const auto& p) { return p.direction == "input"; });
        const auto out = std::find_if(c.pins.begin(), c.pins.end(), [](const auto& p) { return p.direction == "output"; });
        if (in == c.pins.end() || out == c.pins.end()) continue;
        const std::string f = without_spaces_and_parens(out->function);
        if (f != "!" + in->name && f != in->name + "'") continue;
        if (best && (c.area > best_area || (c.area == best_area && c.name >= best->cell))) continue;
        best = DrivingCell{c.name, in->name, out->name, in->capacitance * lib.cap_unit_pf};
        best_area = c.area;
    }
    if (!best) throw ToolOutputError(fmt::format("Liberty library {} has no inverter to model input drive", lib.name));
    return *best;
}

}  // namespace ffp8::synth
