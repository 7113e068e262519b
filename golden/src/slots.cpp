#include "ffp8/slots.hpp"

#include <string>

namespace ffp8 {

namespace {
std::string schedule_message(uint64_t cycle, int slot, uint64_t gap, int slots) {
    return "cycle " + std::to_string(cycle) + ": an operation on slot " + std::to_string(slot) + " entered " +
           std::to_string(gap) + (gap == 1 ? " cycle" : " cycles") + " after the previous one on that slot; with " +
           std::to_string(slots) + " slots the gap must be at least " + std::to_string(slots) + " cycles";
}
}  // namespace

SlotScheduleError::SlotScheduleError(uint64_t cycle_, int slot_, uint64_t gap_, int slots_)
    : std::runtime_error(schedule_message(cycle_, slot_, gap_, slots_)), cycle(cycle_), slot(slot_), gap(gap_),
      slots(slots_) {}

std::string SlotScheduleError::line_message() const {
    return "slot " + std::to_string(slot) + " was used " + std::to_string(gap) + (gap == 1 ? " line" : " lines") +
           " before; with " + std::to_string(slots) + " slots a slot is used again " + std::to_string(slots) +
           " lines later at the earliest (one line is one cycle)";
}

SlotSchedule::SlotSchedule(int slots) : slots_(slots) {
    if (!slots_supported(slots))
        throw std::invalid_argument("unsupported slot count " + std::to_string(slots) + ": expected 1, 2, 4 or 8");
}

void SlotSchedule::throw_bad_slot(int slot) const {
    throw std::invalid_argument("slot " + std::to_string(slot) + " out of range: a unit with " + std::to_string(slots_) +
                                " slots has slots 0 to " + std::to_string(slots_ - 1));
}

}  // namespace ffp8
