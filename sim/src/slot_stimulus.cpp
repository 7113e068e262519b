#include "ffp8/sim/slot_stimulus.hpp"

#include <stdexcept>

#include "ffp8/quoted_text.hpp"

namespace ffp8::sim {

std::string to_string(SlotOrder o) {
    switch (o) {
        case SlotOrder::round_robin: return "round-robin";
        case SlotOrder::random: return "random";
        case SlotOrder::mixed: break;
    }
    return "mixed";
}

SlotOrder parse_slot_order(const std::string& name) {
    if (name == "round-robin") return SlotOrder::round_robin;
    if (name == "random") return SlotOrder::random;
    if (name == "mixed") return SlotOrder::mixed;
    throw std::runtime_error("unknown slot order " + quoted_text(name) + " (expected round-robin, random or mixed)");
}

SlotAssigner::SlotAssigner(int slots, SlotOrder order, uint64_t seed)
    : slots_(slots), order_(order), rng_(seed ^ 0x736C6F7473ull), random_now_(order == SlotOrder::random) {
    if (!slots_supported(slots) || slots == 1) throw std::invalid_argument("SlotAssigner needs 2, 4 or 8 slots");
}

void SlotAssigner::assign(CycleInput& in) {
    const uint64_t now = ++cycle_;  // cycle + 1, as last_ counts
    if (!enters(in)) {
        in.slot = static_cast<uint8_t>(rng_() % static_cast<uint64_t>(slots_));
        return;
    }
    if (order_ == SlotOrder::mixed && stretch_left_-- == 0) {
        random_now_ = !random_now_;
        stretch_left_ = 64 + rng_() % 4096;
    }
    const int slot = random_now_ ? pick() : least_recently_used();
    last_[static_cast<std::size_t>(slot)] = now;
    in.slot = static_cast<uint8_t>(slot);
}

// Round-robin that survives a stretch of random slots: the slot unused the longest (the lowest of
// the never-used ones), 0, 1, .., L-1, 0, .. from a reset. Always legal: the other L - 1 slots were
// used after it, in L - 1 different cycles.
int SlotAssigner::least_recently_used() const {
    int best = 0;
    for (int s = 1; s < slots_; ++s)
        if (last_[static_cast<std::size_t>(s)] < last_[static_cast<std::size_t>(best)]) best = s;
    return best;
}

// A slot the rule allows now: unused in the last L - 1 cycles. One always exists: at most L - 1
// operations entered in those cycles.
int SlotAssigner::pick() {
    const uint64_t now = cycle_, L = static_cast<uint64_t>(slots_);
    const auto legal = [&](int s) {
        const uint64_t last = last_[static_cast<std::size_t>(s)];
        return last == 0 || now - last >= L;
    };
    const uint64_t r = rng_();
    if (r & 1u)
        for (int s = 0; s < slots_; ++s)
            if (last_[static_cast<std::size_t>(s)] != 0 && now - last_[static_cast<std::size_t>(s)] == L) return s;
    int candidates[kMaxSlots], n = 0;
    for (int s = 0; s < slots_; ++s)
        if (legal(s)) candidates[n++] = s;
    if (n == 0) throw std::logic_error("SlotAssigner: no legal slot");
    return candidates[(r >> 1) % static_cast<uint64_t>(n)];
}

}  // namespace ffp8::sim
