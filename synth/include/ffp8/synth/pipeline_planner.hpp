// Clock-driven pipelining (`--stages auto --clock NS`): the stages a unit needs at a clock on a
// target, from the delays of its blocks measured by the project's own flow on that target.
//
// The measurement synthesizes a probe of the unit with a register after every cut point and the
// accumulate loop cut into 5 cycles (8 slots) (flat view, the run's library, ABC script and clock), and
// reads the worst path into each stage's registers (OpenSTA). A stage that spans several
// segments is estimated as the first one's delay plus each later one's less a register's
// overhead (clock-to-Q and setup), so the estimate never assumes two segments overlap. The plan:
// the fewest slots whose loop cycles fit the clock (1, 2, 4, 8: 1, 2, 4, 5 cycles), then, from the
// loop back to the inputs, a cut only where the next segment would no longer fit; a cut inside a
// carry-save tree (mul_rows, dot_rows) only where the tree's end would cost a stage. Measurements
// are cached by the probe's Verilog, the library's text, the script and the clock, so a plan is
// reproducible and the second one costs no synthesis. (iCE40: Ice40PipelinePlanner, the same
// rule on post-route delays; a build held to its clock: plan_refinement.hpp.)
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ffp8/hw/generator.hpp"
#include "ffp8/hw/unit_config.hpp"
#include "ffp8/synth/library.hpp"
#include "ffp8/synth/synthesize.hpp"

namespace ffp8::synth {

// What the probe measured.
struct StageDelays {
    // [k]: the worst path into the registers after cut point k + 1 (unpack/decoders .. mul_cpa/dot_cpa),
    // from the registers after point k (the inputs for k = 0).
    std::vector<double> segment_ns;
    // [k]: the worst path into the loop's cycle k + 1 registers (exponent difference, alignment
    // shift, addition, normalisation, rounding into the accumulator).
    std::vector<double> loop_ns;
    double register_overhead_ns = 0;  // clock-to-Q plus setup of the probe's flip-flops

    nlohmann::json to_json() const;
    static StageDelays from_json(const nlohmann::json& j);  // throws nlohmann::json::exception
};

// The loop's cycle names in the probe: "exponent difference", "alignment shift", "addition",
// "normalisation", "rounding".
const std::vector<std::string>& loop_cycle_names();

struct PipelinePlan {
    hw::UnitConfig unit;                   // planned: cuts, stages, slots, clock_ns, planned_on
    std::vector<double> stage_estimate_ns;  // each pipeline stage's estimate, in order
    std::vector<double> loop_estimate_ns;   // each loop cycle's estimate
    bool slots_raised = false;              // the loop needed more slots than asked for
    bool reaches_clock = true;              // false: planned for the best period instead (plan_within_reach)
    std::string summary;                    // one line for reports: where the cuts went and why
};

// The clock cannot be met: the message names the best period and the block that limits it.
class ClockUnreachable : public std::runtime_error {
public:
    ClockUnreachable(const std::string& message, double best_ns) : std::runtime_error(message), best_ns_(best_ns) {}
    double best_ns() const { return best_ns_; }  // the best period the unit reaches (its estimate)

private:
    double best_ns_;
};

// The plan from measured delays alone (no tools): the planner's rule, public for tests.
// `request`: an auto unit (auto_stages, clock_ns). Throws ClockUnreachable.
PipelinePlan plan_from_delays(const hw::UnitConfig& request, const StageDelays& delays, std::string_view target);

// The measurement kept in `cache_dir` under `key` (a hash of all it depends on), or `measure()`'s,
// then kept there (written atomically). An unreadable entry is measured again.
StageDelays cached_stage_delays(const std::filesystem::path& cache_dir, const std::string& key,
                                const std::function<StageDelays()>& measure);

// plan_from_delays, or, when the clock is out of reach, the plan for the best period the unit
// reaches (unit.clock_ns still the one asked for, reaches_clock false, the summary saying so):
// for a baseline, whose figures a comparison needs even where it cannot keep up.
PipelinePlan plan_within_reach(const hw::UnitConfig& request, const StageDelays& delays, std::string_view target);

// The plan for `period_ns` instead of the unit's clock, which the unit keeps: a re-plan after a
// build missed the clock (estimates are not the build's figures). Throws ClockUnreachable.
PipelinePlan plan_for_period(const hw::UnitConfig& request, const StageDelays& delays, std::string_view target,
                             double period_ns);

class PipelinePlanner {
public:
    // `flow`: the library's mapping options (clock, ABC script; views and power are ignored).
    // `cache_dir`: where measurements are kept (default user_cache_dir("stage-delays")).
    PipelinePlanner(const Library& library, FlowOptions flow, std::optional<std::filesystem::path> cache_dir = {});

    // Plans `request` (an auto unit; its clock_ns must equal the flow's clock). Throws
    // ClockUnreachable, ToolRunError / ToolOutputError.
    // `within_reach`: plan_within_reach instead of refusing an unreachable clock.
    PipelinePlan plan(const hw::UnitConfig& request, bool within_reach = false);
    // plan_for_period on the same measurement.
    PipelinePlan replan(const hw::UnitConfig& request, double period_ns);
    // The probe's delays for the unit's kind (formats, mode, lanes, output): cached.
    StageDelays measure(const hw::UnitConfig& request);
    // The probe: every cut point but the inputs (`cut_inputs`: that one too), 8 slots (5 loop cycles).
    static hw::UnitConfig probe_config(const hw::UnitConfig& request, bool cut_inputs = false);

private:
    StageDelays measure_uncached(const hw::UnitConfig& probe, const hw::GeneratedDesign& design);

    const Library& library_;
    FlowOptions flow_;
    std::filesystem::path cache_dir_;
    std::string library_key_;  // hash of the library's text, computed once
};

}  // namespace ffp8::synth
