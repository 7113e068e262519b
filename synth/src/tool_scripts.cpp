#include "ffp8/synth/tool_scripts.hpp"

#include <cmath>
#include <fmt/format.h>

namespace ffp8::synth {

namespace {
// Yosys and Tcl both take double-quoted paths; the flow never creates paths with quotes.
std::string in_quotes(const std::filesystem::path& p) { return fmt::format("\"{}\"", p.string()); }
}  // namespace

std::string generic_script(const std::vector<std::string>& verilog_files, const std::string& top) {
    std::string s = "# ffp8 synthesis flow: technology independent gate count and depth\n";
    for (const auto& f : verilog_files) s += fmt::format("read_verilog {}\n", in_quotes(f));
    s += fmt::format("hierarchy -check -top {}\n", top);
    s += fmt::format("synth -flatten -top {}\n", top);
    s += "abc -g AND,NAND,OR,NOR,XOR,XNOR,ANDNOT,ORNOT,MUX\n";
    s += "opt_clean\n";
    s += fmt::format("tee -o {} stat\n", generic_stat_file);
    s += fmt::format("tee -o {} ltp -noff\n", generic_ltp_file);
    return s;
}

std::string stage_register_prefix(int stage) { return fmt::format("ffp8_stage{}_cell_", stage); }
std::string loop_cut_register_prefix(int cut) { return fmt::format("{}c{}_", loop_register_prefix, cut); }
std::string stage_report_marker(int stage) { return fmt::format("ffp8: stage {}", stage); }
std::string loop_cut_report_marker(int cut) { return fmt::format("ffp8: loop cut {}", cut); }

// Flattening adds the instance's source to a cell's (`a|b`), so a mark is found by a glob around
// it: the trailing _ keeps stage 1 from matching stage 10.
namespace {
// The nets the accumulate loop's last registers drive (the accumulators and flags, in the top);
// `numbered`: one per slot, <name><k>.
struct LoopEndNet {
    const char* name;
    bool numbered;
};
constexpr LoopEndNet loop_end_nets[] = {{"acc", false}, {"acc_q", false}, {"acc_slot", true}, {"flags", false}, {"flags_q", false}};
}  // namespace

std::string stage_mark(int stage) { return fmt::format("ffp8_stage_{}_", stage); }
std::string loop_cut_mark(int cut) { return fmt::format("ffp8_loop_cut_{}_", cut); }

std::string stage_mark_commands(const StageMarks& marks) {
    if (!marks.any()) return {};
    // Before flattening, while a register still drives the wire its generator named.
    std::string s = "proc\n";
    for (int k = 1; k <= marks.stages; ++k)
        s += fmt::format("setattr -set src \"{0}\" {1}/w:*_q{2} {1}/w:loop_*_q{2} %d %ci1:+[Q] t:$dff %i\n", stage_mark(k),
                         marks.top, k);
    // The loop's cuts: its module's registers and the top's valid and slot beside them.
    for (int k = 1; !marks.loop_module.empty() && k < marks.loop_cycles; ++k)
        s += fmt::format("setattr -set src \"{}\" {}/w:*_q{} {}/w:loop_*_q{} %u %ci1:+[Q] t:$dff %i\n", loop_cut_mark(k),
                         marks.loop_module, k, marks.top, k);
    if (marks.loop_end && !marks.loop_module.empty()) {
        std::string nets;
        for (const auto& n : loop_end_nets)
            nets += fmt::format("{}{}/w:{}{}", nets.empty() ? "" : " ", marks.top, n.name, n.numbered ? "*" : "") +
                    (nets.empty() ? "" : " %u");
        s += fmt::format("setattr -set src \"{}\" {} %ci1:+[Q] t:$dff %i\n", loop_end_mark, nets);
    }
    return s;
}

std::string ice40_script(const std::vector<std::string>& verilog_files, const std::string& top, bool dsp,
                         const StageMarks& marks) {
    std::string s = "# ffp8 FPGA flow: iCE40 synthesis\n";
    for (const auto& f : verilog_files) s += fmt::format("read_verilog {}\n", in_quotes(f));
    s += fmt::format("hierarchy -check -top {}\n", top);
    s += stage_mark_commands(marks);
    s += fmt::format("synth_ice40 -top {}{} -json {}\n", top, dsp ? " -dsp" : "", ice40_json_file);
    s += fmt::format("tee -o {} stat\n", ice40_stat_file);
    return s;
}

std::string map_script(const std::vector<std::string>& verilog_files, const std::string& module,
                       const std::vector<std::string>& blackboxes, const std::filesystem::path& liberty,
                       double clock_ns, AbcScript abc, const std::string& mapped_file, const StageMarks& marks) {
    const std::string lib = in_quotes(liberty);
    std::string s = fmt::format("# ffp8 synthesis flow: Liberty mapping of module {}\n", module);
    for (const auto& f : verilog_files) s += fmt::format("read_verilog {}\n", in_quotes(f));
    for (const auto& b : blackboxes) s += fmt::format("blackbox {}\n", b);
    s += fmt::format("hierarchy -check -top {}\n", module);
    s += stage_mark_commands(marks);
    s += fmt::format("synth -flatten -top {}\n", module);
    s += fmt::format("dfflibmap -liberty {}\n", lib);
    s += fmt::format("abc -D {} -constr {} -liberty {}{}\n", std::lround(clock_ns * 1000), abc_constr_file, lib,
                     abc == AbcScript::delay ? fmt::format(" -script {}", abc_delay_script_file) : "");
    s += "opt_clean\n";
    s += fmt::format("select {}\n", module);
    s += fmt::format("write_rtlil -selected {}\n", in_quotes(mapped_file));
    return s;
}

std::string assemble_script(const std::vector<std::string>& mapped_files, const std::string& top,
                            const std::filesystem::path& liberty, const std::string& loop_module, const StageMarks& marks) {
    const std::string lib = in_quotes(liberty);
    std::string s = "# ffp8 synthesis flow: the mapped modules joined, area, and the netlist for OpenSTA\n";
    s += fmt::format("read_liberty -lib {}\n", lib);
    for (const auto& f : mapped_files) s += fmt::format("read_rtlil {}\n", in_quotes(f));
    s += fmt::format("hierarchy -check -top {}\n", top);
    s += fmt::format("tee -o {} stat -liberty {}\n", liberty_stat_file, lib);
    // Hierarchical: OpenSTA names pins `instance/cell/pin`, so the critical path shows which
    // block each step of it is in.
    if (!loop_module.empty())  // flattened or not, a cell keeps the source lines it came from
        s += fmt::format("rename -enumerate -pattern {}% t:* a:src=*{}.v:* %i\n", loop_register_prefix, loop_module);
    for (int k = 1; k <= marks.stages; ++k)
        s += fmt::format("rename -enumerate -pattern {}% t:* a:src=*{}* %i\n", stage_register_prefix(k), stage_mark(k));
    for (int k = 1; !marks.loop_module.empty() && k < marks.loop_cycles; ++k)
        s += fmt::format("rename -enumerate -pattern {}% t:* a:src=*{}* %i\n", loop_cut_register_prefix(k), loop_cut_mark(k));
    s += "setundef -zero\n";
    // Single-bit nets before the clean-up, so no concatenated `assign {...}` (which OpenSTA 2.0
    // cannot read) survives where module boundaries left constant or aliased nets.
    s += "splitnets -ports\n";
    s += "opt_clean -purge\n";
    s += fmt::format("write_verilog -noattr -noexpr -nohex -nodec {}\n", netlist_file);
    return s;
}

std::string abc_constraints(const DrivingCell& drive) {
    return fmt::format("set_driving_cell {}\nset_load {:.4f}\n", drive.cell, drive.load_pf() * 1000);
}

namespace {
// The body of a `foreach reg [all_registers -cells]` loop: appends $reg to `list` when its output
// drives a net named by `names` (a Tcl regexp alternative, with or without a bit index).
std::string if_output_net_matches(const std::string& names, const std::string& list) {
    std::string s = "  foreach pin [get_pins -of_objects $reg] {\n";
    s += "    if {[get_property $pin direction] != \"output\"} continue\n";
    s += "    set net [get_nets -of_objects $pin]\n";
    s += fmt::format("    if {{$net != \"\" && [regexp {{^({})(\\[[0-9]+\\])?$}} [get_full_name $net]]}} {{\n", names);
    s += fmt::format("      lappend {} $reg\n      break\n    }}\n  }}\n}}\n", list);
    return s;
}
}  // namespace

std::string sta_script(const StaScriptInputs& in) {
    std::string s = "# ffp8 synthesis flow: worst setup path into a register\n";
    s += "set_cmd_units -time ns -capacitance pF\n";
    s += fmt::format("read_liberty {}\n", in_quotes(in.liberty));
    s += fmt::format("read_verilog {}\n", netlist_file);
    s += fmt::format("link_design {}\n", in.top);
    s += fmt::format("create_clock -name clk -period {:.4f} [get_ports {}]\n", in.clock_ns, in.clock_port);
    s += fmt::format("set data_inputs [delete_from_list [all_inputs] [get_ports {}]]\n", in.clock_port);
    s += "set_input_delay 0 -clock clk $data_inputs\n";
    s += fmt::format("set_driving_cell -lib_cell {} -pin {} $data_inputs\n", in.drive.cell, in.drive.output_pin);
    s += "set_output_delay 0 -clock clk [all_outputs]\n";
    s += fmt::format("set_load {:.6f} [all_outputs]\n", in.drive.load_pf());
    s += fmt::format("report_checks -path_delay max -to [all_registers -data_pins] -digits 4\n");
    if (in.loop_report) {
        s += fmt::format("puts \"{}\"\n", loop_report_marker);
        s += "set loop_registers {}\n";
        s += "foreach reg [all_registers -cells] {\n";
        s += fmt::format("  if {{[regexp {{(^|/){}(c[0-9]+_)?[0-9]+$}} [get_full_name $reg]]}} {{ lappend loop_registers $reg; continue }}\n",
                         loop_register_prefix);
        s += if_output_net_matches("acc|acc_q|acc_slot[0-9]+", "loop_registers");
        s += "report_checks -path_delay max -from [all_registers -clock_pins] -to $loop_registers -digits 4\n";
    }
    if (!in.marks.any()) return s;
    // Per stage: the worst path from anywhere (registers or inputs) into its registers.
    s += "proc ffp8_report_into {cells} {\n";
    s += "  if {[llength $cells] == 0} { puts \"No paths found.\"; return }\n";
    s += "  report_checks -path_delay max -to $cells -digits 4\n}\n";
    for (int k = 1; k <= in.marks.stages; ++k) {
        s += fmt::format("puts \"{}\"\n", stage_report_marker(k));
        s += fmt::format("ffp8_report_into [get_cells -quiet {}*]\n", stage_register_prefix(k));
    }
    for (int k = 1; !in.marks.loop_module.empty() && k < in.marks.loop_cycles; ++k) {
        s += fmt::format("puts \"{}\"\n", loop_cut_report_marker(k));
        s += fmt::format("ffp8_report_into [get_cells -quiet {}*]\n", loop_cut_register_prefix(k));
    }
    if (!in.marks.loop_module.empty()) {  // the last cut: the accumulators and flags
        s += fmt::format("puts \"{}\"\n", loop_cut_report_marker(in.marks.loop_cycles));
        s += "set loop_end {}\n";
        s += "foreach reg [all_registers -cells] {\n";
        std::string names;
        for (const auto& n : loop_end_nets) names += fmt::format("{}{}{}", names.empty() ? "" : "|", n.name, n.numbered ? "[0-9]+" : "");
        s += if_output_net_matches(names, "loop_end");
        s += "ffp8_report_into $loop_end\n";
    }
    return s;
}

}  // namespace ffp8::synth
