#include "ffp8/synth/pipeline_planner.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "ffp8/atomic_file.hpp"
#include "ffp8/hw/generator.hpp"
#include "ffp8/slots.hpp"
#include "ffp8/synth/rtl_design.hpp"
#include "flow_steps.hpp"
#include "ffp8/synth/tool_error.hpp"
#include "ffp8/user_cache.hpp"

namespace ffp8::synth {

namespace {

// Bump when the probe, the measurement or the estimate changes meaning: old entries are ignored.
constexpr const char* measurement_version = "stage-delays 2";
constexpr int probe_slots = 8;
constexpr int probe_loop_cycles = accumulate_loop_cycles(probe_slots);

using detail::read_text;

// A stage of consecutive pieces, each measured between registers: the first piece's delay plus
// each later one's without the register it no longer needs.
double merged(double so_far, double next, double overhead) { return so_far + next - overhead; }

// Clock-to-Q plus setup on a path launched by a flip-flop: its first step (CLK to Q) and the
// capture edge less the required time. Empty for a path from an input port.
std::optional<double> register_overhead(const TimingPath& p) {
    if (p.points.size() < 2 || p.points.front().pin.rfind(p.startpoint + "/", 0) != 0) return std::nullopt;
    return p.points[1].delay_ns + (p.capture_edge_ns - p.required_ns);
}

}  // namespace

const std::vector<std::string>& loop_cycle_names() {
    static const std::vector<std::string> names{"exponent difference", "alignment shift", "addition", "normalisation",
                                                "rounding"};
    return names;
}

nlohmann::json StageDelays::to_json() const {
    return {{"segment_ns", segment_ns}, {"loop_ns", loop_ns}, {"register_overhead_ns", register_overhead_ns}};
}

StageDelays StageDelays::from_json(const nlohmann::json& j) {
    StageDelays d;
    d.segment_ns = j.at("segment_ns").get<std::vector<double>>();
    d.loop_ns = j.at("loop_ns").get<std::vector<double>>();
    d.register_overhead_ns = j.at("register_overhead_ns").get<double>();
    return d;
}

PipelinePlan plan_from_delays(const hw::UnitConfig& request, const StageDelays& delays, std::string_view target) {
    if (!request.auto_stages || !request.clock_ns) throw std::logic_error("plan_from_delays: not a --stages auto unit");
    const auto& points = request.cut_point_names();
    if (delays.segment_ns.size() + 1 != points.size() || delays.loop_ns.size() != static_cast<std::size_t>(probe_loop_cycles))
        throw std::logic_error("plan_from_delays: measurement of another unit shape");
    const double clock = *request.clock_ns, o = delays.register_overhead_ns;
    const auto& l = delays.loop_ns;
    const auto& loop_names = loop_cycle_names();

    PipelinePlan plan;
    plan.unit = request;
    plan.unit.auto_stages = false;
    plan.unit.planned_on = std::string(target);
    plan.unit.input_stage = false;  // an input register is a cut at "inputs"

    // The loop: the fewest slots (from the ones asked for) whose cycles all fit.
    // The probe's five cycles joined at the cuts a loop of fewer cycles lacks.
    const auto loop_estimate = [&](int cycles) -> std::vector<double> {
        const double align = merged(l[0], l[1], o);
        if (cycles == 1) return {merged(merged(merged(align, l[2], o), l[3], o), l[4], o)};
        if (cycles == 2) return {merged(align, l[2], o), merged(l[3], l[4], o)};
        if (cycles == 4) return {align, l[2], l[3], l[4]};
        return l;
    };
    const double best = std::max(*std::max_element(l.begin(), l.end()),
                                 *std::max_element(delays.segment_ns.begin(), delays.segment_ns.end()));
    int slots = request.slots;
    while (true) {
        const auto est = loop_estimate(accumulate_loop_cycles(slots));
        if (*std::max_element(est.begin(), est.end()) <= clock) {
            plan.loop_estimate_ns = est;
            break;
        }
        if (slots >= kMaxSlots || accumulate_loop_cycles(slots * 2) == accumulate_loop_cycles(slots)) {
            const auto worst = std::max_element(l.begin(), l.end());
            throw ClockUnreachable(fmt::format(
                "--clock {} ns cannot be met: the best period this unit reaches is {:.2f} ns, limited by the accumulate "
                "loop's {} ({:.2f} ns with the loop in {} cycles)",
                clock, best, loop_names[static_cast<std::size_t>(worst - l.begin())], *worst, probe_loop_cycles), best);
        }
        slots *= 2;
    }
    plan.slots_raised = slots != request.slots;
    plan.unit.slots = slots;

    // The pipeline, from the loop's first cycle back to the inputs: a cut only where the segment
    // before would not fit into the stage being grown.
    for (std::size_t k = 0; k < delays.segment_ns.size(); ++k)
        if (delays.segment_ns[k] > clock)
            throw ClockUnreachable(fmt::format("--clock {} ns cannot be met: the best period this unit reaches is {:.2f} ns, "
                                               "limited by {} ({:.2f} ns in a stage of its own)",
                                               clock, best, points[k + 1], delays.segment_ns[k]), best);
    // Grown backwards; with `block_ends_only`, a cut inside a block (mul_rows, dot_rows) moves to
    // the block's end, its last part joining the stage before (empty when that cannot fit).
    struct Placement {
        std::vector<std::string> cuts;  // backwards
        std::vector<double> stage_est;  // the same
        double loop_front = 0;          // the loop's first cycle with the segments it took in
    };
    const auto place_cuts = [&](bool block_ends_only) -> std::optional<Placement> {
        Placement p;
        double current = plan.loop_estimate_ns.front();
        bool current_is_loop = true;
        int stage_segments = 0;  // the pipeline segments in the stage being grown
        const auto close = [&](double estimate) {
            if (current_is_loop) p.loop_front = estimate;
            else p.stage_est.push_back(estimate);
            current_is_loop = false;
        };
        for (std::size_t k = delays.segment_ns.size(); k-- > 0;) {
            const double seg = delays.segment_ns[k];
            if (merged(seg, current, o) <= clock) {
                current = merged(seg, current, o);
                ++stage_segments;
                continue;
            }
            if (!block_ends_only || !request.cuts_inside_a_block(points[k + 1])) {
                p.cuts.push_back(points[k + 1]);
                close(current);
                current = seg;
                stage_segments = 1;
                continue;
            }
            const double next = delays.segment_ns[k + 1];  // the block's last part, in the stage being grown
            if (stage_segments < (current_is_loop ? 1 : 2) || merged(seg, next, o) > clock) return std::nullopt;
            p.cuts.push_back(points[k + 2]);
            close(current - next + o);
            current = merged(seg, next, o);
            stage_segments = 2;
        }
        close(current);
        return p;
    };
    // The fewest stages; as few, cuts at the blocks' ends (fewer register bits than inside a tree).
    Placement placed = *place_cuts(false);
    if (const auto at_ends = place_cuts(true); at_ends && at_ends->cuts.size() <= placed.cuts.size()) placed = *at_ends;
    std::vector<std::string> cuts = std::move(placed.cuts);
    std::vector<double> stage_est = std::move(placed.stage_est);
    plan.loop_estimate_ns.front() = placed.loop_front;
    if (request.input_stage) {
        cuts.push_back(points[0]);
        stage_est.push_back(0);  // the input registers: nothing but the ports' drive before them
    }
    std::reverse(cuts.begin(), cuts.end());
    std::reverse(stage_est.begin(), stage_est.end());
    if (cuts.size() > static_cast<std::size_t>(hw::UnitConfig::max_stages))
        throw std::logic_error("plan_from_delays: more cuts than stages");
    plan.unit.cuts = cuts;
    plan.unit.stages = static_cast<int>(cuts.size());
    plan.stage_estimate_ns = stage_est;

    std::string where;
    for (const auto& c : cuts) where += (where.empty() ? "" : ", ") + c;
    plan.summary = fmt::format("{} ns on {}: {} stage{}{}, {} slot{} ({}-cycle loop{}); estimates: stages {}, loop {}", clock,
                               target, cuts.size(), cuts.size() == 1 ? "" : "s", cuts.empty() ? "" : " after " + where,
                               slots, slots == 1 ? "" : "s", accumulate_loop_cycles(slots),
                               plan.slots_raised ? fmt::format(": the loop does not fit {} ns with {} slot{}", clock,
                                                               request.slots, request.slots == 1 ? "" : "s")
                                                 : "",
                               fmt::format("{:.2f}", fmt::join(stage_est, " ")),
                               fmt::format("{:.2f}", fmt::join(plan.loop_estimate_ns, " ")));
    return plan;
}

PipelinePlan plan_for_period(const hw::UnitConfig& request, const StageDelays& delays, std::string_view target,
                             double period_ns) {
    hw::UnitConfig at = request;
    at.clock_ns = period_ns;
    PipelinePlan plan = plan_from_delays(at, delays, target);
    plan.unit.clock_ns = request.clock_ns;
    const std::string inner = plan.summary;  // "<period> ns on <target>: <cuts> ..."
    plan.summary = fmt::format("{} ns on {}, re-planned for {:.2f} ns: {}", *request.clock_ns, target, period_ns,
                               inner.substr(inner.find(": ", inner.find(" on ")) + 2));
    return plan;
}

PipelinePlan plan_within_reach(const hw::UnitConfig& request, const StageDelays& delays, std::string_view target) {
    try {
        return plan_from_delays(request, delays, target);
    } catch (const ClockUnreachable& e) {
        hw::UnitConfig at_best = request;
        at_best.clock_ns = std::ceil(e.best_ns() * 100) / 100;  // the best, rounded up to 10 ps for reports
        PipelinePlan plan = plan_from_delays(at_best, delays, target);
        plan.unit.clock_ns = request.clock_ns;
        plan.reaches_clock = false;
        plan.summary = fmt::format("{} ns is out of reach, planned for its best: {}", *request.clock_ns, plan.summary);
        return plan;
    }
}

PipelinePlanner::PipelinePlanner(const Library& library, FlowOptions flow, std::optional<std::filesystem::path> cache_dir)
    : library_(library), flow_(std::move(flow)), cache_dir_(cache_dir ? *cache_dir : user_cache_dir("stage-delays")) {
    flow_.views = ViewSelection::built;
    flow_.power.reset();
    flow_.cache = nullptr;
    Fnv1a h;
    h.add(read_text(library_.readable()));
    library_key_ = h.hex();
}

hw::UnitConfig PipelinePlanner::probe_config(const hw::UnitConfig& request, bool cut_inputs) {
    hw::UnitConfig p = request;
    p.auto_stages = false;
    p.clock_ns.reset();
    p.planned_on.clear();
    p.input_stage = false;
    p.top.clear();
    const auto& points = p.cut_point_names();
    p.cuts.assign(points.begin() + (cut_inputs ? 0 : 1), points.end());
    p.stages = static_cast<int>(p.cuts.size());
    p.slots = probe_slots;
    return p;
}

StageDelays PipelinePlanner::measure(const hw::UnitConfig& request) {
    const hw::UnitConfig probe = probe_config(request);
    const hw::GeneratedDesign design = hw::generate(probe);
    Fnv1a h;
    h.add(measurement_version);
    h.add(library_key_);
    h.add(to_string(flow_.abc));
    h.add(fmt::format("{}", flow_.clock_ns));
    for (const auto& [name, text] : design.files) {
        h.add(name);
        h.add(text);
    }
    return cached_stage_delays(cache_dir_, h.hex(), [&] { return measure_uncached(probe, design); });
}

StageDelays PipelinePlanner::measure_uncached(const hw::UnitConfig& probe, const hw::GeneratedDesign& design) {
    const DesignMetrics m = synthesize(rtl_design(design, "stage probe: " + probe.label()), library_, flow_);
    const MappedFigures& f = *m.built;
    StageDelays d;
    std::optional<double> overhead;
    const auto take = [&](const std::vector<std::optional<TimingPath>>& paths, std::vector<double>& into, const char* what) {
        for (std::size_t k = 0; k < paths.size(); ++k) {
            if (!paths[k]) throw ToolOutputError(fmt::format("stage probe: no path into its {} {}", what, k + 1));
            into.push_back(paths[k]->critical_ns());
            if (const auto r = register_overhead(*paths[k])) overhead = overhead ? std::min(*overhead, *r) : *r;
        }
    };
    take(f.stage_paths, d.segment_ns, "stage");
    take(f.loop_cut_paths, d.loop_ns, "loop cycle");
    if (d.loop_ns.size() != static_cast<std::size_t>(probe_loop_cycles) || !overhead)
        throw ToolOutputError("stage probe: the loop's cycles or a register-to-register path are missing from the report");
    d.register_overhead_ns = *overhead;
    return d;
}

StageDelays cached_stage_delays(const std::filesystem::path& cache_dir, const std::string& key,
                                const std::function<StageDelays()>& measure) {
    const std::filesystem::path entry = cache_dir / (key + ".json");
    if (std::filesystem::exists(entry)) {
        try {
            return StageDelays::from_json(nlohmann::json::parse(read_text(entry)));
        } catch (const std::exception&) {  // unreadable: measured again and replaced
        }
    }
    const StageDelays d = measure();
    std::filesystem::create_directories(cache_dir);
    write_file_atomically(entry, d.to_json().dump(2) + "\n");
    return d;
}

PipelinePlan PipelinePlanner::plan(const hw::UnitConfig& request, bool within_reach) {
    if (!request.clock_ns || std::abs(*request.clock_ns - flow_.clock_ns) > 1e-9)
        throw std::logic_error("PipelinePlanner: the unit's clock is not the flow's");
    const StageDelays delays = measure(request);
    return within_reach ? plan_within_reach(request, delays, library_.name())
                        : plan_from_delays(request, delays, library_.name());
}

PipelinePlan PipelinePlanner::replan(const hw::UnitConfig& request, double period_ns) {
    return plan_for_period(request, measure(request), library_.name(), period_ns);
}

}  // namespace ffp8::synth
