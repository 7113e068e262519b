// Every knob of a generated unit (the MAC, the K-lane dot-product unit, the FP32 baseline) in one
// place: its default, its validation, its canonical command-line text and its JSON forms. The
// generator, the co-simulation, the synthesis flow and the golden cycle models all take their
// configuration from here; a new knob is a field here plus its use.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ffp8/dot_unit.hpp"
#include "ffp8/format.hpp"
#include "ffp8/mac_unit.hpp"
#include "ffp8/slots.hpp"

namespace ffp8::hw {

enum class Mode { static_formats, runtime_formats };

std::string_view mode_name(Mode m);  // "static" or "runtime"
// Throws std::invalid_argument naming --mode for anything but "static" and "runtime".
Mode parse_mode(std::string_view name);

// The default top name for a lane count: ffp8_mac, or ffp8_dot for lanes > 1.
std::string default_top(int lanes);

struct UnitConfig {
    static constexpr int max_stages = 8;

    Format act = Format::parse("ue4m4");  // activation format A (fp32: the baseline's operand)
    Format wgt = Format::parse("se4m3");  // weight format W
    std::optional<Format> out;            // output format O: the encoder stage and port q
    Mode mode = Mode::static_formats;     // runtime: the formats are ports, sampled with the operation
    int stages = 0;                       // pipeline registers before the accumulate stage
    // Where those registers go, by cut point (cut_point_names()): one stage after each point named
    // (a point may repeat: "inputs" twice delays the inputs twice). Empty: the --stages table
    // (hw/README.md). Set, stages == cuts.size().
    std::vector<std::string> cuts;
    // --stages auto: the stages (and, when the loop needs them, the slots) are chosen by the
    // synthesis flow's planner (synth::plan_pipeline) for clock_ns on a target; it sets cuts,
    // stages and slots and clears this. A unit is generated only once planned.
    bool auto_stages = false;
    std::optional<double> clock_ns;  // the clock the pipeline was planned for (--stages auto)
    std::string planned_on;          // and the target it was planned on (a library name, "ice40-hx8k")
    // The first of the stages registers the inputs (the rest split the logic as usual): every path
    // then starts at a flop, which event-driven simulators evaluate once per clock edge.
    bool input_stage = false;
    // Products per operation: 1 is the MAC; 2, 4, 8, 16 the fused dot-product unit
    // (acc <- round_fp32(acc + sum_k a[k] * w[k]), a and w lanes * lane width bits wide; static or runtime formats).
    int lanes = 1;
    // Interleaved accumulators (SPEC section 8): 1, 2, 4, 8. With L > 1 a `slot` port picks the
    // accumulator and the loop takes accumulate_loop_cycles(L) cycles, cut inside the adder.
    int slots = 1;
    std::string top;  // top module name; empty: default_top(lanes)

    bool runtime() const { return mode == Mode::runtime_formats; }
    bool is_dot() const { return lanes > 1; }
    // Bits per lane (SPEC sections 5 and 6): a static unit's n_A and n_W (32 for fp32), 8 at runtime.
    int act_lane_bits() const { return runtime() ? 8 : act.width(); }
    int wgt_lane_bits() const { return runtime() ? 8 : wgt.width(); }
    bool is_baseline() const { return act.is_fp32 && wgt.is_fp32; }
    std::string top_name() const { return top.empty() ? default_top(lanes) : top; }
    // The unit's cut points in pipeline order: the MAC's inputs, unpack, product_info, mul_rows
    // (inside the multiplier tree, at four carry-save rows), mul_tree, mul_cpa; the dot-product
    // unit's inputs, decoders, lanes, dot_rows (inside the lanes' tree), dot_tree, dot_cpa, position
    // for position the MAC's counterparts (a stage after mul_cpa / dot_cpa is the one before the
    // accumulate loop).
    const std::vector<std::string>& cut_point_names() const;
    // The cut points of the stages, as indices into cut_point_names(), in pipeline order.
    std::vector<int> cut_indices() const;
    // Their names, in the same order (explicit cuts or the --stages table's).
    std::vector<std::string> stage_points() const;
    // A cut point inside a block (mul_rows, dot_rows: in a carry-save tree), not between two.
    bool cuts_inside_a_block(const std::string& point) const;
    // `cuts` in pipeline order (as given when a name is unknown: validate() reports it).
    std::vector<std::string> canonical_cuts() const;
    // Cycles from an operation's entry to its result at the ports (SPEC section 5's L).
    int latency() const { return stages + loop_cycles() + (out ? 1 : 0); }
    // Cycles of the accumulate loop.
    int loop_cycles() const { return accumulate_loop_cycles(slots); }

    // Throws std::invalid_argument (or FormatError) with one line naming the offending option.
    void validate() const;

    // The `ffp8 gen` options that rebuild this unit, in canonical order, as (option, value) pairs;
    // a flag's value is empty, and options at a value that needs no saying are left out
    // (--out unset, --input-stage off, --lanes 1, --slots 1). Explicit cuts are --cuts (rebuilding
    // a planned unit without its planner); an unplanned --stages auto is --stages auto --clock NS.
    std::vector<std::pair<std::string, std::string>> options() const;
    // Those options as one line: "--act ue4m4b7 --wgt se4m3b7 --mode static --stages 0 --top ffp8_mac".
    std::string text() const;
    // For reports: "ue4m4b7 x se4m3b7, static, 0 stages[ (input stage)][, out se4m3b7][, 8 lanes][, 4 slots][, for 5 ns]".
    std::string label() const;
    // For file names and table rows: "static-s0-ue4m4b7-se4m3b7[-i][-c134][-q-se4m3b7][-k8][-l4]" (-c: the
    // cut indices of explicit cuts).
    std::string id() const;

    // The flat form of reports and activity files: {act, wgt, out (null without O), mode, stages,
    // lanes, and input_stage, slots, cuts, auto_stages, clock_ns and planned_on when set}; the top name is
    // not part of it.
    nlohmann::json to_json() const;
    // Reads to_json()'s form, each field's type and range checked (JsonError naming the key);
    // absent lanes, slots and input_stage mean 1, 1 and off (older files).
    static UnitConfig from_json(const nlohmann::json& j);

    // The configuration fields of a generated design's manifest.json (top, mode, stages, cuts,
    // input_stage, lanes, slots, formats, baseline, options; clock_ns and target when planned).
    void write_manifest(nlohmann::json& manifest) const;
    // Reads them back, each field's type and range checked; throws JsonError (checked_json.hpp)
    // naming the key.
    static UnitConfig from_manifest(const nlohmann::json& manifest);

    // The golden cycle models of this unit for an operand format pair (a runtime unit's pair under
    // test; a static unit's own formats).
    MacUnitConfig golden_mac(const Format& act_format, const Format& wgt_format) const;
    DotUnitConfig golden_dot(const Format& act_format, const Format& wgt_format) const;

    // The classical FP32 MAC this unit is compared with: binary32 operands, the same stages and
    // input stage and slots (explicit cuts at the same positions; --stages auto: planned on its
    // own for the same clock), static, one lane, no encoder (format modes do not apply to binary32 operands
    // and the output encoder is an FFP8 block: both count as FFP8 overhead), top ffp8_mac.
    UnitConfig fp32_baseline() const;

    friend bool operator==(const UnitConfig&, const UnitConfig&) = default;
};

}  // namespace ffp8::hw
