#include "ffp8/dot_unit.hpp"

#include <stdexcept>
#include <string>

namespace ffp8 {

namespace {
const DotUnitConfig& validated(const DotUnitConfig& c) {
    if (!lanes_supported(c.lanes))
        throw std::invalid_argument("unsupported lane count " + std::to_string(c.lanes) + ": expected 1, 2, 4, 8 or 16");
    if (c.act.is_fp32 || c.wgt.is_fp32) throw std::invalid_argument("the dot-product unit takes FFP8 operands only");
    if (c.stages < 0) throw std::invalid_argument("stages must be >= 0");
    return c;
}
}  // namespace

DotUnit::DotUnit(const DotUnitConfig& config)
    : config_(validated(config)),
      pipeline_(config.out, config.stages, config.slots, config.act, config.wgt),
      kernels_(config.act, config.wgt) {}

const MacOutputs& DotUnit::step(const DotInputs& in) {
    return pipeline_.step(in, [&](const Operation& op, uint32_t addend) {
        return kernels_(op.act, op.wgt)(addend, op.a.data(), op.w.data(), config_.lanes);
    });
}

}  // namespace ffp8
