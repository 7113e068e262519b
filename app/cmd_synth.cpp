// `ffp8 synth`: the FFP8 MAC and its FP32 baseline through the same Yosys + OpenSTA flow,
// and the overhead of FFP8 in area and delay.
#include <cstdio>
#include <fmt/format.h>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

#include "commands.hpp"
#include "output_paths.hpp"
#include "ffp8/input_file.hpp"
#include "ffp8/atomic_file.hpp"
#include "ffp8/synth/fpga_report.hpp"
#include "ffp8/synth/lane_report.hpp"
#include "ffp8/synth/liberty_file.hpp"
#include "ffp8/synth/mac_comparison.hpp"
#include "ffp8/synth/report.hpp"
#include "option_checks.hpp"
#include "view_option.hpp"
#include "unit_options.hpp"

namespace ffp8::cli {

namespace {

struct SynthOptions {
    std::string liberty, json_file, csv_file, abc = "default",
                target = "asic", device = "hx8k", package, activity;
    std::string baseline_operands = "fp32", view = "both";
    bool power = false;
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

synth::PortTrace read_activity(const std::string& file) {
    const std::string text = read_input_file(file, fmt::format("activity file {}", file));
    try {
        return synth::read_activity_vcd(text);
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(fmt::format("{}: {}", file, e.what()));
    }
}

// --target ice40: the same designs through synth_ice40 and nextpnr-ice40.
void run_ice40(const SynthOptions& opt, const hw::UnitConfig& config) {
    if (!opt.liberty.empty() || opt.flat || opt.view != "both" || opt.abc != "default" || opt.power ||
        !opt.activity.empty())
        throw std::invalid_argument("--liberty, --view, --flat, --abc, --power and --activity apply to --target asic only");
    synth::FpgaFlowOptions flow;
    flow.device = synth::ice40_device(opt.device, opt.package);  // a bad name or package fails before any tool
    flow.target_mhz = 1000.0 / opt.clock_ns;
    flow.keep_work = opt.keep_work;
    const synth::FpgaComparison result = synth::FpgaMacImplementer(flow, terminal_progress()).compare(config);
    const auto ctx = synth::FpgaContext::of(flow);
    fmt::print("{}", synth::fpga_comparison_table(result, ctx));
    if (opt.keep_work)
        for (const auto* d : {&result.baseline, &result.ffp8})
            fmt::print("work folder of {}: {}\n", d->fpga.name, d->fpga.work_dir.string());
    if (!opt.json_file.empty())
        write_file_atomically(opt.json_file, synth::fpga_comparison_json(result, ctx).dump(2) + "\n");
    if (!opt.csv_file.empty()) write_file_atomically(opt.csv_file, synth::fpga_comparisons_csv({result}));
}

void add_synth_command(CLI::App& app) {
    auto opt = std::make_shared<SynthOptions>();
    auto* cmd = app.add_subcommand(
        "synth", "Synthesize the FFP8 MAC and the FP32 baseline MAC (Yosys + OpenSTA) and report area, delay and "
                 "the overhead of FFP8");
    const auto unit = UnitOptions::add(*cmd, {.lanes = true});
    cmd->get_option("--lanes")->description(
        "Products per cycle: 2, 4, 8, 16 synthesize the fused dot-product unit, compared per multiply-accumulate with the "
        "FP32 baseline MAC");
    cmd->add_option("--liberty", opt->liberty, "Liberty library, .lib or .lib.gz (default: OSU 0.18 um from "
                                               "qflow-tech-osu018)");
    cmd->add_option("--clock", opt->clock_ns, "Clock period in ns: ABC's delay target and the STA clock (ice40: nextpnr's target frequency "
                    "1000/NS MHz)")
        ->check(finite_number())
        ->check(CLI::Range(0.01, 1000.0))
        ->capture_default_str();
    cmd->add_option("--abc", opt->abc,
                    "ABC script of the Liberty mapping: default (Yosys's, the figures of earlier releases) or delay "
                    "(structure-preserving, delay-oriented mapping, buffering and sizing against --clock)")
        ->check(CLI::IsMember({"default", "delay"}))
        ->capture_default_str();
    cmd->add_option("--target", opt->target,
                    "asic: Liberty cells, area and delay (Yosys + OpenSTA); ice40: iCE40 LUTs and post-route Fmax "
                    "(synth_ice40 + nextpnr-ice40)")
        ->check(CLI::IsMember({"asic", "ice40"}))
        ->capture_default_str();
    auto* device = cmd->add_option("--device", opt->device,
                                   "iCE40 part (--target ice40): hx1k, hx4k, hx8k, lp8k, up5k (up5k: SB_MAC16 inference on)")
                       ->capture_default_str();
    auto* package = cmd->add_option("--package", opt->package, "iCE40 package (default: the part's largest, e.g. ct256 for hx8k)");
    cmd->add_flag("--power", opt->power,
                  "Power and energy per operation (OpenSTA report_power) at the default toggle rate (asic)");
    auto* activity = cmd->add_option("--activity", opt->activity,
                                     "Power and energy per operation with the activity of this file (`ffp8 sim ... "
                                     "--activity FILE` of the same configuration): both mapped netlists are simulated "
                                     "under its port values (asic)");
    cmd->add_option("--baseline-operands", opt->baseline_operands,
                    "With --activity, the baseline's headline operands (both are reported): fp32 (each FFP8 value with "
                    "random bits below its fraction: the unquantised operand) or exact (the FFP8 values themselves)")
        ->check(CLI::IsMember({"fp32", "exact"}))
        ->needs(activity)
        ->capture_default_str();
    cmd->add_option("--json", opt->json_file, "Write the report as JSON to this file")->check(output_file());
    cmd->add_option("--csv", opt->csv_file, "Write the report as CSV to this file")->check(output_file());
    auto* view = add_view_option(*cmd, opt->view);
    cmd->add_flag("--flat", opt->flat, "The same as --view built")->excludes(view);
    cmd->add_flag("--keep-work", opt->keep_work, "Keep the tools' work folders (scripts, logs, netlists)");
    cmd->callback([opt, unit, device, package] {
        hw::UnitConfig config = unit->config();
        if (config.auto_stages) config.clock_ns = opt->clock_ns;
        config.validate();  // bad options fail here, before minutes of synthesis
        check_outputs_apart({{"--json", opt->json_file}, {"--csv", opt->csv_file}},
                            {{"the --activity file", opt->activity}, {"the --liberty file", opt->liberty}});

        if (config.lanes > 1 && (opt->target == "ice40" || opt->power || !opt->activity.empty()))
            throw std::invalid_argument("--lanes > 1 applies to the ASIC area and delay report only (not ice40, "
                                        "--power or --activity)");
        if (opt->target == "ice40") {
            run_ice40(*opt, config);
            return;
        }
        if (device->count() > 0 || package->count() > 0)
            throw std::invalid_argument("--device and --package apply to --target ice40 only");
        // The activity file is read (and checked) before the library and any tool.
        std::optional<synth::PortTrace> activity;
        if (!opt->activity.empty()) activity = read_activity(opt->activity);
        const synth::Library library(opt->liberty.empty() ? synth::default_liberty_path()
                                                                  : std::filesystem::path(opt->liberty));
        synth::FlowOptions flow;
        flow.clock_ns = opt->clock_ns;
        flow.keep_work = opt->keep_work;
        flow.abc = synth::parse_abc_script(opt->abc);
        flow.views = opt->flat ? synth::ViewSelection::built : synth::parse_view_selection(opt->view);
        synth::MacSynthesizer synthesizer(library, flow, terminal_progress());
        if (activity)
            synthesizer.enable_power(std::move(activity), opt->activity,
                                     opt->baseline_operands == "fp32" ? synth::BaselineOperands::fp32
                                                                      : synth::BaselineOperands::exact);
        else if (opt->power) synthesizer.enable_power(std::nullopt, {});
        const synth::MacComparison result = synthesizer.compare(config);
        const auto ctx = synth::FlowContext::of(library, opt->clock_ns, flow.views, flow.abc);

        fmt::print("{}", synth::comparison_table(result, ctx));
        for (const auto* d : {&result.baseline, &result.ffp8})
            if (!d->plan_summary.empty()) fmt::print("stages planned for {}: {}\n", d->role, d->plan_summary);
        if (config.lanes > 1)
            fmt::print("\n{} lanes, {}: {:.1f} um2 per multiply-accumulate per cycle = {:.3f}x the FP32 baseline MAC, "
                       "delay {:.3f}x\n",
                       config.lanes, synth::view_title(result.headline()), synth::area_per_mac_um2(result),
                       synth::area_per_mac_ratio(result), synth::delay_ratio(result));
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
