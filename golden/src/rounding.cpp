#include "ffp8/rounding.hpp"

#include <fmt/format.h>

#include "ffp8/format.hpp"
#include "ffp8/quoted_text.hpp"

namespace ffp8 {

std::string_view to_string(Rounding r) {
    switch (r) {
        case Rounding::rne: return "rne";
        case Rounding::rna: return "rna";
        case Rounding::rtz: return "rtz";
        case Rounding::rdn: return "rdn";
        case Rounding::rup: return "rup";
    }
    return "?";
}

Rounding parse_rounding(std::string_view name) {
    for (Rounding r : all_roundings)
        if (to_string(r) == name) return r;
    throw FormatError(fmt::format("unknown rounding mode {}: expected rne, rna, rtz, rdn or rup", quoted_text(name)));
}

}  // namespace ffp8
