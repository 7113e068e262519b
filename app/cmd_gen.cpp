// `ffp8 gen`: generate the FFP8 MAC (or the FP32 baseline) as Verilog-2005 plus manifest.json.
#include <fmt/format.h>
#include <memory>
#include <string>

#include "commands.hpp"
#include "ffp8/format.hpp"
#include "ffp8/hw/generator.hpp"

namespace ffp8::cli {

namespace {

void add_gen_command(CLI::App& app) {
    struct Options {
        std::string act = "ue4m4", wgt = "se4m3", out, mode = "static", top, dir;
        int stages = 0, lanes = 1;
        bool force = false, input_stage = false;
    };
    auto opt = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("gen", "Generate the MAC's (or dot-product unit's) Verilog and manifest.json (--act fp32 --wgt fp32: the "
                                          "FP32 baseline)");
    cmd->add_option("--act", opt->act, "Activation format a (FFP8 name, preset or fp32)")->capture_default_str();
    cmd->add_option("--wgt", opt->wgt, "Weight format w (FFP8 name, preset or fp32)")->capture_default_str();
    cmd->add_option("--out", opt->out, "Output format O: adds the encoder stage and port q");
    cmd->add_option("--mode", opt->mode, "static: formats fixed; runtime: formats on ports")
        ->check(CLI::IsMember({"static", "runtime"}))
        ->capture_default_str();
    cmd->add_option("--stages", opt->stages, "Pipeline registers before the accumulate stage (0..8)")->capture_default_str();
    cmd->add_flag("--input-stage", opt->input_stage,
                  "The first pipeline stage registers the inputs (every path starts at a flop: fast to simulate)");
    cmd->add_option("--lanes", opt->lanes,
                    "Products per operation: 1 the MAC; 2, 4, 8, 16 the fused dot-product unit (static FFP8 formats)")
        ->capture_default_str();
    cmd->add_option("--top", opt->top, "Top module name (default ffp8_mac, ffp8_dot with --lanes > 1)");
    cmd->add_option("-o,--output", opt->dir, "Output directory (created atomically)")->required();
    cmd->add_flag("--force", opt->force, "Replace an existing output directory");
    cmd->callback([opt] {
        hw::GenOptions o;
        o.act = Format::parse(opt->act);
        o.wgt = Format::parse(opt->wgt);
        if (!opt->out.empty()) o.out = Format::parse(opt->out);
        o.mode = opt->mode == "runtime" ? hw::Mode::runtime_formats : hw::Mode::static_formats;
        o.stages = opt->stages;
        o.input_stage = opt->input_stage;
        o.lanes = opt->lanes;
        o.top = opt->top.empty() ? hw::default_top(opt->lanes) : opt->top;
        const hw::GeneratedDesign d = hw::generate(o);
        hw::write_design(d, opt->dir, opt->force);
        fmt::print("{}: top {}, latency {}, {} Verilog files\n", opt->dir, d.top, d.latency, d.files.size());
    });
}

const Registration registration{40, add_gen_command};

}  // namespace

}  // namespace ffp8::cli
