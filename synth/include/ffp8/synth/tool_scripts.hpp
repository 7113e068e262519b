// The Yosys scripts, ABC constraints and OpenSTA script of the flow. The FFP8 MAC and the
// baseline get the very same scripts; only the top, the file list and the blocks differ.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ffp8/synth/abc_script.hpp"
#include "ffp8/synth/liberty_cells.hpp"

namespace ffp8::synth {

// Files the scripts write into the work folder (the flow reads them back).
inline constexpr const char* generic_stat_file = "generic_stat.log";
inline constexpr const char* generic_ltp_file = "generic_ltp.log";
inline constexpr const char* liberty_stat_file = "liberty_stat.log";
inline constexpr const char* netlist_file = "netlist.v";
inline constexpr const char* abc_constr_file = "abc.constr";
inline constexpr const char* abc_delay_script_file = "abc_delay.abc";

// Technology independent view of the whole design: fully flattened, mapped to simple gates
// (`abc -g`), then `stat` and `ltp -noff` (the logic depth in gates between registers/ports).
std::string generic_script(const std::vector<std::string>& verilog_files, const std::string& top);

// The pipeline registers of a flattened design, marked so the timing report can find them: the
// top's stage k registers (driving wires named *_q<k>, k = 1..stages, but loop_*_q<k>) and the
// loop's cut k registers (the loop module's *_q<k> and the top's loop_*_q<k>, k = 1..loop_cycles - 1). Marks are source attributes, the one attribute
// that Yosys's mapping passes on to the Liberty flip-flops.
struct StageMarks {
    std::string top;
    int stages = 0;
    std::string loop_module;
    int loop_cycles = 1;
    // The loop's last registers (the accumulators and flags, in the top) marked loop_end_mark too:
    // for a flow that finds registers by their marks alone (iCE40).
    bool loop_end = false;
    bool any() const { return stages > 0 || (!loop_module.empty() && loop_cycles > 1); }
};

// The Yosys commands that mark the registers (`proc`, then one `setattr` per mark); empty
// without marks. A mark is found in a flattened cell's src by a glob around it.
std::string stage_mark_commands(const StageMarks& marks);
std::string stage_mark(int stage);   // "ffp8_stage_3_"
std::string loop_cut_mark(int cut);  // "ffp8_loop_cut_2_"
inline constexpr const char* loop_end_mark = "ffp8_loop_end_";

// The iCE40 synthesis: `synth_ice40` (with -dsp on parts with SB_MAC16) of the flattened design,
// its netlist to ice40_json_file and `stat` to ice40_stat_file; `marks`: registers marked first.
inline constexpr const char* ice40_json_file = "ice40.json";
inline constexpr const char* ice40_stat_file = "ice40_stat.log";
std::string ice40_script(const std::vector<std::string>& verilog_files, const std::string& top, bool dsp,
                         const StageMarks& marks = {});

// One unit of the Liberty mapping: `module` with everything below it flattened except the
// `blackboxes` (kept modules mapped by their own run), then dfflibmap and
// `abc -D <clock> -constr` (buffering and sizing against the driving cell and load) with
// Yosys's default ABC script, or with `abc_delay_script_file` (the work folder holds
// `delay_abc_commands(clock)` there); writes only `module`, as RTLIL, to `mapped_file`. Every
// unit gets the very same script.
// `marks` (a flat unit only): the pipeline registers marked before the mapping.
std::string map_script(const std::vector<std::string>& verilog_files, const std::string& module,
                       const std::vector<std::string>& blackboxes, const std::filesystem::path& liberty,
                       double clock_ns, AbcScript abc, const std::string& mapped_file, const StageMarks& marks = {});

// Joins the mapped units: `stat -liberty` per module and for the hierarchy, then a
// hierarchical netlist in the form Debian's OpenSTA 2.0 reads.
// `loop_module` (may be empty): the cells that module's source made, its registers among them, are
// renamed loop_register_prefix + N, so OpenSTA can find the accumulate loop's registers in a
// flattened netlist too.
// `marks`: the marked registers renamed stage_register_prefix(k) + N and loop_cut_register_prefix(k) + N.
std::string assemble_script(const std::vector<std::string>& mapped_files, const std::string& top,
                            const std::filesystem::path& liberty, const std::string& loop_module = "",
                            const StageMarks& marks = {});

constexpr const char* loop_register_prefix = "ffp8_loop_cell_";
std::string stage_register_prefix(int stage);   // "ffp8_stage3_cell_"
std::string loop_cut_register_prefix(int cut);  // "ffp8_loop_cell_c2_": a loop cell too
// The lines before sta_script's per-stage reports: "ffp8: stage 3", "ffp8: loop cut 2".
std::string stage_report_marker(int stage);
std::string loop_cut_report_marker(int cut);
// The line between sta_script's two reports (the second, with a loop: its worst stage).
constexpr const char* loop_report_marker = "ffp8: accumulate loop";

// ABC's constraint file: the driving cell of inputs and the load (fF) on outputs.
std::string abc_constraints(const DrivingCell& drive);

struct StaScriptInputs {
    std::filesystem::path liberty;
    std::string top;
    std::string clock_port = "clk";
    double clock_ns = 10;
    DrivingCell drive;
    // Also report the accumulate loop's longest stage: the worst path from any register into a
    // loop register (a register of the loop module, renamed by assemble_script, or an accumulator:
    // acc, acc_q, acc_slot<k>), after loop_report_marker.
    bool loop_report = false;
    // Also the worst path into each marked stage's registers, and into each loop cut's (the last
    // cut: the accumulators and flags), after their markers; a stage without registers reports
    // "No paths found".
    StageMarks marks;
};

// Reads the netlist, clocks it, constrains inputs (zero delay, driven by the driving cell) and
// outputs (FO4 load), and reports the worst path into a register (reg-to-reg or in-to-reg), then
// with loop_report the loop's worst stage.
std::string sta_script(const StaScriptInputs& in);

}  // namespace ffp8::synth
