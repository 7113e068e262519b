// The cycle inputs the golden cycle-model tests build again and again: an operation, an idle cycle,
// a reset.
#pragma once

#include <cstdint>

#include "ffp8/mac_unit.hpp"

namespace ffp8::test {

// An operation a * w entering (on `slot`, for a unit with slots).
inline MacInputs mac_operation(uint32_t a, uint32_t w, int slot = 0) {
    MacInputs in;
    in.in_valid = true;
    in.a = a;
    in.w = w;
    in.slot = slot;
    return in;
}

inline MacInputs mac_idle() { return MacInputs{}; }

inline MacInputs mac_reset() {
    MacInputs in;
    in.rst = true;
    return in;
}

}  // namespace ffp8::test
