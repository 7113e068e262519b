// How the random stimulus picks the slot of each operation of a unit with interleaved
// accumulators (slot_stimulus.hpp says what each order does).
#pragma once

#include <string>

namespace ffp8::sim {

enum class SlotOrder { round_robin, random, mixed };

std::string to_string(SlotOrder o);
// "round-robin", "random" or "mixed"; throws std::runtime_error naming the value otherwise.
SlotOrder parse_slot_order(const std::string& name);

}  // namespace ffp8::sim
