// Interleaved accumulators (SPEC section 8): a unit with L slots keeps L binary32 accumulators,
// each operation names the one it reads and writes, and the accumulate loop may take up to L
// cycles. The rule that makes this safe: an operation on slot s enters at least L cycles after the
// previous operation on s (round-robin slots, one operation a cycle, always obey it).
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace ffp8 {

constexpr int kMaxSlots = 8;

// L = 1, 2, 4, 8.
constexpr bool slots_supported(int slots) { return slots == 1 || slots == 2 || slots == 4 || slots == 8; }

// Cycles the accumulate loop of an L-slot unit takes (the register cuts inside it plus one): 1, 2,
// 4, 5. The loop has four parts (alignment, addition, normalisation, rounding); with 8 slots the
// alignment is cut once more, between the exponent difference and the shifter, its longest part.
constexpr int accumulate_loop_cycles(int slots) { return slots >= 8 ? 5 : slots >= 4 ? 4 : slots; }

// Bits of the slot port: ceil(log2 L), 0 for one slot.
constexpr int slot_bits(int slots) { return slots >= 8 ? 3 : slots >= 4 ? 2 : slots >= 2 ? 1 : 0; }

// An operation that entered too soon after the previous one on its slot.
struct SlotScheduleError : std::runtime_error {
    SlotScheduleError(uint64_t cycle, int slot, uint64_t gap, int slots);
    uint64_t cycle;  // when it entered (0-based)
    int slot;
    uint64_t gap;    // cycles since the previous operation on the slot entered (< slots)
    int slots;
    // The rule broken by a line of a batch input, one line a cycle (the caller names the line):
    // "slot 6 was used 2 lines before; with 8 slots a slot is used again 8 lines later at the
    // earliest (one line is one cycle)".
    std::string line_message() const;
};

// The rule, checked as operations enter.
class SlotSchedule {
public:
    // Throws std::invalid_argument unless slots_supported(slots).
    explicit SlotSchedule(int slots);

    // An operation on `slot` enters at `cycle` (cycles increase from call to call). Throws
    // SlotScheduleError when it breaks the rule, std::invalid_argument for a slot outside [0, L).
    void enter(int slot, uint64_t cycle) {
        if (slots_ == 1) return;
        if (slot < 0 || slot >= slots_) throw_bad_slot(slot);
        auto& last = last_entry_[static_cast<std::size_t>(slot)];
        if (last != 0 && cycle + 1 - last < static_cast<uint64_t>(slots_))
            throw SlotScheduleError(cycle, slot, cycle + 1 - last, slots_);
        last = cycle + 1;
    }
    // Forgets every slot's last operation (a reset empties the loop).
    void clear() { last_entry_.fill(0); }
    int slots() const { return slots_; }

private:
    [[noreturn]] void throw_bad_slot(int slot) const;

    int slots_;
    std::array<uint64_t, kMaxSlots> last_entry_{};  // cycle + 1 of the slot's last operation; 0: none
};

}  // namespace ffp8
