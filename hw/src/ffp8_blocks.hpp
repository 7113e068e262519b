// The FFP8-specific logic of the MAC: operand decoders (static or runtime format) that take the
// place of the classical FMA's binary32 operand unpack, the format legality check of runtime
// mode, and the output encoder. Everything else is the classical binary32 FMA.
#pragma once

#include <string>

#include "ffp8/format.hpp"
#include "ffp8/hw/netlist.hpp"

namespace ffp8::hw::blocks {

// code[7:0] -> the unpacked operand of fma_unpack (sign, exp_n, sig_n, class bits) with the value
// of golden decode(f, code); constants folded into the logic. sig_n is not normalised: a
// subnormal code keeps its leading zeros (at most 7), which the FMA core allows.
rtl::Module static_unpack(const std::string& name, const Format& f);

// The same from code[7:0] (an n-bit code in its low bits) + fmt_signed, fmt_exp_bits[3:0], fmt_frac_bits[2:0],
// fmt_bias[8:0], fmt_policy[1:0], fmt_ok.
// An illegal format (fmt_ok = 0) unpacks every code to a (quiet) NaN.
rtl::Module runtime_unpack(const std::string& name);

// fmt_signed, fmt_exp_bits, fmt_frac_bits, fmt_bias, fmt_policy -> ok: the SPEC section 1 legality rules.
rtl::Module format_check(const std::string& name);

// x[31:0] -> code[7:0] = encode(f, x, rne, saturate).
rtl::Module static_encoder(const std::string& name, const Format& f);

}  // namespace ffp8::hw::blocks
