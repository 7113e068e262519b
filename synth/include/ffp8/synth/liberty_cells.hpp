// The few facts of a Liberty library the flow needs: its name, units, and a small inverter to
// model the drive of the inputs and the load of the outputs (ABC buffering and OpenSTA).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ffp8::synth {

struct LibertyPin {
    std::string name;
    std::string direction;  // input, output, inout, internal
    double capacitance = 0;  // library capacitance units
    std::string function;
};

struct LibertyCell {
    std::string name;
    double area = 0;
    bool dont_use = false;
    std::vector<LibertyPin> pins;
    std::size_t body_offset = 0;  // offset in the text just after the cell group's '{'
};

struct LibertySummary {
    std::string name;
    double time_unit_ns = 1;    // one library time unit in ns
    double cap_unit_pf = 1;     // one library capacitance unit in pF
    std::vector<LibertyCell> cells;
};

// The cell that drives every input and whose FO4 input load sits on every output.
struct DrivingCell {
    std::string cell;
    std::string input_pin;
    std::string output_pin;
    double input_cap_pf = 0;
    double load_pf() const { return 4 * input_cap_pf; }  // fan-out of four
};

// Scans Liberty text. Throws ToolOutputError when it has no library group or no cells.
LibertySummary scan_liberty(std::string_view text);

// The smallest-area usable inverter that is not a clock cell (ties: the name that sorts first). Throws ToolOutputError
// when the library has none.
DrivingCell pick_driving_cell(const LibertySummary& lib);

}  // namespace ffp8::synth
