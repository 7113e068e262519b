#include "ffp8/synth/mac_comparison.hpp"

#include <algorithm>
#include <set>

namespace ffp8::synth {

namespace {
double pct(double ffp8, double baseline) { return 100.0 * (ffp8 - baseline) / baseline; }
}  // namespace

std::map<std::string, double> SynthesizedMac::area_by_role() const {
    std::map<std::string, double> area;
    for (const auto& b : metrics.blocks) area[b.role] += b.area_um2;
    area["top"] += metrics.other_area_um2;
    return area;
}

double MacComparison::area_overhead_pct() const { return pct(ffp8.metrics.area_um2, baseline.metrics.area_um2); }
double MacComparison::delay_overhead_pct() const { return pct(ffp8.metrics.delay_ns(), baseline.metrics.delay_ns()); }
double MacComparison::generic_cells_overhead_pct() const {
    return pct(static_cast<double>(ffp8.metrics.generic_cells), static_cast<double>(baseline.metrics.generic_cells));
}

std::vector<BlockDelta> MacComparison::extra_area_by_block() const {
    const auto b = baseline.area_by_role(), f = ffp8.area_by_role();
    static const std::vector<std::string> order{"decoders", "fp32_unpack", "format_config", "encoder", "fma_core", "top"};
    std::set<std::string> roles;
    for (const auto& [r, a] : b) roles.insert(r);
    for (const auto& [r, a] : f) roles.insert(r);
    std::vector<BlockDelta> out;
    auto push = [&](const std::string& r) {
        out.push_back({r, b.count(r) ? b.at(r) : 0.0, f.count(r) ? f.at(r) : 0.0});
        roles.erase(r);
    };
    for (const auto& r : order)
        if (roles.count(r)) push(r);
    while (!roles.empty()) push(*roles.begin());  // kinds a newer generator may add
    return out;
}

MacSynthesizer::MacSynthesizer(const Library& library, FlowOptions options, bool flat, Progress progress)
    : library_(library), options_(std::move(options)), flat_(flat), progress_(std::move(progress)) {
    options_.cache = &mapped_;
}

SynthesizedMac MacSynthesizer::run(const hw::GenOptions& gen, const std::string& role, const std::string& name) {
    if (progress_) progress_(name, "generate");
    const hw::GeneratedDesign design = hw::generate(gen);
    RtlDesign rtl = rtl_design(design, name);
    if (flat_) rtl.blocks.clear();
    FlowOptions opt = options_;
    if (progress_) opt.on_step = [this, name](std::string_view step) { progress_(name, step); };
    return {role, design.latency, synthesize(rtl, library_, opt)};
}

MacComparison MacSynthesizer::compare(const MacConfig& config) {
    MacComparison c;
    c.config = config;
    c.abc = options_.abc;
    const hw::GenOptions base = baseline_options(config);
    const std::string base_name = baseline_name(config);
    auto cached = baselines_.find(config.stages);
    if (cached == baselines_.end()) {
        cached = baselines_.emplace(config.stages, run(base, "baseline", base_name)).first;
    } else if (progress_) {
        progress_(base_name, "cached");
    }
    c.baseline = cached->second;
    c.ffp8 = run(ffp8_options(config), "ffp8", config.label());
    return c;
}

}  // namespace ffp8::synth
