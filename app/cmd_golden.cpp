// `ffp8 golden decode|encode|mac|dot`: the SPEC section 4 batch interface (hex lines in and out).
#include <cstdio>
#include <fmt/format.h>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "ffp8/binary32.hpp"
#include "ffp8/decode.hpp"
#include "ffp8/dot.hpp"
#include "ffp8/encode.hpp"
#include "ffp8/format.hpp"
#include "ffp8/input_file.hpp"
#include "ffp8/mac.hpp"
#include "ffp8/quoted_text.hpp"
#include "ffp8/slots.hpp"
#include "ffp8/standard_output.hpp"
#include "hex_lines.hpp"

namespace ffp8::cli {

namespace {

// Runs `handle` on every input line, buffering output; on a bad line, prints what came before
// it and throws an error naming the line. A read error is an error, never the end of the input.
void run_lines(const std::string& input, const std::function<void(std::string_view, std::string&)>& handle) {
    constexpr std::size_t max_line = 1u << 20;
    LineInput in(input, max_line);
    std::string out;
    long number = 0;
    const auto line_error = [&](std::string_view what) {
        write_standard_output(out);
        finish_standard_output();
        return std::runtime_error(
            fmt::format("{}line {}: {}", input.empty() || input == "-" ? "" : input + ": ", number, what));
    };
    for (std::string_view line;;) {
        try {
            if (!in.next(line)) break;
        } catch (const LineInput::LineTooLong& e) {
            ++number;
            throw line_error(e.what());
        } catch (const InputError&) {
            write_standard_output(out);  // the lines before it were answered
            finish_standard_output();
            throw;
        }
        ++number;
        try {
            handle(line, out);
        } catch (const LineError& e) {
            throw line_error(e.what());
        }
        if (out.size() > (1u << 16)) {
            write_standard_output(out);
            out.clear();
        }
    }
    write_standard_output(out);
}

uint32_t field(std::string_view text, int digits, std::string_view what) {
    const auto v = parse_hex(text, digits);
    if (!v)
        throw LineError(fmt::format("{} {} is not hex of at most {} digit{}", what, quoted_text(text), digits, digits == 1 ? "" : "s"));
    return *v;
}

// An operand field of format f: 2 hex digits (8 for fp32), and for a narrow format a code below 2^n
// (SPEC section 1). `lane` is the lane index of a dot product's field, or -1.
uint32_t operand_field(std::string_view text, const Format& f, std::string_view what, int lane = -1) {
    const int digits = f.is_fp32 ? 8 : 2;
    const auto v = parse_hex(text, digits);
    if (v && f.is_code(*v)) [[likely]]
        return *v;
    const std::string name = lane < 0 ? std::string(what) : fmt::format("{}{}", what, lane);
    (void)field(text, digits, name);  // not hex: field()'s error
    throw LineError(fmt::format("{} {} is not a code of {}: a {}-bit format's codes are 00..{:02x}", name,
                                quoted_text(text), f.name(), f.width(), f.code_count() - 1));
}

void expect_fields(const std::vector<std::string_view>& f, std::size_t n, std::string_view shape) {
    if (f.size() != n)
        throw LineError(fmt::format("expected {} field{} ({}), found {}", n, n == 1 ? "" : "s", shape, f.size()));
}

// The trailing SLOT field of a line of an L-slot unit (L > 1), one digit from 0 to L - 1, and the
// schedule rule of SPEC section 8 with one line per cycle: a slot is used again L lines later at
// the earliest. Without slots (L = 1) lines have no SLOT field.
class SlotField {
public:
    explicit SlotField(int slots) : schedule_(slots) {}
    std::size_t fields() const { return schedule_.slots() > 1 ? 1 : 0; }
    std::string shape() const { return schedule_.slots() > 1 ? " SLOT" : ""; }

