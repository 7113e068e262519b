// The FFP8 MAC against its FP32 baseline: both generated, both through the same flow, and the
// overhead of FFP8 in area and delay, by block.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ffp8/synth/library.hpp"
#include "ffp8/synth/mac_config.hpp"
#include "ffp8/synth/synthesize.hpp"

namespace ffp8::synth {

struct SynthesizedMac {
    std::string role;  // "baseline" or "ffp8"
    int latency = 0;
    DesignMetrics metrics;

    // Area per block role (manifest kind), with the top's own cells as "top".
    std::map<std::string, double> area_by_role() const;
};

struct BlockDelta {
    std::string role;
    double baseline_um2 = 0;
    double ffp8_um2 = 0;
    double extra_um2() const { return ffp8_um2 - baseline_um2; }
};

struct MacComparison {
    MacConfig config;
    AbcScript abc = AbcScript::default_script;  // the mapping script both designs went through
    SynthesizedMac baseline;
    SynthesizedMac ffp8;

    double area_overhead_pct() const;
    double delay_overhead_pct() const;
    double generic_cells_overhead_pct() const;
    double extra_area_um2() const { return ffp8.metrics.area_um2 - baseline.metrics.area_um2; }
    // Every role of either design, in a fixed order (decoders, fp32_unpack, format_config, encoder, fma_core, top).
    std::vector<BlockDelta> extra_area_by_block() const;
};

// Synthesizes configurations, each baseline only once per pipeline depth.
class MacSynthesizer {
public:
    // Progress: the design's name and the flow step ("generate", "generic", "map M", "assemble",
    // "sta", "cached").
    using Progress = std::function<void(std::string_view design, std::string_view step)>;

    // `flat`: flatten everything (best optimisation across blocks, no block breakdown).
    MacSynthesizer(const Library& library, FlowOptions options, bool flat, Progress progress = {});

    MacComparison compare(const MacConfig& config);

private:
    SynthesizedMac run(const hw::GenOptions& gen, const std::string& role, const std::string& name);

    const Library& library_;
    FlowOptions options_;
    bool flat_;
    Progress progress_;
    std::map<int, SynthesizedMac> baselines_;  // by pipeline stages
    MappedModuleCache mapped_;
};

}  // namespace ffp8::synth
