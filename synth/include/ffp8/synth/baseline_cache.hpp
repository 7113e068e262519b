// The FP32 baseline of a comparison depends only on its pipeline (its formats are fixed), so a
// sweep builds it once per pipeline. Shared by the ASIC (MacSynthesizer) and iCE40
// (FpgaMacImplementer) comparisons.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "ffp8/hw/unit_config.hpp"

namespace ffp8::synth {

// The baseline's name in reports: "fp32 x fp32 baseline, 2 stages[, for 5 ns]".
inline std::string baseline_name(const hw::UnitConfig& c) {
    return fmt::format("fp32 x fp32 baseline, {}{}{}",
                       c.auto_stages ? std::string("auto stages") : fmt::format("{} stage{}", c.stages, c.stages == 1 ? "" : "s"),
                       c.input_stage ? " (input stage)" : "",
                       c.clock_ns ? fmt::format(", for {} ns", *c.clock_ns) : "");
}

template <class Result>
class BaselineCache {
public:
    // The baseline of `config`: build(config.fp32_baseline(), baseline_name(config)) the first
    // time its pipeline is asked for; a reuse is reported to `progress` as the step "cached".
    using Progress = std::function<void(std::string_view design, std::string_view step)>;

    template <class Build>
    const Result& get(const hw::UnitConfig& config, Build&& build, const Progress& progress) {
        const std::string name = baseline_name(config);
        const hw::UnitConfig baseline = config.fp32_baseline();
        if (const auto it = by_pipeline_.find(baseline.text()); it != by_pipeline_.end()) {
            if (progress) progress(name, "cached");
            return it->second;
        }
        return by_pipeline_.emplace(baseline.text(), build(baseline, name)).first->second;
    }

    void clear() { by_pipeline_.clear(); }

private:
    std::map<std::string, Result> by_pipeline_;  // by the baseline's canonical text
};

}  // namespace ffp8::synth