    // Reads the slot of the line's last field (when L > 1) and checks the rule.
    void read(const std::vector<std::string_view>& fs) {
        const uint64_t line = lines_++;
        if (schedule_.slots() == 1) return;
        const uint32_t slot = field(fs.back(), 1, "SLOT");
        if (slot >= static_cast<uint32_t>(schedule_.slots()))
            throw LineError(fmt::format("SLOT {} is out of range 0..{} (--slots {})", slot, schedule_.slots() - 1,
                                        schedule_.slots()));
        try {
            schedule_.enter(static_cast<int>(slot), line);
        } catch (const SlotScheduleError& e) {
            throw LineError(e.line_message());
        }
    }

private:
    SlotSchedule schedule_;
    uint64_t lines_ = 0;
};

int checked_slots(int slots) {
    if (!slots_supported(slots)) throw FormatError(fmt::format("--slots {} is not supported (1, 2, 4 or 8)", slots));
    return slots;
}

std::string decoded_text(uint32_t bits) {
    if (b32::is_nan(bits)) return "nan";
    if (b32::is_inf(bits)) return b32::sign(bits) ? "-inf" : "inf";
    return fmt::format("{:a}", static_cast<double>(b32::to_float(bits)));
}

}  // namespace

namespace {
constexpr const char* slots_help =
    "Interleaved accumulators L (1, 2, 4, 8; SPEC section 8): with L > 1 each line ends in a SLOT field, "
    "one line is one cycle, and a slot is used again L lines later at the earliest";

void add_golden_command(CLI::App& app) {
    auto* golden = app.add_subcommand("golden", "Drive the golden model with hex lines (SPEC section 4)");
    golden->require_subcommand(1);

    struct Options {
        std::string format, act, wgt, round = "rne", input;
        bool no_saturate = false;
        int lanes = 1, slots = 1;
    };
    auto opt = std::make_shared<Options>();

    auto* dec = golden->add_subcommand("decode", "Lines 'CODE' -> the exact value (%a hex float, inf, -inf, nan)");
    dec->add_option("--format,-f", opt->format, "FFP8 format")->required();
    dec->add_option("--input,-i", opt->input, "Read lines from this file instead of standard input");
    dec->callback([opt] {
        const Format f = Format::parse(opt->format);
        if (f.is_fp32) throw FormatError("decode needs an FFP8 format, not fp32");
        run_lines(opt->input, [&](std::string_view line, std::string& out) {
            const auto fs = split_fields(line);
            expect_fields(fs, 1, "CODE");
            const uint32_t code = operand_field(fs[0], f, "code");
            out += decoded_text(decode(f, static_cast<uint8_t>(code)));
            out += '\n';
        });
    });

    auto* enc = golden->add_subcommand("encode", "Lines 'BINARY32' -> 'CODE FLAGS'");
    enc->add_option("--format,-f", opt->format, "FFP8 format")->required();
    enc->add_option("--round,-r", opt->round, "Rounding mode: rne, rna, rtz, rdn, rup")->capture_default_str();
    enc->add_flag("--no-saturate", opt->no_saturate, "Overflow follows IEEE 754 instead of clamping");
    enc->add_option("--input,-i", opt->input, "Read lines from this file instead of standard input");
    enc->callback([opt] {
        const Format f = Format::parse(opt->format);
        if (f.is_fp32) throw FormatError("encode needs an FFP8 format, not fp32");
        const Rounding mode = parse_rounding(opt->round);
        run_lines(opt->input, [&](std::string_view line, std::string& out) {
            const auto fs = split_fields(line);
            expect_fields(fs, 1, "BINARY32");
            const EncodeResult r = encode(f, field(fs[0], 8, "binary32"), mode, !opt->no_saturate);
            out += fmt::format("{:02x} {:02x}\n", r.code, r.flags);
        });
    });

    auto* mac = golden->add_subcommand("mac", "Lines 'ACC A W' -> 'RESULT FLAGS', acc <- round_fp32(acc + a*w)");
    mac->add_option("--act,-a", opt->act, "Format of A (FFP8 or fp32)")->required();
    mac->add_option("--wgt,-w", opt->wgt, "Format of W (FFP8 or fp32)")->required();
    mac->add_option("--slots", opt->slots, slots_help)->capture_default_str();
    mac->add_option("--input,-i", opt->input, "Read lines from this file instead of standard input");
    mac->callback([opt] {
        const Format act = Format::parse(opt->act), wgt = Format::parse(opt->wgt);
        SlotField slot(checked_slots(opt->slots));
        const MacKernel kernel(act, wgt);
        run_lines(opt->input, [&](std::string_view line, std::string& out) {
            const auto fs = split_fields(line);
            expect_fields(fs, 3 + slot.fields(), "ACC A W" + slot.shape());
            slot.read(fs);
            const uint32_t acc = field(fs[0], 8, "ACC");
            const uint32_t a = operand_field(fs[1], act, "A");
            const uint32_t w = operand_field(fs[2], wgt, "W");
            const MacResult r = kernel(acc, a, w);
            out += fmt::format("{:08x} {:02x}\n", r.bits, r.flags);
        });
    });

    auto* dot = golden->add_subcommand(
        "dot", "Lines 'ACC A0 .. A(K-1) W0 .. W(K-1)' -> 'RESULT FLAGS', acc <- round_fp32(acc + sum a[k]*w[k])");
    dot->add_option("--act,-a", opt->act, "FFP8 format of the A lanes")->required();
    dot->add_option("--wgt,-w", opt->wgt, "FFP8 format of the W lanes")->required();
    dot->add_option("--lanes,-k", opt->lanes, "Lanes K: 1, 2, 4, 8 or 16")->required();
    dot->add_option("--slots", opt->slots, slots_help)->capture_default_str();
    dot->add_option("--input,-i", opt->input, "Read lines from this file instead of standard input");
    dot->callback([opt] {
        const Format act = Format::parse(opt->act), wgt = Format::parse(opt->wgt);
        if (act.is_fp32 || wgt.is_fp32) throw FormatError("the dot product takes FFP8 lanes only, not fp32");
        const int k = opt->lanes;
        if (!lanes_supported(k)) throw FormatError(fmt::format("unsupported lane count {}: expected 1, 2, 4, 8 or 16", k));
        SlotField slot(checked_slots(opt->slots));
        const DotKernel kernel(act, wgt);
        const std::string shape = (k == 1   ? "ACC A0 W0"
                                   : k == 2 ? "ACC A0 A1 W0 W1"
                                            : fmt::format("ACC A0 .. A{} W0 .. W{}", k - 1, k - 1)) +
                                  slot.shape();
        uint8_t a[kMaxLanes], w[kMaxLanes];
        run_lines(opt->input, [&](std::string_view line, std::string& out) {
            const auto fs = split_fields(line);
            expect_fields(fs, static_cast<std::size_t>(1 + 2 * k) + slot.fields(), shape);
            slot.read(fs);
            const uint32_t acc = field(fs[0], 8, "ACC");
            for (int i = 0; i < k; ++i) {
                a[i] = static_cast<uint8_t>(operand_field(fs[1 + i], act, "A", i));
                w[i] = static_cast<uint8_t>(operand_field(fs[1 + k + i], wgt, "W", i));
            }
            const MacResult r = kernel(acc, a, w, k);
            out += fmt::format("{:08x} {:02x}\n", r.bits, r.flags);
        });
    });
}

const Registration registration{20, add_golden_command};
}  // namespace

}  // namespace ffp8::cli
