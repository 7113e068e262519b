// The FFP8 MAC against its FP32 baseline: both generated, both through the same flow, and the
// overhead of FFP8 in area and delay, by block.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ffp8/hw/unit_config.hpp"
#include "ffp8/synth/baseline_cache.hpp"
#include "ffp8/synth/library.hpp"
#include "ffp8/synth/pipeline_planner.hpp"
#include "ffp8/synth/synthesize.hpp"

namespace ffp8::synth {

// The operands the baseline is simulated with for its energy (`--baseline-operands`).
enum class BaselineOperands { fp32, exact };
std::string to_string(BaselineOperands o);  // "fp32" or "exact"
// What the choice measures, for reports.
std::string baseline_operands_meaning(BaselineOperands o);

struct SynthesizedMac {
    std::string role;  // "baseline" or "ffp8"
    int latency = 0;
    DesignMetrics metrics;
    hw::UnitConfig unit;       // the unit built (planned, with --stages auto)
    std::string plan_summary;  // --stages auto: where the planner put the cuts and why
};

struct BlockDelta {
    std::string role;
    double baseline_um2 = 0;
    double ffp8_um2 = 0;
    double extra_um2() const { return ffp8_um2 - baseline_um2; }
};

struct MacComparison {
    hw::UnitConfig config;  // the FFP8 unit built (with --stages auto: as planned; baseline.unit is the baseline's)
    AbcScript abc = AbcScript::default_script;  // the mapping script both designs went through
    SynthesizedMac baseline;
    SynthesizedMac ffp8;

    // FFP8 over baseline in %, in the headline view (as built when it ran) or in view `v`
    // (both designs always have the same views).
    double area_overhead_pct() const { return area_overhead_pct(headline()); }
    double delay_overhead_pct() const { return delay_overhead_pct(headline()); }
    double area_overhead_pct(SynthView v) const;
    double delay_overhead_pct(SynthView v) const;
    double extra_area_um2() const { return extra_area_um2(headline()); }
    double extra_area_um2(SynthView v) const;
    double generic_cells_overhead_pct() const;
    // FFP8 energy per operation over the baseline's in %; empty without power figures. The
    // baseline's headline operands, or the figure of its other operand choice `operands`.
    std::optional<double> energy_overhead_pct() const;
    std::optional<double> energy_overhead_pct(const PowerMetrics& baseline_power) const;
    // Every role of either design in the blocks-kept view, in a fixed order (decoders,
    // fp32_unpack, format_config, encoder, fma_core, top); empty when that view did not run.
    std::vector<BlockDelta> extra_area_by_block() const;

    SynthView headline() const { return ffp8.metrics.built ? SynthView::built : SynthView::blocks_kept; }
    bool has_view(SynthView v) const { return ffp8.metrics.view(v) && baseline.metrics.view(v); }
};

// Synthesizes configurations, each baseline only once per pipeline depth.
class MacSynthesizer {
public:
    // Progress: the design's name and the flow step ("generate", "generic", "map M", "assemble",
    // "sta", "cached").
    using Progress = std::function<void(std::string_view design, std::string_view step)>;

    // `options.views`: which views (as built, blocks kept) every design is mapped in.
    MacSynthesizer(const Library& library, FlowOptions options, Progress progress = {});

    // Power and energy per operation for every design from now on: with the port values of an
    // activity file (`ffp8 sim --activity`), or with the default toggle rate when `trace` is
    // empty. The baseline gets the same operations as binary32 words under both operand
    // choices: "fp32", the bits below the FFP8 fraction random (the unquantised FP32 operands
    // an FP32 unit would see), and "exact", those bits zero (the very same values); its
    // `power` is the `headline_operands` one, `other_power` the other.
    void enable_power(std::optional<PortTrace> trace, std::string source, BaselineOperands headline_operands =
                                                                              BaselineOperands::fp32);

    // Throws std::runtime_error when an activity file was written for another configuration.
    // A --stages auto unit (its clock the flow's) is planned first, and its baseline on its own by
    // the same rules (PipelinePlanner; ClockUnreachable when either cannot meet the clock).
    MacComparison compare(const hw::UnitConfig& config);

private:
    SynthesizedMac run(const hw::UnitConfig& gen, const std::string& role, const std::string& name);
    SynthesizedMac run_planned(const hw::UnitConfig& request, const std::string& role, const std::string& name);
    std::unique_ptr<PipelinePlanner> planner_;  // made on the first --stages auto unit

    const Library& library_;
    FlowOptions options_;
    Progress progress_;
    BaselineCache<SynthesizedMac> baselines_;  // cleared for each configuration with an activity file
    bool power_ = false;
    BaselineOperands headline_operands_ = BaselineOperands::fp32;
    std::optional<PortTrace> activity_;
    std::string activity_source_;
    MappedModuleCache mapped_;
};

}  // namespace ffp8::synth
