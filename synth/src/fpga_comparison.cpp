#include "ffp8/synth/fpga_comparison.hpp"

#include <limits>

#include "ffp8/synth/plan_refinement.hpp"

namespace ffp8::synth {

double FpgaComparison::lut_overhead_pct() const {
    return 100.0 * static_cast<double>(ffp8.fpga.luts - baseline.fpga.luts) / static_cast<double>(baseline.fpga.luts);
}

std::optional<double> FpgaComparison::fmax_change_pct() const {
    if (!ffp8.fpga.fits() || !baseline.fpga.fits()) return std::nullopt;
    return 100.0 * (ffp8.fpga.fmax_mhz() - baseline.fpga.fmax_mhz()) / baseline.fpga.fmax_mhz();
}

FpgaMacImplementer::FpgaMacImplementer(FpgaFlowOptions options, Progress progress)
    : options_(std::move(options)), progress_(std::move(progress)) {}

ImplementedMac FpgaMacImplementer::run(const hw::UnitConfig& gen, const std::string& role, const std::string& name) {
    if (progress_) progress_(name, "generate");
    const hw::GeneratedDesign design = hw::generate(gen);
    FpgaFlowOptions opt = options_;
    if (progress_) opt.on_step = [this, name](std::string_view step) { progress_(name, step); };
    return {role, design.latency, implement_ice40(rtl_design(design, name), opt), gen, {}};
}

ImplementedMac FpgaMacImplementer::run_planned(const hw::UnitConfig& request, const std::string& role,
                                               const std::string& name) {
    if (!request.auto_stages) return run(request, role, name);
    if (!planner_) {
        FpgaFlowOptions flow = options_;
        if (progress_) flow.on_step = [this](std::string_view step) { progress_("stage probe", step); };
        planner_ = std::make_unique<Ice40PipelinePlanner>(flow);
    }
    if (progress_) progress_(name, "plan the stages (measure the blocks, or take them from the cache)");
    // A baseline that cannot keep up is still built (at its best) and reported as missing the clock.
    auto [plan, m] = build_to_clock<ImplementedMac>(
        planner_->plan(request, role == "baseline"),
        [&](const hw::UnitConfig& unit) { return run(unit, role, role == "baseline" ? baseline_name(unit) : unit.label()); },
        [](const ImplementedMac& built) {
            return built.fpga.fits() ? 1000.0 / built.fpga.fmax_mhz() : std::numeric_limits<double>::infinity();
        },
        [&](double period_ns) { return planner_->replan(request, period_ns); });
    m.plan_summary = plan.summary;
    return m;
}

FpgaComparison FpgaMacImplementer::compare(const hw::UnitConfig& config) {
    FpgaComparison c;
    c.config = config;
    c.baseline = baselines_.get(
        config, [&](const hw::UnitConfig& gen, const std::string& name) { return run_planned(gen, "baseline", name); }, progress_);
    c.ffp8 = run_planned(config, "ffp8", config.label());
    c.config = c.ffp8.unit;
    return c;
}

}  // namespace ffp8::synth
