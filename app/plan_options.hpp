// The options that plan a `--stages auto` unit outside ffp8 synth (gen, sim): the clock, the
// target (a Liberty library and ABC script, or an iCE40 part and package), with synth's names
// and meaning, so that gen and sim build the very unit synth reports (the planners and their
// measurement cache are the same).
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "ffp8/hw/unit_config.hpp"

namespace ffp8::cli {

class PlanOptions {
public:
    static std::shared_ptr<const PlanOptions> add(CLI::App& cmd);

    // `unit` planned when it asks for --stages auto (the plan's line on standard error, as
    // "ffp8 <command>: stages planned: ..."); else unchanged, and --clock, --liberty or --abc given
    // is an error (they would be ignored), as are the options of the other target. Throws
    // synth::ClockUnreachable, std::invalid_argument.
    hw::UnitConfig resolve(hw::UnitConfig unit, const std::string& command) const;
    // --liberty as given ("" without it): an input of the run.
    const std::string& liberty() const { return liberty_; }

private:
    double clock_ns_ = 10;
    std::string liberty_, abc_ = "default", target_ = "asic", device_ = "hx8k", package_;
    CLI::Option *clock_ = nullptr, *liberty_option_ = nullptr, *abc_option_ = nullptr, *target_option_ = nullptr,
                *device_option_ = nullptr, *package_option_ = nullptr;
};

}  // namespace ffp8::cli
