#include "ffp8/sim/vector_stimulus.hpp"

#include <fmt/format.h>

#include "ffp8/binary32.hpp"

namespace ffp8::sim {

VectorStimulus::VectorStimulus(const StimulusOptions& options, const Format& act, const Format& wgt, int latency,
                               int slots)
    : reader_(options.vectors, options.vector_format, act, wgt, slots),
      any_nan_(options.vector_format == VectorFormat::testfloat),
      drain_left_(latency + 2) {
    if (latency < 1 || static_cast<std::size_t>(latency) >= ring_size)
        throw std::runtime_error(fmt::format("latency {} is outside what --vectors supports (1..{})", latency,
                                             ring_size - 1));
    estimate_ = reader_.estimated_vectors();
}

bool VectorStimulus::next(CycleInput& in) {
    in = CycleInput{};
    if (reset_left_ > 0) {
        --reset_left_;
        in.rst = true;  // the RTL's registers start unknown
        return true;
    }
    if (reading_) {
        VectorLine& v = ring_[entered_ & ring_mask];
        bool more = false;
        try {
            more = reader_.next(v);
        } catch (const VectorError&) {
            error_ = std::current_exception();
            return false;
        }
        if (more) {
            ++entered_;
            in.in_valid = true;
            in.load = true;
            in.load_value = v.acc;
            in.a = v.a;
            in.w = v.w;
            in.slot = v.slot;
            return true;
        }
        reading_ = false;
    }
    if (drain_left_ == 0) return false;
    --drain_left_;
    return true;
}

bool VectorStimulus::nan_matches(uint32_t expected, uint32_t actual) const {
    return any_nan_ && b32::is_nan(expected) && b32::is_nan(actual) && !b32::is_snan(actual);
}

void VectorStimulus::record_failure(const VectorLine& v, const CycleOutput& actual, uint64_t cycle, bool agrees) {
    VectorFailure f;
    f.where = fmt::format("{}:{}", reader_.name(), v.line);
    f.cycle = cycle;
    f.line = v;
    f.acc = actual.acc;
    f.flags = actual.flags;
    f.differs_from_file = !agrees;
    failure_ = f;
}

VectorOutcome VectorStimulus::finish() {
    if (error_) std::rethrow_exception(error_);
    if (reading_)
        for (VectorLine rest; reader_.next(rest);) {
        }
    VectorOutcome o;
    o.input = reader_.name();
    o.format = reader_.format();
    o.operations = entered_;
    o.checked = checked_;
    o.failure = failure_;
    return o;
}

}  // namespace ffp8::sim
