#include "plan_options.hpp"

#include <fmt/format.h>
#include <stdexcept>

#include "ffp8/synth/abc_script.hpp"
#include "ffp8/synth/ice40_pipeline_planner.hpp"
#include "ffp8/synth/liberty_file.hpp"
#include "ffp8/synth/pipeline_planner.hpp"
#include "option_checks.hpp"

namespace ffp8::cli {

std::shared_ptr<const PlanOptions> PlanOptions::add(CLI::App& cmd) {
    auto o = std::make_shared<PlanOptions>();
    o->clock_ = cmd.add_option("--clock", o->clock_ns_,
                               "With --stages auto: the clock period in ns the stages are planned for (as in ffp8 synth)")
                    ->check(finite_number())
                    ->check(CLI::Range(0.01, 1000.0));
    o->liberty_option_ = cmd.add_option("--liberty", o->liberty_,
                                        "With --stages auto: the Liberty library the blocks are measured on (default: OSU "
                                        "0.18 um, as in ffp8 synth)");
    o->abc_option_ = cmd.add_option("--abc", o->abc_, "With --stages auto: the ABC script of the measurement (default or "
                                                      "delay, as in ffp8 synth)")
                         ->check(CLI::IsMember({"default", "delay"}));
    o->target_option_ = cmd.add_option("--target", o->target_,
                                       "With --stages auto: the target the blocks are measured on, asic (--liberty, --abc) "
                                       "or ice40 (--device, --package; post-route), as in ffp8 synth")
                            ->check(CLI::IsMember({"asic", "ice40"}));
    o->device_option_ = cmd.add_option("--device", o->device_, "With --target ice40: the iCE40 part (default hx8k)");
    o->package_option_ = cmd.add_option("--package", o->package_, "With --target ice40: its package (default: the largest)");
    return o;
}

hw::UnitConfig PlanOptions::resolve(hw::UnitConfig unit, const std::string& command) const {
    if (!unit.auto_stages) {
        for (const CLI::Option* o : {clock_, liberty_option_, abc_option_, target_option_, device_option_, package_option_})
            if (o->count() > 0) throw std::invalid_argument(fmt::format("{} applies to --stages auto only", o->get_name()));
        return unit;
    }
    if (clock_->count() == 0) throw std::invalid_argument("--stages auto needs --clock NS (the clock to pipeline for)");
    unit.clock_ns = clock_ns_;
    unit.validate();  // before the library is read and any tool runs
    if (target_ == "ice40") {
        if (liberty_option_->count() > 0 || abc_option_->count() > 0)
            throw std::invalid_argument("--liberty and --abc apply to --target asic only");
        synth::FpgaFlowOptions flow;
        flow.device = synth::ice40_device(device_, package_);
        flow.target_mhz = 1000.0 / clock_ns_;
        const synth::PipelinePlan plan = synth::Ice40PipelinePlanner(flow).plan(unit);
        fmt::print(stderr, "ffp8 {}: stages planned: {}\n", command, plan.summary);
        return plan.unit;
    }
    if (device_option_->count() > 0 || package_option_->count() > 0)
        throw std::invalid_argument("--device and --package apply to --target ice40 only");
    const synth::Library library(liberty_.empty() ? synth::default_liberty_path() : std::filesystem::path(liberty_));
    synth::FlowOptions flow;
    flow.clock_ns = clock_ns_;
    flow.abc = synth::parse_abc_script(abc_);
    synth::PipelinePlanner planner(library, flow);
    const synth::PipelinePlan plan = planner.plan(unit);
    fmt::print(stderr, "ffp8 {}: stages planned: {}\n", command, plan.summary);
    return plan.unit;
}

}  // namespace ffp8::cli
