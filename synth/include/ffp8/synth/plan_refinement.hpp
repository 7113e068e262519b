// A planned unit built, then held to its clock: the plan rests on estimates (a stage of several
// measured segments, cones placed alone), so when the build misses the clock that was within
// reach, the unit is planned again for the clock scaled by clock / achieved and built again,
// and the faster build kept. Shared by the ASIC and iCE40 comparisons.
#pragma once

#include <fmt/format.h>
#include <optional>
#include <utility>

#include "ffp8/synth/pipeline_planner.hpp"

namespace ffp8::synth {

template <class Built>
struct PlannedBuild {
    PipelinePlan plan;
    Built built;
};

// `build(unit)` -> Built; `achieved_ns(built)` -> the period it reached (infinite when it did not
// fit); `replan(period_ns)` -> the plan for a tighter period (throws ClockUnreachable). At most
// `passes` re-plans; a re-plan that builds no faster ends them.
template <class Built, class Build, class Achieved, class Replan>
PlannedBuild<Built> build_to_clock(PipelinePlan plan, Build&& build, Achieved&& achieved_ns, Replan&& replan,
                                   int passes = 2) {
    const double clock = *plan.unit.clock_ns;
    Built built = build(plan.unit);
    const double first = achieved_ns(built);
    double period = clock;
    for (int pass = 0; pass < passes && plan.reaches_clock && achieved_ns(built) > clock; ++pass) {
        period *= clock / achieved_ns(built);
        std::optional<PipelinePlan> tighter;
        try {
            tighter = replan(period);
        } catch (const ClockUnreachable&) {
            break;
        }
        if (tighter->unit == plan.unit) continue;  // the same cuts: tighten further
        Built again = build(tighter->unit);
        if (achieved_ns(again) >= achieved_ns(built)) break;
        tighter->summary += fmt::format(" (the plan for {} ns reached {:.2f} ns)", clock, first);
        plan = std::move(*tighter);
        built = std::move(again);
    }
    return {std::move(plan), std::move(built)};
}

}  // namespace ffp8::synth
