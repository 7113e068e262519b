#include "ffp8/synth/mac_comparison.hpp"

#include <algorithm>
#include <optional>
#include <fmt/format.h>
#include <set>
#include <stdexcept>

#include "ffp8/decode.hpp"
#include "ffp8/mac_unit.hpp"
#include "ffp8/synth/plan_refinement.hpp"

namespace ffp8::synth {

namespace {
double pct(double ffp8, double baseline) { return 100.0 * (ffp8 - baseline) / baseline; }
}  // namespace

std::string to_string(BaselineOperands o) { return o == BaselineOperands::fp32 ? "fp32" : "exact"; }

std::string baseline_operands_meaning(BaselineOperands o) {
    return o == BaselineOperands::fp32
               ? "unquantised operands (each FFP8 value with random bits below its fraction, as an FP32 unit running the "
                 "same model sees them): the saving includes the quantisation"
               : "the same values (the FFP8 values themselves as binary32): the saving is the datapath's alone";
}

namespace {
const MappedFigures& figures(const SynthesizedMac& d, SynthView v) {
    const MappedFigures* f = d.metrics.view(v);
    if (!f) throw std::logic_error(fmt::format("design {} was not mapped {}", d.metrics.name, view_title(v)));
    return *f;
}
}  // namespace

double MacComparison::area_overhead_pct(SynthView v) const {
    return pct(figures(ffp8, v).area_um2, figures(baseline, v).area_um2);
}
double MacComparison::delay_overhead_pct(SynthView v) const {
    return pct(figures(ffp8, v).delay_ns(), figures(baseline, v).delay_ns());
}
double MacComparison::extra_area_um2(SynthView v) const { return figures(ffp8, v).area_um2 - figures(baseline, v).area_um2; }
double MacComparison::generic_cells_overhead_pct() const {
    return pct(static_cast<double>(ffp8.metrics.generic_cells), static_cast<double>(baseline.metrics.generic_cells));
}

std::optional<double> MacComparison::energy_overhead_pct() const {
    if (!baseline.metrics.power) return std::nullopt;
    return energy_overhead_pct(*baseline.metrics.power);
}

std::optional<double> MacComparison::energy_overhead_pct(const PowerMetrics& baseline_power) const {
    if (!ffp8.metrics.power) return std::nullopt;
    return pct(ffp8.metrics.power->energy_per_op_pj(), baseline_power.energy_per_op_pj());
}

std::vector<BlockDelta> MacComparison::extra_area_by_block() const {
    if (!has_view(SynthView::blocks_kept)) return {};
    const auto b = baseline.metrics.blocks_kept->area_by_role(), f = ffp8.metrics.blocks_kept->area_by_role();
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

MacSynthesizer::MacSynthesizer(const Library& library, FlowOptions options, Progress progress)
    : library_(library), options_(std::move(options)), progress_(std::move(progress)) {
    options_.cache = &mapped_;
}

namespace {

// The activity file must describe the FFP8 design of the configuration.
void check_activity_config(const PortTrace& t, const hw::UnitConfig& c) {
    std::optional<hw::UnitConfig> written;
    std::string unreadable = "no readable configuration";
    try {
        written = hw::UnitConfig::from_json(t.header);
    } catch (const std::runtime_error& e) {  // not a configuration: reported below, with the reason
        unreadable = fmt::format("no readable configuration ({})", e.what());
    }
    hw::UnitConfig wanted = c;
    wanted.top.clear();  // the activity header does not name the top
    if (!written || !(*written == wanted))
        throw std::runtime_error(fmt::format("activity file was written for {} (its ffp8-activity comment); this run "
                                             "synthesizes {}",
                                             written ? written->label() : unreadable, c.label()));
}

// The baseline's port values: each FFP8 operand as a binary32 word (no output encoder). With
// `full_significands`, the bits below the FFP8 fraction are random: the FP32 operand the code
// stands for (a value in its quantisation interval), as an FP32 unit running the same
// computation unquantised sees it. The outputs the baseline must produce come from the golden
// cycle model on those operands.
PortTrace baseline_trace(const PortTrace& t, bool full_significands, const hw::UnitConfig& baseline) {
    PortTrace b = t;
    const Format act = Format::parse(t.header.at("act").get<std::string>());
    const Format wgt = Format::parse(t.header.at("wgt").get<std::string>());
    if (const int q = b.find("q"); q >= 0) {
        b.ports.erase(b.ports.begin() + q);
        for (auto* rows : {&b.before, &b.after})
            for (auto& row : *rows) row.erase(row.begin() + q);
    }
    const auto at = [&](const char* name) {
        const int i = b.find(name);
        if (i < 0) throw std::runtime_error(fmt::format("activity file: no port {}", name));
        return static_cast<std::size_t>(i);
    };
    const std::size_t ia = at("a"), iw = at("w"), rst = at("rst"), valid = at("in_valid"), clear = at("clear"),
                      load = at("load"), load_value = at("load_value"), out_valid = at("out_valid"), acc = at("acc"),
                      flags = at("flags");
    b.ports[ia].width = b.ports[iw].width = 32;
    uint64_t state = 0x243F6A8885A308D3ull;  // splitmix64: a fixed, documented sequence
    const auto random_bits = [&] {
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    };
    const auto widen = [&](const Format& f, uint64_t code) -> uint64_t {
        uint32_t v = decode(f, static_cast<uint8_t>(code));
        const bool finite_nonzero = (v & 0x7F800000u) != 0x7F800000u && (v & 0x7FFFFFFFu) != 0;
        if (full_significands && finite_nonzero && (v & 0x7F800000u) != 0)
            v |= static_cast<uint32_t>(random_bits()) & ((1u << (23 - f.M)) - 1);
        return v;
    };
    MacUnit unit(baseline.golden_mac(Format::fp32(), Format::fp32()));
    for (std::size_t k = 0; k < b.cycles(); ++k) {
        auto& in = b.before[k];
        in[ia] = widen(act, in[ia]);
        in[iw] = widen(wgt, in[iw]);
        MacInputs mi;
        mi.rst = in[rst] != 0;
        mi.in_valid = in[valid] != 0;
        mi.clear = in[clear] != 0;
        mi.load = in[load] != 0;
        mi.load_value = static_cast<uint32_t>(in[load_value]);
        mi.a = static_cast<uint32_t>(in[ia]);
        mi.w = static_cast<uint32_t>(in[iw]);
        const MacOutputs& o = unit.step(mi);
        auto& out = b.after[k];
        out = in;
        out[out_valid] = o.out_valid;
        out[acc] = o.acc;
        out[flags] = o.flags;
    }
    return b;
}

}  // namespace

void MacSynthesizer::enable_power(std::optional<PortTrace> trace, std::string source, BaselineOperands headline_operands) {
    power_ = true;
    headline_operands_ = headline_operands;
    activity_ = std::move(trace);
    activity_source_ = std::move(source);
    baselines_.clear();
}

SynthesizedMac MacSynthesizer::run(const hw::UnitConfig& gen, const std::string& role, const std::string& name) {
    if (progress_) progress_(name, "generate");
    const hw::GeneratedDesign design = hw::generate(gen);
    const RtlDesign rtl = rtl_design(design, name);
    FlowOptions opt = options_;
    std::vector<PortTrace> baseline_activity;  // the headline operand choice first
    if (power_) {
        opt.power = PowerRequest{};
        if (activity_ && role == "baseline") {
            const BaselineOperands other =
                headline_operands_ == BaselineOperands::fp32 ? BaselineOperands::exact : BaselineOperands::fp32;
            baseline_activity.reserve(2);  // the activities point into it
            for (const BaselineOperands o : {headline_operands_, other})
                opt.power->activities.push_back(
                    {&baseline_activity.emplace_back(baseline_trace(*activity_, o == BaselineOperands::fp32, gen)),
                     activity_source_ + (o == BaselineOperands::fp32
                                             ? " (baseline operands fp32: the FFP8 values as binary32 with random bits "
                                               "below the FFP8 fraction)"
                                             : " (baseline operands exact: the FFP8 values as binary32)"),
                     to_string(o)});
        } else if (activity_)
            opt.power->activities.push_back({&*activity_, activity_source_, {}});
    }
    if (progress_) opt.on_step = [this, name](std::string_view step) { progress_(name, step); };
    return {role, design.latency, synthesize(rtl, library_, opt), gen, {}};
}

SynthesizedMac MacSynthesizer::run_planned(const hw::UnitConfig& request, const std::string& role, const std::string& name) {
    if (!request.auto_stages) return run(request, role, name);
    if (!planner_) planner_ = std::make_unique<PipelinePlanner>(library_, options_);
    if (progress_) progress_(name, "plan the stages (measure the blocks, or take them from the cache)");
    // A baseline that cannot keep up is still built (at its best) and reported as missing the clock.
    auto [plan, m] = build_to_clock<SynthesizedMac>(
        planner_->plan(request, role == "baseline"),
        [&](const hw::UnitConfig& unit) { return run(unit, role, role == "baseline" ? baseline_name(unit) : unit.label()); },
        [](const SynthesizedMac& built) { return built.metrics.delay_ns(); },
        [&](double period_ns) { return planner_->replan(request, period_ns); });
    m.plan_summary = plan.summary;
    return m;
}

MacComparison MacSynthesizer::compare(const hw::UnitConfig& config) {
    MacComparison c;
    c.config = config;
    c.abc = options_.abc;
    if (activity_) {
        check_activity_config(*activity_, config);
        baselines_.clear();  // its stimulus follows the configuration's formats
    }
    c.baseline = baselines_.get(
        config, [&](const hw::UnitConfig& gen, const std::string& name) { return run_planned(gen, "baseline", name); },
        progress_);
    c.ffp8 = run_planned(config, "ffp8", config.label());
    c.config = c.ffp8.unit;
    return c;
}

}  // namespace ffp8::synth
