// `ffp8 sweep`: `ffp8 synth` over a list of MAC configurations, as a Markdown table, a CSV
// and an SVG chart (each baseline synthesized once and reused); on an ASIC library with one or
// both ABC scripts, or on an iCE40 after place and route.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <fmt/format.h>
#include <memory>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

#include "commands.hpp"
#include "output_paths.hpp"
#include "ffp8/atomic_file.hpp"
#include "ffp8/synth/clock_report.hpp"
#include "ffp8/synth/fpga_report.hpp"
#include "ffp8/synth/lane_report.hpp"
#include "ffp8/synth/liberty_file.hpp"
#include "ffp8/synth/mac_comparison.hpp"
#include "ffp8/synth/report.hpp"
#include "ffp8/synth/svg_chart.hpp"
#include "ffp8/synth/sweep.hpp"
#include "option_checks.hpp"
#include "view_option.hpp"
#include "unit_options.hpp"

namespace ffp8::cli {

namespace {

struct SweepOptions {
    std::string liberty, out_dir = "synth-sweep", abc = "default", target = "asic", device = "hx8k", package, lanes,
        view = "both";
    std::vector<std::string> configs;
    std::vector<double> clocks{10};
    bool flat = false, keep_work = false, power = false;
};

struct SweepFiles {
    std::string markdown, csv, svg;
    std::string lanes_markdown, lanes_csv;  // with --lanes: per-MAC figures (lanes.md, lanes.csv)
    nlohmann::json json = nlohmann::json::array();
};

void write_sweep(const std::filesystem::path& dir, const SweepFiles& f) {
    write_file_atomically(dir / "sweep.md", f.markdown);
    write_file_atomically(dir / "sweep.csv", f.csv);
    write_file_atomically(dir / "sweep.svg", f.svg);
    write_file_atomically(dir / "sweep.json", f.json.dump(2) + "\n");
    if (!f.lanes_markdown.empty()) {
        write_file_atomically(dir / "lanes.md", f.lanes_markdown);
        write_file_atomically(dir / "lanes.csv", f.lanes_csv);
        fmt::print("{}\n", f.lanes_markdown);
    }
    fmt::print("{}\nwritten: {}/sweep.md, sweep.csv, sweep.svg, sweep.json{}\n", f.markdown, dir.string(),
               f.lanes_markdown.empty() ? "" : ", lanes.md, lanes.csv");
}

SweepFiles asic_sweep(const SweepOptions& opt, const std::vector<hw::UnitConfig>& configs, bool lanes,
                      const synth::MacSynthesizer::Progress& progress) {
    const synth::Library library(opt.liberty.empty() ? synth::default_liberty_path() : std::filesystem::path(opt.liberty));
    const synth::ViewSelection views = opt.flat ? synth::ViewSelection::built : synth::parse_view_selection(opt.view);
    std::vector<synth::AbcScript> scripts;
    if (opt.abc == "both") scripts = {synth::AbcScript::default_script, synth::AbcScript::delay};
    else scripts = {synth::parse_abc_script(opt.abc)};

    SweepFiles f;
    std::vector<std::vector<synth::MacComparison>> by_script;
    std::vector<synth::MacComparison> all;
    for (const double clock_ns : opt.clocks)  // each clock with each script: by_script is clock-major
        for (const auto script : scripts) {
            synth::FlowOptions flow;
            flow.clock_ns = clock_ns;
            flow.keep_work = opt.keep_work;
            flow.abc = script;
            flow.views = views;
            synth::MacSynthesizer synthesizer(library, flow, progress);
            if (opt.power) synthesizer.enable_power(std::nullopt, {});
            auto& results = by_script.emplace_back();
            for (hw::UnitConfig c : configs) {
                if (c.auto_stages) c.clock_ns = clock_ns;  // planned for each clock of the sweep
                results.push_back(synthesizer.compare(c));
            }
            const auto ctx = synth::FlowContext::of(library, clock_ns, views, script);
            if (!f.markdown.empty()) f.markdown += "\n";
            f.markdown += synth::comparisons_markdown(results, ctx);
            if (lanes) {
                if (!f.lanes_markdown.empty()) f.lanes_markdown += "\n";
                f.lanes_markdown += synth::lanes_markdown(results, ctx);
            }
            for (const auto& r : results) f.json.push_back(synth::comparison_json(r, ctx));
            all.insert(all.end(), results.begin(), results.end());
        }
    if (scripts.size() == 2) {  // per clock, the two scripts side by side (by_script: clock-major)
        std::string sides;
        for (std::size_t i = 0; i + 1 < by_script.size(); i += 2)
            sides += synth::abc_scripts_markdown(by_script[i], by_script[i + 1]) + "\n";
        f.markdown = sides + f.markdown;
    }
    const bool by_clock = opt.clocks.size() > 1 || std::any_of(configs.begin(), configs.end(), [](const auto& c) {
                              return c.auto_stages;
                          });
    if (by_clock) f.markdown = synth::clock_sweep_markdown(all) + "\n" + f.markdown;
    f.csv = synth::comparisons_csv(all);
    if (lanes) f.lanes_csv = synth::lanes_csv(all);
    const auto ctx = synth::FlowContext::of(library, opt.clocks.front(), views, scripts.front());
    f.svg = by_clock ? synth::clock_sweep_svg(all, ctx) : synth::comparisons_svg(all, ctx);
    return f;
}

SweepFiles ice40_sweep(const SweepOptions& opt, const std::vector<hw::UnitConfig>& configs,
                       const synth::FpgaMacImplementer::Progress& progress) {
    SweepFiles f;
    std::vector<synth::FpgaComparison> all;
    for (const double clock_ns : opt.clocks) {
        synth::FpgaFlowOptions flow;
        flow.device = synth::ice40_device(opt.device, opt.package);
        flow.target_mhz = 1000.0 / clock_ns;
        flow.keep_work = opt.keep_work;
        synth::FpgaMacImplementer implementer(flow, progress);
        std::vector<synth::FpgaComparison> results;
        for (hw::UnitConfig c : configs) {
            if (c.auto_stages) c.clock_ns = clock_ns;  // planned for each clock of the sweep
            results.push_back(implementer.compare(c));
        }
        const auto ctx = synth::FpgaContext::of(flow);
        if (!f.markdown.empty()) f.markdown += "\n";
        f.markdown += synth::fpga_comparisons_markdown(results, ctx);
        for (const auto& r : results) f.json.push_back(synth::fpga_comparison_json(r, ctx));
        all.insert(all.end(), results.begin(), results.end());
    }
    synth::FpgaFlowOptions first;
    first.device = synth::ice40_device(opt.device, opt.package);
    first.target_mhz = 1000.0 / opt.clocks.front();
    f.csv = synth::fpga_comparisons_csv(all);
    f.svg = synth::fpga_comparisons_svg(all, synth::FpgaContext::of(first));
    return f;
}

void add_sweep_command(CLI::App& app) {
    auto opt = std::make_shared<SweepOptions>();
    auto* cmd = app.add_subcommand("sweep", "Synthesize a list of MAC configurations against their FP32 baselines: "
                                            "Markdown table, CSV and SVG chart");
    cmd->add_option("--liberty", opt->liberty, "Liberty library, .lib or .lib.gz (default: OSU 0.18 um from "
                                               "qflow-tech-osu018)");
    cmd->add_option("--clock", opt->clocks,
                    "Clock periods in ns, comma separated: ABC's delay target and the STA clock, each configuration "
                    "synthesized at each (with --stages auto planned for each); ice40: nextpnr's target 1000/NS MHz "
                    "for each")
        ->delimiter(',')
        ->check(finite_number())
        ->check(CLI::Range(0.01, 1000.0))
        ->capture_default_str();
    cmd->add_option("--out-dir", opt->out_dir, "Folder for sweep.md, sweep.csv, sweep.svg and sweep.json")
        ->check(output_folder())
        ->capture_default_str();
    const auto unit = UnitOptions::add(*cmd, {.lanes = false});
    auto* config = cmd->add_option("--config", opt->configs,
                                   "A configuration ACT,WGT[,static|runtime[,STAGES[,OUT]]] (repeatable; default: the "
                                   "one configuration of the unit options when any is given, else a built-in list of "
                                   "static/runtime, 0/2 stages, with/without encoder, several format pairs)");
    for (CLI::Option* o : unit->declared()) config->excludes(o);
    cmd->add_option("--lanes", opt->lanes,
                    "Lane counts, e.g. 1,2,4,8,16: each configuration (default: the unit options') as a K-lane dot-product "
                    "unit; also writes lanes.md and lanes.csv (area per MAC per cycle against the FP32 MAC)");
    cmd->add_option("--abc", opt->abc, "ABC script: default, delay, or both (side by side)")
        ->check(CLI::IsMember({"default", "delay", "both"}))
        ->capture_default_str();
    cmd->add_option("--target", opt->target, "asic (Liberty cells, OpenSTA) or ice40 (nextpnr-ice40)")
        ->check(CLI::IsMember({"asic", "ice40"}))
        ->capture_default_str();
    auto* device = cmd->add_option("--device", opt->device, "iCE40 part (--target ice40): hx1k, hx4k, hx8k, lp8k, up5k")
                       ->capture_default_str();
    auto* package = cmd->add_option("--package", opt->package, "iCE40 package (default: the part's largest)");
    cmd->add_flag("--power", opt->power,
                  "Power and energy per operation at the default toggle rate (asic; per-configuration activity: "
                  "ffp8 synth --activity)");
    auto* view = add_view_option(*cmd, opt->view);
    cmd->add_flag("--flat", opt->flat, "The same as --view built")->excludes(view);
    cmd->add_flag("--keep-work", opt->keep_work, "Keep the tools' work folders (scripts, logs, netlists)");
    cmd->callback([opt, unit, device, package] {
        std::vector<hw::UnitConfig> configs;
        for (const auto& spec : opt->configs) configs.push_back(synth::parse_config(spec));
        const std::vector<int> lanes = opt->lanes.empty() ? std::vector<int>{} : synth::parse_lane_list(opt->lanes);
        if (configs.empty())
            configs = lanes.empty() && unit->given().empty() ? synth::default_sweep()
                                                             : std::vector<hw::UnitConfig>{unit->config()};
        if (!lanes.empty()) configs = synth::with_lanes(configs, lanes);
        for (hw::UnitConfig c : configs) {  // reject bad options up front
            if (c.auto_stages) c.clock_ns = opt->clocks.front();
            c.validate();
        }
        const bool ice40 = opt->target == "ice40";
        if (ice40 && (!opt->liberty.empty() || opt->flat || opt->view != "both" || opt->abc != "default" || opt->power ||
                      !lanes.empty()))
            throw std::invalid_argument("--liberty, --view, --flat, --abc, --power and --lanes apply to --target asic only");
        if (ice40) synth::ice40_device(opt->device, opt->package);  // a bad name or package fails before any run
        if (!ice40 && (device->count() > 0 || package->count() > 0))
            throw std::invalid_argument("--device and --package apply to --target ice40 only");
        std::vector<RunPath> outputs;
        for (const char* name : {"sweep.md", "sweep.csv", "sweep.svg", "sweep.json"})
            outputs.push_back({fmt::format("--out-dir's {}", name), std::filesystem::path(opt->out_dir) / name});
        check_outputs_apart(outputs, {{"the --liberty file", opt->liberty}});
        std::filesystem::create_directories(opt->out_dir);

        std::function<void(std::string_view, std::string_view)> progress;
        if (::isatty(STDERR_FILENO))
            progress = [](std::string_view design, std::string_view step) {
                fmt::print(stderr, "ffp8 sweep: {}: {}\n", design, step);
            };
        write_sweep(opt->out_dir, ice40 ? ice40_sweep(*opt, configs, progress) : asic_sweep(*opt, configs, !lanes.empty(), progress));
    });
}

const Registration registration{62, add_sweep_command};

}  // namespace

}  // namespace ffp8::cli
