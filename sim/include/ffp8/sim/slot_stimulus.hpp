// The slots of an interleaved-accumulator unit's operations (SPEC section 8), chosen as the
// stimulus goes so that every schedule obeys the rule (a slot is used again L cycles later at the
// earliest) and the RTL's loop is driven as hard as the rule allows:
//   round-robin  0, 1, .., L-1, 0, .. over the entering operations (the least recently used slot):
//                every slot at the tightest legal distance when one operation enters a cycle;
//   random       a legal slot drawn each operation, half the time the one used exactly L cycles
//                before (when there is one), otherwise any slot the rule allows;
//   mixed        the two alternating in stretches of 64 to 4,159 operations (the default).
// Idle cycles get a random slot, which the RTL must ignore.
#pragma once

#include <array>
#include <cstdint>

#include "ffp8/sim/ports.hpp"
#include "ffp8/sim/slot_order.hpp"
#include "ffp8/sim/stimulus.hpp"
#include "ffp8/slots.hpp"

namespace ffp8::sim {

class SlotAssigner {
public:
    // slots: L > 1 (slots_supported).
    SlotAssigner(int slots, SlotOrder order, uint64_t seed);

    // Sets in.slot for this cycle's inputs (called once per cycle, in order).
    void assign(CycleInput& in);

private:
    int pick();
    int least_recently_used() const;

    int slots_;
    SlotOrder order_;
    FastRng rng_;
    bool random_now_ = false;  // mixed: the current stretch
    uint64_t stretch_left_ = 0;
    uint64_t cycle_ = 0;
    std::array<uint64_t, kMaxSlots> last_{};  // cycle + 1 of each slot's last operation; 0: none
};

}  // namespace ffp8::sim
