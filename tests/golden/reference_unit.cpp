#include "reference_unit.hpp"

#include <cstdio>

#include "format_matrix.hpp"

namespace ffp8::test {

ReferenceUnit::ReferenceUnit(const std::optional<Format>& out, int latency, int slots)
    : latency_(latency), slots_(slots) {
    if (out) out_encoder_.emplace(spec_of(*out));
    last_.fill(-1);
}

MacOutputs ReferenceUnit::reset() {
    pending_.clear();
    chain_.fill(0);
    last_.fill(-1);
    out_ = MacOutputs{};
    return out_;
}

uint32_t ReferenceUnit::enter(const oracle::MacOut& r) {
    pending_.push_back({latency_, r});
    return r.bits;
}

MacOutputs ReferenceUnit::advance() {
    out_.out_valid = false;
    out_.flags = 0;
    for (auto& p : pending_) --p.edges_left;
    if (!pending_.empty() && pending_.front().edges_left == 0) {
        out_.out_valid = true;
        out_.acc = pending_.front().result.bits;
        out_.flags = static_cast<Flags>(pending_.front().result.flags);
        pending_.pop_front();
    }
    out_.q = out_encoder_ ? static_cast<uint8_t>((*out_encoder_)(out_.acc, oracle::Rounding::rne, true).code) : 0;
    return out_;
}

std::string describe(const MacOutputs& o) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "{valid %d acc 0x%08x flags 0x%02x q 0x%02x}", o.out_valid ? 1 : 0, o.acc,
                  unsigned{o.flags}, unsigned{o.q});
    return buf;
}

}  // namespace ffp8::test
