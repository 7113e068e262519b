// The FP32 baseline of a comparison depends only on its pipeline stages (its formats are fixed), so
// a sweep builds it once per stage count. Shared by the ASIC (MacSynthesizer) and iCE40
// (FpgaMacImplementer) comparisons.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "ffp8/synth/mac_config.hpp"

namespace ffp8::synth {

template <class Result>
class BaselineCache {
public:
    // The baseline of `config`: build(baseline_options(config), baseline_name(config)) the first
    // time its stage count is asked for; a reuse is reported to `progress` as the step "cached".
    using Progress = std::function<void(std::string_view design, std::string_view step)>;

    template <class Build>
    const Result& get(const MacConfig& config, Build&& build, const Progress& progress) {
        const std::string name = baseline_name(config);
        if (const auto it = by_stages_.find(config.stages); it != by_stages_.end()) {
            if (progress) progress(name, "cached");
            return it->second;
        }
        return by_stages_.emplace(config.stages, build(baseline_options(config), name)).first->second;
    }

    void clear() { by_stages_.clear(); }

private:
    std::map<int, Result> by_stages_;
};

}  // namespace ffp8::synth
