#include "ffp8/mac_unit.hpp"

namespace ffp8 {

MacUnit::MacUnit(const MacUnitConfig& config)
    : config_(config),
      pipeline_(config.out, config.stages, config.act, config.wgt),
      kernels_(config.act, config.wgt) {}

const MacOutputs& MacUnit::step(const MacInputs& in) {
    return pipeline_.step(
        in, [&](const Operation& op, uint32_t addend) { return kernels_(op.act, op.wgt)(addend, op.a, op.w); });
}

}  // namespace ffp8
