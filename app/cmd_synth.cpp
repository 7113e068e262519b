// `ffp8 synth`: the FFP8 MAC and its FP32 baseline through the same Yosys + OpenSTA flow,
// and the overhead of FFP8 in area and delay.
#include <cstdio>
#include <fmt/format.h>
#include <memory>
#include <string>
#include <unistd.h>

#include "commands.hpp"
#include "ffp8/atomic_file.hpp"
#include "ffp8/synth/lane_report.hpp"
#include "ffp8/synth/liberty_file.hpp"
#include "ffp8/synth/mac_comparison.hpp"
#include "ffp8/synth/report.hpp"

namespace ffp8::cli {

namespace {

struct SynthOptions {
    std::string act = "ue4m4", wgt = "se4m3", out, mode = "static", liberty, json_file, csv_file;
    int stages = 0, lanes = 1;
    double clock_ns = 10;
    bool flat = false, keep_work = false;
};

// Progress lines on a terminal only (the run takes minutes; scripts get clean stderr).
synth::MacSynthesizer::Progress terminal_progress() {
    if (!::isatty(STDERR_FILENO)) return {};
    return [](std::string_view design, std::string_view step) {
        fmt::print(stderr, "ffp8 synth: {}: {}\n", design, step);
    };
}

void add_synth_command(CLI::App& app) {
    auto opt = std::make_shared<SynthOptions>();
    auto* cmd = app.add_subcommand(
        "synth", "Synthesize the FFP8 MAC and the FP32 baseline MAC (Yosys + OpenSTA) and report area, delay and "
                 "the overhead of FFP8");
    cmd->add_option("--act", opt->act, "Activation format")->capture_default_str();
    cmd->add_option("--wgt", opt->wgt, "Weight format")->capture_default_str();
    cmd->add_option("--out", opt->out, "Output format O: adds the output encoder stage");
    cmd->add_option("--mode", opt->mode, "Formats fixed in the hardware or set at run time")
        ->check(CLI::IsMember({"static", "runtime"}))
        ->capture_default_str();
    cmd->add_option("--stages", opt->stages, "Pipeline registers before the accumulate stage")
        ->check(CLI::Range(0, 8))
        ->capture_default_str();
    cmd->add_option("--lanes", opt->lanes,
                    "Products per cycle: 2, 4, 8, 16 synthesize the fused dot-product unit, compared per "
                    "multiply-accumulate with the FP32 baseline MAC")
        ->capture_default_str();
    cmd->add_option("--liberty", opt->liberty, "Liberty library, .lib or .lib.gz (default: OSU 0.18 um from "
                                               "qflow-tech-osu018)");
    cmd->add_option("--clock", opt->clock_ns, "Clock period in ns: ABC's delay target and the STA clock")
        ->check(CLI::Range(0.01, 1000.0))
        ->capture_default_str();
    cmd->add_option("--json", opt->json_file, "Write the report as JSON to this file");
    cmd->add_option("--csv", opt->csv_file, "Write the report as CSV to this file");
    cmd->add_flag("--flat", opt->flat, "Flatten the whole design (optimises across blocks; no block breakdown)");
    cmd->add_flag("--keep-work", opt->keep_work, "Keep the tools' work folders (scripts, logs, netlists)");
    cmd->callback([opt] {
        synth::MacConfig config;
        config.act = Format::parse(opt->act);
        config.wgt = Format::parse(opt->wgt);
        if (!opt->out.empty()) config.out = Format::parse(opt->out);
        config.mode = opt->mode == "runtime" ? hw::Mode::runtime_formats : hw::Mode::static_formats;
        config.stages = opt->stages;
        config.lanes = opt->lanes;
        hw::generate(synth::ffp8_options(config));  // bad options fail here, before minutes of synthesis

        const synth::Library library(opt->liberty.empty() ? synth::default_liberty_path()
                                                                  : std::filesystem::path(opt->liberty));
        synth::FlowOptions flow;
        flow.clock_ns = opt->clock_ns;
        flow.keep_work = opt->keep_work;
        synth::MacSynthesizer synthesizer(library, flow, opt->flat, terminal_progress());
        const synth::MacComparison result = synthesizer.compare(config);
        const auto ctx = synth::FlowContext::of(library, opt->clock_ns, opt->flat);

        fmt::print("{}", synth::comparison_table(result, ctx));
        if (config.lanes > 1)
            fmt::print("\n{} lanes: {:.1f} um2 per multiply-accumulate per cycle = {:.3f}x the FP32 baseline MAC, delay "
                       "{:.3f}x\n",
                       config.lanes, synth::area_per_mac_um2(result), synth::area_per_mac_ratio(result),
                       synth::delay_ratio(result));
        if (opt->keep_work)
            for (const auto* d : {&result.baseline, &result.ffp8})
                fmt::print("work folder of {}: {}\n", d->metrics.name, d->metrics.work_dir.string());
        if (!opt->json_file.empty())
            write_file_atomically(opt->json_file, [&] {
                nlohmann::json j = synth::comparison_json(result, ctx);
                if (config.lanes > 1) j["per_mac"] = synth::lanes_json(result);
                return j.dump(2) + "\n";
            }());
        if (!opt->csv_file.empty()) write_file_atomically(opt->csv_file, synth::comparisons_csv({result}));
    });
}

const Registration registration{60, add_synth_command};

}  // namespace

}  // namespace ffp8::cli
