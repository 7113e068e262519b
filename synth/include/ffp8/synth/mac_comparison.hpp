// The FFP8 MAC against its FP32 baseline: both generated, both through the same flow, and the
// overhead of FFP8 in area and delay, by block.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ffp8/hw/unit_config.hpp"
#include "ffp8/synth/baseline_cache.hpp"
#include "ffp8/synth/library.hpp"
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
    hw::UnitConfig config;
    AbcScript abc = AbcScript::default_script;  // the mapping script both designs went through
    SynthesizedMac baseline;
    SynthesizedMac ffp8;

    double area_overhead_pct() const;
    double delay_overhead_pct() const;
    double generic_cells_overhead_pct() const;
    // FFP8 energy per operation over the baseline's in %; empty without power figures.
    std::optional<double> energy_overhead_pct() const;
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

    // Power and energy per operation for every design from now on: with the port values of an
    // activity file (`ffp8 sim --activity`), or with the default toggle rate when `trace` is
    // empty. The baseline gets the same operands as binary32 words; with `full_significands`
    // the bits below the FFP8 fraction are random (the unquantised FP32 operands an FP32 unit
    // would see), else they are zero (the very same values).
    void enable_power(std::optional<PortTrace> trace, std::string source, bool full_significands = true);

    // Throws std::runtime_error when an activity file was written for another configuration.
    MacComparison compare(const hw::UnitConfig& config);

private:
    SynthesizedMac run(const hw::UnitConfig& gen, const std::string& role, const std::string& name);

    const Library& library_;
    FlowOptions options_;
    bool flat_;
    Progress progress_;
    BaselineCache<SynthesizedMac> baselines_;  // cleared for each configuration with an activity file
    bool power_ = false;
    bool full_significands_ = true;
    std::optional<PortTrace> activity_;
    std::string activity_source_;
    MappedModuleCache mapped_;
};

}  // namespace ffp8::synth
