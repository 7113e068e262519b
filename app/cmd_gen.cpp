// `ffp8 gen`: generate the FFP8 MAC (or the FP32 baseline) as Verilog-2005 plus manifest.json.
#include <fmt/format.h>
#include <memory>
#include <string>

#include "commands.hpp"
#include "output_paths.hpp"
#include "ffp8/hw/generator.hpp"
#include "plan_options.hpp"
#include "unit_options.hpp"

namespace ffp8::cli {

namespace {

void add_gen_command(CLI::App& app) {
    struct Options {
        std::string dir;
        bool force = false;
    };
    auto opt = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("gen", "Generate the MAC's (or dot-product unit's) Verilog and manifest.json (--act fp32 --wgt fp32: the "
                                          "FP32 baseline)");
    const auto unit = UnitOptions::add(*cmd, {.lanes = true, .top = true});
    const auto plan = PlanOptions::add(*cmd);
    cmd->add_option("-o,--output", opt->dir, "Output directory (created atomically)")->required();
    cmd->add_flag("--force", opt->force, "Replace an existing output directory written by ffp8 gen (one with its manifest.json)");
    cmd->callback([opt, unit, plan] {
        check_outputs_apart({{"--output", opt->dir, true}}, {{"the --liberty file", plan->liberty()}});
        const hw::GeneratedDesign d = hw::generate(plan->resolve(unit->config(), "gen"));
        hw::write_design(d, opt->dir, opt->force);
        fmt::print("{}: top {}, latency {}, {} Verilog files\n", opt->dir, d.top, d.latency, d.files.size());
    });
}

const Registration registration{40, add_gen_command};

}  // namespace

}  // namespace ffp8::cli
