#include "ffp8/sim/activity_vcd.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "ffp8/atomic_file.hpp"
#include "ffp8/decode.hpp"
#include "ffp8/binary32.hpp"
#include "ffp8/mac_unit.hpp"
#include "ffp8/sim/stimulus.hpp"

namespace ffp8::sim {

namespace {

struct Port {
    const char* name;
    int width;
    char id;  // VCD identifier
};

// The codes of a format whose value is finite: the operands of a MAC in an accelerator.
std::vector<uint8_t> finite_codes(const Format& f) {
    std::vector<uint8_t> codes;
    for (unsigned c = 0; c < f.code_count(); ++c)
        if (b32::is_finite(decode(f, static_cast<uint8_t>(c)))) codes.push_back(static_cast<uint8_t>(c));
    return codes;
}

std::string value(const Port& p, uint64_t v) {
    if (p.width == 1) return fmt::format("{}{}\n", v & 1, p.id);
    return fmt::format("b{:b} {}\n", v, p.id);
}

}  // namespace

void check_activity_design(const hw::UnitConfig& unit) {
    if (unit.runtime()) throw std::runtime_error("--activity: static designs only (not the runtime-format unit)");
    if (unit.is_dot()) throw std::runtime_error("--activity: 1-lane MACs only (not a K-lane dot-product unit)");
    if (unit.act.is_fp32 || unit.wgt.is_fp32)
        throw std::runtime_error("--activity: FFP8 operand formats only (the FP32 baseline's operands are derived from "
                                 "them by `ffp8 synth --activity`)");
}

void write_activity_vcd(const DesignInfo& design, const ActivityOptions& options, const std::filesystem::path& file) {
    check_activity_design(design.unit);
    if (options.ops == 0 || options.chain < 1) throw std::runtime_error("--activity: needs at least one operation");
    std::vector<Port> ports{{"clk", 1, '!'},   {"rst", 1, '"'},   {"in_valid", 1, '#'}, {"clear", 1, '$'},
                            {"load", 1, '%'},  {"load_value", 32, '&'}, {"a", design.unit.act.width(), '\''},
                            {"w", design.unit.wgt.width(), '('},
                            {"out_valid", 1, ')'}, {"acc", 32, '*'},  {"flags", 5, '+'}};
    if (design.unit.out) ports.push_back({"q", design.unit.out->width(), ','});
    const int slots = design.unit.slots;  // with slots: taken round-robin, the slot port last
    if (slots > 1) ports.push_back({"slot", slot_bits(slots), '-'});

    nlohmann::json header = design.unit.to_json();  // what ffp8 synth --activity checks against its configuration
    header["latency"] = design.latency;
    header["ops"] = options.ops;
    header["seed"] = options.seed;
    header["chain"] = options.chain;
    std::string vcd = fmt::format("$comment ffp8-activity {} $end\n$timescale 1ns $end\n$scope module {} $end\n",
                                  header.dump(), design.unit.top_name());
    for (const auto& p : ports) vcd += fmt::format("$var wire {} {} {} $end\n", p.width, p.id, p.name);
    vcd += "$upscope $end\n$enddefinitions $end\n";

    MacUnit unit(design.unit.golden_mac(design.unit.act, design.unit.wgt));
    FastRng rng(options.seed);
    const auto act_codes = finite_codes(design.unit.act), wgt_codes = finite_codes(design.unit.wgt);
    const auto draw = [&](const std::vector<uint8_t>& codes) { return codes[rng() % codes.size()]; };

    // Cycle k: clock low and the cycle's inputs at 10k, rising edge and the outputs after it at 10k+5.
    const uint64_t reset_cycles = 2, drain = static_cast<uint64_t>(design.latency) + 1;
    const uint64_t cycles = reset_cycles + options.ops + drain;
    std::vector<uint64_t> last(ports.size(), ~uint64_t{0});
    const auto emit = [&](std::size_t i, uint64_t v) {
        if (last[i] != v) vcd += value(ports[i], v);
        last[i] = v;
    };
    for (uint64_t k = 0; k < cycles; ++k) {
        MacInputs in;
        in.rst = k < reset_cycles;
        const uint64_t op = k - reset_cycles;
        in.in_valid = !in.rst && op < options.ops;
        in.clear = in.in_valid && op % static_cast<uint64_t>(options.chain) == 0;
        if (in.in_valid) {
            in.a = draw(act_codes);
            in.w = draw(wgt_codes);
            in.slot = static_cast<int>(op % static_cast<uint64_t>(slots));
        }
        vcd += fmt::format("#{}\n", 10 * k);
        const uint64_t inputs[] = {0, in.rst, in.in_valid, in.clear, in.load, in.load_value, in.a, in.w};
        for (std::size_t i = 0; i < 8; ++i) emit(i, inputs[i]);
        if (slots > 1) emit(ports.size() - 1, static_cast<uint64_t>(in.slot));
        const MacOutputs& o = unit.step(in);
        vcd += fmt::format("#{}\n", 10 * k + 5);
        emit(0, 1);
        emit(8, o.out_valid);
        emit(9, o.acc);
        emit(10, o.flags);
        if (design.unit.out) emit(11, o.q);
    }
    vcd += fmt::format("#{}\n", 10 * cycles);
    emit(0, 0);
    write_file_atomically(file, vcd);
}

}  // namespace ffp8::sim
