#include "ffp8/sim/checker.hpp"

namespace ffp8::sim {

Mismatch Checker::mismatch() const {
    Mismatch m;
    m.cycle = first_mismatch_.value();
    const uint64_t first = cycle_ > history ? cycle_ - history : 0;
    for (uint64_t c = first; c < cycle_; ++c) m.window.push_back(ring_[c & (history - 1)]);
    return m;
}

}  // namespace ffp8::sim
