#include "format_matrix.hpp"

#include <algorithm>

namespace ffp8::test {

namespace {
oracle::Policy to_oracle(Policy p) {
    switch (p) {
        case Policy::finite: return oracle::Policy::finite;
        case Policy::ieee: return oracle::Policy::ieee;
        case Policy::fn: return oracle::Policy::fn;
        case Policy::fnuz: return oracle::Policy::fnuz;
    }
    return oracle::Policy::finite;
}

Policy from_oracle(oracle::Policy p) {
    switch (p) {
        case oracle::Policy::finite: return Policy::finite;
        case oracle::Policy::ieee: return Policy::ieee;
        case oracle::Policy::fn: return Policy::fn;
        case oracle::Policy::fnuz: return Policy::fnuz;
    }
    return Policy::finite;
}
}  // namespace

oracle::FormatSpec spec_of(const Format& f) { return {f.is_signed, f.E, f.M, f.bias, to_oracle(f.policy)}; }

std::optional<oracle::FormatSpec> operand_spec(const Format& f) {
    if (f.is_fp32) return std::nullopt;
    return spec_of(f);
}

oracle::Rounding to_oracle(Rounding r) {
    switch (r) {
        case Rounding::rne: return oracle::Rounding::rne;
        case Rounding::rna: return oracle::Rounding::rna;
        case Rounding::rtz: return oracle::Rounding::rtz;
        case Rounding::rdn: return oracle::Rounding::rdn;
        case Rounding::rup: return oracle::Rounding::rup;
    }
    return oracle::Rounding::rne;
}

std::vector<Format> format_matrix() {
    std::vector<Format> out;
    for (const oracle::FormatSpec& shape : oracle::legal_shapes()) {
        const oracle::BiasLimits r = oracle::legal_bias(shape.E, shape.M, shape.policy);
        std::vector<int> biases{r.min, r.max};
        const int default_bias = (1 << (shape.E - 1)) - 1;
        if (default_bias > r.min && default_bias < r.max) biases.push_back(default_bias);
        for (const int bias : biases)
            out.push_back(Format::make(shape.is_signed, shape.E, shape.M, bias, from_oracle(shape.policy)));
    }
    for (const char* preset : {"ocp-e4m3", "ocp-e5m2", "e4m3fnuz", "e5m2fnuz", "mx-e3m2", "mx-e2m3", "mx-e2m1"})
        out.push_back(Format::parse(preset));
    return out;
}

}  // namespace ffp8::test
