// The Yosys script, ABC constraints and OpenSTA script of the flow. The FFP8 MAC and the
// baseline get the very same script; only the top, the file list and the blocks differ.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ffp8/synth/liberty_cells.hpp"

namespace ffp8::synth {

// Files the scripts write into the work folder (the flow reads them back).
inline constexpr const char* generic_stat_file = "generic_stat.log";
inline constexpr const char* generic_ltp_file = "generic_ltp.log";
inline constexpr const char* liberty_stat_file = "liberty_stat.log";
inline constexpr const char* netlist_file = "netlist.v";
inline constexpr const char* abc_constr_file = "abc.constr";

struct YosysScriptInputs {
    std::vector<std::string> verilog_files;  // relative to the work folder
    std::string top;
    std::vector<std::string> kept_modules;   // synthesized as their own modules (area breakdown)
    std::filesystem::path liberty;           // plain .lib
    double clock_ns = 10;                    // ABC delay target
};

// 1. synth -flatten (kept modules stay separate); 2. generic: flatten fully, abc -g to simple
// gates, stat + ltp -noff; 3. Liberty: dfflibmap, abc -D <clock> -constr (buffering and
// sizing against the driving cell and load), stat -liberty per module; 4. a flat netlist in
// the form Debian's OpenSTA reads.
std::string yosys_script(const YosysScriptInputs& in);

// ABC's constraint file: the driving cell of inputs and the load (fF) on outputs.
std::string abc_constraints(const DrivingCell& drive);

struct StaScriptInputs {
    std::filesystem::path liberty;
    std::string top;
    std::string clock_port = "clk";
    double clock_ns = 10;
    DrivingCell drive;
};

// Reads the netlist, clocks it, constrains inputs (zero delay, driven by the driving cell) and
// outputs (FO4 load), and reports the worst path into a register (reg-to-reg or in-to-reg).
std::string sta_script(const StaScriptInputs& in);

}  // namespace ffp8::synth
