// The FFP8-specific logic of the MAC: operand decoders (static or runtime format), the format
// legality check of runtime mode, and the output encoder. Everything else is the classical FMA.
#pragma once

#include <string>

#include "ffp8/format.hpp"
#include "ffp8/hw/netlist.hpp"

namespace ffp8::hw::blocks {

// code[7:0] -> bits[31:0], exactly golden decode(f, code); constants folded into the logic.
rtl::Module static_decoder(const std::string& name, const Format& f);

// code[7:0] + fmt_signed, fmt_exp_bits[3:0], fmt_bias[8:0], fmt_policy[1:0], fmt_ok -> bits[31:0].
// An illegal format (fmt_ok = 0) decodes every code to the canonical NaN 0x7FC00000.
rtl::Module runtime_decoder(const std::string& name);

// fmt_signed, fmt_exp_bits, fmt_bias, fmt_policy -> ok: the SPEC section 1 legality rules.
rtl::Module format_check(const std::string& name);

// x[31:0] -> code[7:0] = encode(f, x, rne, saturate).
rtl::Module static_encoder(const std::string& name, const Format& f);

}  // namespace ffp8::hw::blocks
