#include "ffp8/mac_unit.hpp"

#include <stdexcept>

namespace ffp8 {

namespace {
const MacUnitConfig& validated(const MacUnitConfig& c) {
    if (c.stages < 0) throw std::invalid_argument("stages must be >= 0");
    return c;  // the slot count is checked by the pipeline's SlotSchedule (DotUnit's too)
}
}  // namespace

MacUnit::MacUnit(const MacUnitConfig& config)
    : config_(validated(config)),
      pipeline_(config.out, config.stages, config.slots, config.act, config.wgt),
      kernels_(config.act, config.wgt) {}

const MacOutputs& MacUnit::step(const MacInputs& in) {
    return pipeline_.step(
        in, [&](const Operation& op, uint32_t addend) { return kernels_(op.act, op.wgt)(addend, op.a, op.w); });
}

}  // namespace ffp8
