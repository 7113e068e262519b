// Rounding modes of the encoder (SPEC section 2).
#pragma once

#include <cstdint>
#include <string_view>

namespace ffp8 {

enum class Rounding : uint8_t { rne, rna, rtz, rdn, rup };

inline constexpr Rounding all_roundings[] = {Rounding::rne, Rounding::rna, Rounding::rtz,
                                             Rounding::rdn, Rounding::rup};

std::string_view to_string(Rounding r);
// Throws FormatError listing the accepted names.
Rounding parse_rounding(std::string_view name);

}  // namespace ffp8
