// Parser of the Yosys 0.23 `ltp` report: "Longest topological path in TOP (length=N):".
// With `ltp -noff` on a netlist of generic gates, N is the logic depth in gates between
// flip-flops and ports.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace ffp8::synth {

// Module name -> longest path length. Throws ToolOutputError when there is no such line.
std::map<std::string, int> parse_yosys_ltp(std::string_view text);

}  // namespace ffp8::synth
