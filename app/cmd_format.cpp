// `ffp8 format NAME [--table] [--json]`: describe an FFP8 format.
#include <cmath>
#include <fmt/format.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.hpp"
#include "ffp8/binary32.hpp"
#include "ffp8/decode.hpp"
#include "ffp8/format.hpp"

namespace ffp8::cli {

namespace {

std::string value_text(uint32_t bits) {
    if (b32::is_nan(bits)) return "nan";
    if (b32::is_inf(bits)) return b32::sign(bits) ? "-inf" : "inf";
    const double v = b32::to_float(bits);
    return fmt::format("{:a} ({:.9g})", v, v);
}

std::string code_class(const Format& f, uint8_t code) {
    if (f.is_nan_code(code)) return "nan";
    if (f.is_inf_code(code)) return "inf";
    const uint32_t bits = decode(f, code);
    if (b32::is_zero(bits)) return "zero";
    return ((code & f.magnitude_mask()) >> f.M) == 0 ? "subnormal" : "normal";
}

std::string fields(const Format& f, uint8_t code) {
    std::string s;
    const int top = f.width() - 1;
    for (int i = top; i >= 0; --i) {
        s += ((code >> i) & 1) ? '1' : '0';
        const bool end_sign = f.is_signed && i == top;
        const bool end_exp = i == f.M && f.M > 0;
        if ((end_sign || end_exp) && i > 0) s += ' ';
    }
    return s;
}

std::string list_codes(const Format& f, bool (Format::*pred)(uint8_t) const) {
    std::string s;
    for (unsigned c = 0; c < f.code_count(); ++c)
        if ((f.*pred)(static_cast<uint8_t>(c))) s += fmt::format("{}0x{:02x}", s.empty() ? "" : " ", c);
    return s.empty() ? "none" : s;
}

void describe(const Format& f) {
    if (f.is_fp32) {
        fmt::print("format        fp32 (IEEE 754 binary32: the accumulator and the baseline operands)\n");
        return;
    }
    const BiasRange r = Format::legal_bias(f.E, f.M, f.policy);
    const uint8_t min_sub = 0x01, max_sub = static_cast<uint8_t>((1u << f.M) - 1u);
    const uint8_t min_norm = static_cast<uint8_t>(1u << f.M);
    fmt::print("format        {}\n", f.name());
    // A narrow format (SPEC section 1) says its width; FFP8 proper's description is as it was.
    if (f.width() < 8)
        fmt::print("width         {} bits (codes 0x00..0x{:02x}, in the low bits of a byte)\n", f.width(), f.code_count() - 1);
    fmt::print("sign          {}\n", f.is_signed ? fmt::format("signed (bit {})", f.width() - 1) : "unsigned (no sign bit)");
    fmt::print("exponent      E = {} bits, bias {} (legal bias {}..{})\n", f.E, f.bias, r.min, r.max);
    fmt::print("fraction      M = {} bits\n", f.M);
    fmt::print("policy        {}\n", to_string(f.policy));
    fmt::print("max finite    0x{:02x} = {}\n", f.max_finite_code(), value_text(decode(f, f.max_finite_code())));
    fmt::print("min normal    0x{:02x} = {}\n", min_norm, value_text(decode(f, min_norm)));
    if (f.M > 0) {
        fmt::print("max subnormal 0x{:02x} = {}\n", max_sub, value_text(decode(f, max_sub)));
        fmt::print("min subnormal 0x{:02x} = {}\n", min_sub, value_text(decode(f, min_sub)));
    } else {
        fmt::print("subnormals    none (M = 0)\n");
    }
    fmt::print("zero          0x00{}\n", f.has_negative_zero() ? fmt::format(", -0 = 0x{:02x}", f.zero_code(true)) : "");
    fmt::print("inf           {}\n", list_codes(f, &Format::is_inf_code));
    fmt::print("nan           {}{}\n", list_codes(f, &Format::is_nan_code),
               f.has_nan() ? fmt::format(" (canonical 0x{:02x})", f.canonical_nan()) : "");
}

void table(const Format& f) {
    fmt::print("code  fields      class      value\n");
    for (unsigned c = 0; c < f.code_count(); ++c) {
        const auto code = static_cast<uint8_t>(c);
        fmt::print("0x{:02x}  {:<10}  {:<9}  {}\n", c, fields(f, code), code_class(f, code),
                   value_text(decode(f, code)));
    }
}

nlohmann::json as_json(const Format& f, bool with_table) {
    nlohmann::json j;
    j["name"] = f.name();
    if (f.is_fp32) return j;
    const BiasRange r = Format::legal_bias(f.E, f.M, f.policy);
    j["signed"] = f.is_signed;
    j["E"] = f.E;
    j["M"] = f.M;
    j["bias"] = f.bias;
    j["bias_range"] = {r.min, r.max};
    j["policy"] = std::string(to_string(f.policy));
    j["max_finite"] = b32::to_float(decode(f, f.max_finite_code()));
    j["min_normal"] = b32::to_float(decode(f, static_cast<uint8_t>(1u << f.M)));
    if (f.has_nan()) j["canonical_nan"] = f.canonical_nan();
    if (with_table) {
        auto& t = j["codes"] = nlohmann::json::array();
        for (unsigned c = 0; c < f.code_count(); ++c) {
            const uint32_t bits = decode(f, static_cast<uint8_t>(c));
            t.push_back({{"code", c},
                         {"class", code_class(f, static_cast<uint8_t>(c))},
                         {"binary32", fmt::format("{:08x}", bits)}});
        }
    }
    return j;
}

}  // namespace

namespace {
void add_format_command(CLI::App& app) {
    struct Options {
        std::string name;
        bool table = false;
        bool json = false;
    };
    auto opt = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("format", "Describe an FFP8 format (canonical name, bias range, extremes, "
                                             "special codes)");
    cmd->add_option("name", opt->name, "Format name, e.g. se4m3b7, ue5m3b20-fn, ocp-e4m3, mx-e2m1, se2m1b1, fp32")
        ->required();
    cmd->add_flag("--table", opt->table, "List all 2^n codes (256 for 8 bits) with their values");
    cmd->add_flag("--json", opt->json, "Print the description as JSON");
    cmd->callback([opt] {
        const Format f = Format::parse(opt->name);
        if (opt->json) {
            fmt::print("{}\n", as_json(f, opt->table).dump(2));
        } else if (opt->table) {
            if (f.is_fp32) throw FormatError("--table needs an FFP8 format, not fp32");
            table(f);
        } else {
            describe(f);
        }
    });
}

const Registration registration{10, add_format_command};
}  // namespace

}  // namespace ffp8::cli
