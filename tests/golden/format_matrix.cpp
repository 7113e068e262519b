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
    for (const bool is_signed : {true, false}) {
        for (int E = 1; E <= (is_signed ? 7 : 8); ++E) {
            for (const oracle::Policy p : oracle::all_policies) {
                if (!oracle::shape_is_legal(is_signed, E, p)) continue;
                const int M = oracle::fraction_width(is_signed, E);
                const oracle::BiasLimits r = oracle::legal_bias(is_signed, E, p);
                std::vector<int> biases{r.min, r.max};
                const int default_bias = (1 << (E - 1)) - 1;
                if (default_bias > r.min && default_bias < r.max) biases.push_back(default_bias);
                for (const int bias : biases) out.push_back(Format::make(is_signed, E, M, bias, from_oracle(p)));
            }
        }
    }
    for (const char* preset : {"ocp-e4m3", "ocp-e5m2", "e4m3fnuz", "e5m2fnuz"}) out.push_back(Format::parse(preset));
    return out;
}

}  // namespace ffp8::test
