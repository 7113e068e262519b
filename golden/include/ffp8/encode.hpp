// binary32 -> FFP8 code (SPEC section 2).
#pragma once

#include <cstdint>

#include "ffp8/flags.hpp"
#include "ffp8/format.hpp"
#include "ffp8/rounding.hpp"

namespace ffp8 {

struct EncodeResult {
    uint8_t code;
    Flags flags;
    friend bool operator==(const EncodeResult&, const EncodeResult&) = default;
};

// `saturate` is ignored by `finite` formats, which always saturate.
EncodeResult encode(const Format& f, uint32_t binary32, Rounding mode = Rounding::rne,
                    bool saturate = true);

}  // namespace ffp8
