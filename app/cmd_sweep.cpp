// `ffp8 sweep`: `ffp8 synth` over a list of MAC configurations, as a Markdown table, a CSV
// and an SVG chart (each baseline synthesized once and reused).
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#include "commands.hpp"
#include "ffp8/atomic_file.hpp"
#include "ffp8/synth/lane_report.hpp"
#include "ffp8/synth/liberty_file.hpp"
#include "ffp8/synth/mac_comparison.hpp"
#include "ffp8/synth/report.hpp"
#include "ffp8/synth/svg_chart.hpp"
#include "ffp8/synth/sweep.hpp"

namespace ffp8::cli {

namespace {

struct SweepOptions {
    std::string liberty, out_dir = "synth-sweep", lanes;
    std::vector<std::string> configs;
    double clock_ns = 10;
    bool flat = false, keep_work = false;
};

void add_sweep_command(CLI::App& app) {
    auto opt = std::make_shared<SweepOptions>();
    auto* cmd = app.add_subcommand("sweep", "Synthesize a list of MAC configurations against their FP32 baselines: "
                                            "Markdown table, CSV and SVG chart");
    cmd->add_option("--liberty", opt->liberty, "Liberty library, .lib or .lib.gz (default: OSU 0.18 um from "
                                               "qflow-tech-osu018)");
    cmd->add_option("--clock", opt->clock_ns, "Clock period in ns: ABC's delay target and the STA clock")
        ->check(CLI::Range(0.01, 1000.0))
        ->capture_default_str();
    cmd->add_option("--out-dir", opt->out_dir, "Folder for sweep.md, sweep.csv, sweep.svg and sweep.json")
        ->capture_default_str();
    cmd->add_option("--config", opt->configs,
                    "A configuration ACT,WGT[,static|runtime[,STAGES[,OUT]]] (repeatable; default: a built-in list of "
                    "static/runtime, 0/2 stages, with/without encoder, several format pairs)");
    cmd->add_option("--lanes", opt->lanes,
                    "Lane counts, e.g. 1,2,4,8,16: each configuration (default ue4m4,se4m3) as a K-lane dot-product "
                    "unit; also writes lanes.md and lanes.csv (area per MAC per cycle against the FP32 MAC)");
    cmd->add_flag("--flat", opt->flat, "Flatten every design (optimises across blocks; no block breakdown)");
    cmd->add_flag("--keep-work", opt->keep_work, "Keep the tools' work folders (scripts, logs, netlists)");
    cmd->callback([opt] {
        std::vector<synth::MacConfig> configs;
        for (const auto& spec : opt->configs) configs.push_back(synth::parse_config(spec));
        const std::vector<int> lanes = opt->lanes.empty() ? std::vector<int>{} : synth::parse_lane_list(opt->lanes);
        if (configs.empty()) configs = lanes.empty() ? synth::default_sweep() : std::vector<synth::MacConfig>{synth::MacConfig{}};
        if (!lanes.empty()) configs = synth::with_lanes(configs, lanes);
        for (const auto& c : configs) hw::generate(synth::ffp8_options(c));  // reject bad options up front
        const synth::Library library(opt->liberty.empty() ? synth::default_liberty_path()
                                                          : std::filesystem::path(opt->liberty));
        std::filesystem::create_directories(opt->out_dir);

        std::size_t index = 0;
        const bool terminal = ::isatty(STDERR_FILENO);
        synth::MacSynthesizer::Progress progress;
        if (terminal)
            progress = [&](std::string_view design, std::string_view step) {
                fmt::print(stderr, "ffp8 sweep: [{}/{}] {}: {}\n", index + 1, configs.size(), design, step);
            };
        synth::FlowOptions flow;
        flow.clock_ns = opt->clock_ns;
        flow.keep_work = opt->keep_work;
        synth::MacSynthesizer synthesizer(library, flow, opt->flat, progress);
        std::vector<synth::MacComparison> results;
        for (index = 0; index < configs.size(); ++index) results.push_back(synthesizer.compare(configs[index]));

        const auto ctx = synth::FlowContext::of(library, opt->clock_ns, opt->flat);
        const std::filesystem::path dir = opt->out_dir;
        const std::string markdown = synth::comparisons_markdown(results, ctx);
        nlohmann::json json = nlohmann::json::array();
        for (const auto& r : results) json.push_back(synth::comparison_json(r, ctx));
        write_file_atomically(dir / "sweep.md", markdown);
        write_file_atomically(dir / "sweep.csv", synth::comparisons_csv(results));
        write_file_atomically(dir / "sweep.svg", synth::comparisons_svg(results, ctx));
        write_file_atomically(dir / "sweep.json", json.dump(2) + "\n");
        if (!lanes.empty()) {
            const std::string lanes_md = synth::lanes_markdown(results, ctx);
            write_file_atomically(dir / "lanes.md", lanes_md);
            write_file_atomically(dir / "lanes.csv", synth::lanes_csv(results));
            fmt::print("{}\n", lanes_md);
        }
        fmt::print("{}\nwritten: {}/sweep.md, sweep.csv, sweep.svg, sweep.json{}\n", markdown, dir.string(),
                   lanes.empty() ? "" : ", lanes.md, lanes.csv");
    });
}

const Registration registration{62, add_sweep_command};

}  // namespace

}  // namespace ffp8::cli
