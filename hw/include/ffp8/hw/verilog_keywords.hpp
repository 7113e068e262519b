// The reserved words of Verilog-2005 (IEEE 1364-2005 Annex B) and SystemVerilog (IEEE 1800-2017
// Annex B, a superset): none may name a generated module, or a tool reading the design as
// SystemVerilog (Verilator, Yosys -sv) would refuse it.
#pragma once

#include <span>
#include <string_view>

namespace ffp8::hw {

// The keywords of IEEE 1364-2005, in alphabetical order.
std::span<const std::string_view> verilog_2005_keywords();
// The 248 keywords of IEEE 1800-2017, in alphabetical order (every Verilog-2005 keyword among them).
std::span<const std::string_view> systemverilog_2017_keywords();

// A keyword of either language (case-sensitive, as both languages are).
bool is_verilog_keyword(std::string_view name);

}  // namespace ffp8::hw
