// `ffp8 sim`: cycle-accurate co-simulation of the generated (or a hand-edited) MAC RTL against
// the golden cycle model, every output compared on every cycle (sim/).
#include <fmt/format.h>
#include <memory>
#include <stdexcept>
#include <string>

#include "commands.hpp"
#include "output_paths.hpp"
#include "ffp8/sim/activity_vcd.hpp"
#include "ffp8/sim/design.hpp"
#include "ffp8/sim/prebuilt.hpp"
#include "ffp8/sim/simulate.hpp"
#include "option_checks.hpp"
#include "plan_options.hpp"
#include "unit_options.hpp"

namespace ffp8::cli {

namespace {

void add_sim_command(CLI::App& app) {
    struct Options {
        std::string rtl, harness = "cpp", trace = "ffp8-sim-mismatch.fst", junit;
        uint64_t ops = 100'000, seed = 1;
        std::string activity;
        uint64_t activity_ops = 2000;
        uint64_t timeout = 120;
        bool exhaustive = false;
        std::string vectors, vector_format = "testfloat", slot_order = "mixed";
    };
    auto opt = std::make_shared<Options>();
    auto* cmd = app.add_subcommand(
        "sim", "Co-simulate the MAC RTL (Verilator) against the golden cycle model, every output on every cycle");
    const auto unit = UnitOptions::add(*cmd, {.lanes = true});
    const auto plan = PlanOptions::add(*cmd);
    cmd->get_option("--mode")->description(
        "static: formats built in (verilated on demand, cached); runtime: formats on ports (the unit verilated with the "
        "build: any format pair, no new build)");
    cmd->get_option("--stages")->description(fmt::format(
        "Pipeline registers before the accumulate stage (0..{}; runtime mode without it: {} with --input-stage, the unit the "
        "build verilated)",
        hw::UnitConfig::max_stages, sim::prebuilt_runtime_stages()));
    cmd->get_option("--lanes")->description(
        "Products per operation: 2, 4, 8, 16 check the K-lane dot-product unit against the golden DotUnit (static or runtime "
        "formats)");
    cmd->add_option("--rtl", opt->rtl,
                    "Check the RTL in this folder (written by ffp8 gen, maybe edited by hand); the unit options given must "
                    "agree with its manifest, except --act and --wgt of a runtime design (the pair under test)");
    auto* ops = cmd->add_option("--ops", opt->ops, "Random operations after the directed corners")
                    ->check(whole_number())
                    ->capture_default_str();
    cmd->add_option("--seed", opt->seed, "Seed of the random stimulus")->check(whole_number())->capture_default_str();
    cmd->add_flag("--exhaustive", opt->exhaustive,
                  "All 2^(n_A + n_W) (a, w) code pairs (65,536 for 8-bit formats) against a set of addends instead of random operations")
        ->excludes(ops);  // it runs no random operations
    auto* vectors = cmd->add_option("--vectors", opt->vectors,
                                    "Run the operations of this file (- for standard input), one a line, instead of "
                                    "random ones; results checked against the lines' RESULT FLAGS too");
    vectors->excludes(cmd->get_option("--exhaustive"))->excludes(cmd->get_option("--ops"));
    cmd->add_option("--vector-format", opt->vector_format,
                    "testfloat: TestFloat f32_mulAdd lines 'A B C RESULT FLAGS' (acc = C; with --slots, slots "
                    "round-robin); batch: 'ACC A W [SLOT] [RESULT FLAGS]' (ffp8 golden mac; SLOT with --slots 2, 4, 8)")
        ->check(CLI::IsMember({"testfloat", "batch"}))
        ->capture_default_str();
    cmd->add_option("--slot-order", opt->slot_order,
                    "With --slots 2, 4, 8: how the random stimulus picks each operation's slot, every schedule legal "
                    "(round-robin; random, often at the tightest legal distance; mixed: stretches of both)")
        ->check(CLI::IsMember({"round-robin", "random", "mixed"}))
        ->capture_default_str();
    cmd->add_option("--harness", opt->harness, "cpp (Verilated C++ model) or systemc (sc_module testbench)")
        ->check(CLI::IsMember({"cpp", "systemc"}))
        ->capture_default_str();
    cmd->add_option("--trace", opt->trace, "FST waveform of the cycles around the first mismatch")
        ->check(output_file())
        ->capture_default_str();
    cmd->add_option("--junit", opt->junit, "Write a JUnit XML report here")->check(output_file());
    cmd->add_option("--timeout", opt->timeout,
                    "Stop a simulator that completes no cycle for this many seconds (a hang in the RTL's model); "
                    "a long run that makes progress is never stopped")
        ->check(whole_number(1))
        ->check(CLI::Range(uint64_t{1}, uint64_t{31'536'000}))  // a year: any longer overflows nothing, means nothing
        ->capture_default_str();
    auto* activity = cmd->add_option("--activity", opt->activity,
                                     "After a passing run: write a VCD of the ports over --activity-ops random operations "
                                     "(static designs; for ffp8 synth --activity)")
                         ->check(output_file());
    cmd->add_option("--activity-ops", opt->activity_ops, "Operations in the --activity file")
        ->check(whole_number(1))
        ->needs(activity)
        ->capture_default_str();
    cmd->callback([opt, unit, plan] {
        sim::SimRequest r;
        r.unit = unit->config();
        r.given = unit->given();
        if (r.unit.auto_stages && !opt->rtl.empty())
            throw std::invalid_argument("--stages auto plans a new unit; --rtl DIR is built already (its manifest "
                                        "gives its --cuts)");
        std::vector<RunPath> inputs{{"the --vectors file", opt->vectors}};
        if (!opt->rtl.empty()) {
            const std::filesystem::path dir = opt->rtl;
            inputs.push_back({"the --rtl folder's manifest.json", dir / "manifest.json"});
            for (const std::string& f : sim::read_design(dir).verilog_files)
                inputs.push_back({fmt::format("the --rtl folder's {}", f), dir / f});
        }
        check_outputs_apart({{"--junit", opt->junit}, {"--trace", opt->trace}, {"--activity", opt->activity}}, inputs);
        r.unit = plan->resolve(r.unit, "sim");
        r.rtl_dir = opt->rtl;
        r.stimulus.ops = opt->ops;
        r.stimulus.seed = opt->seed;
        r.stimulus.exhaustive = opt->exhaustive;
        r.stimulus.vectors = opt->vectors;
        r.stimulus.vector_format = sim::parse_vector_format(opt->vector_format);
        r.stimulus.slot_order = sim::parse_slot_order(opt->slot_order);
        r.harness = sim::parse_harness(opt->harness);
        r.trace_path = opt->trace;
        r.junit_path = opt->junit;
        r.stall_limit = std::chrono::seconds(opt->timeout);
        // Before the run, not after it; of the design run (with --rtl, the folder's).
        if (!opt->activity.empty()) sim::check_activity_design(sim::make_job(r).design.unit);
        if (sim::simulate(r) != 0)
            throw std::runtime_error(opt->vectors.empty()
                                         ? "the RTL differs from the golden model (report above)"
                                         : "the RTL differs from the golden model or the vectors' results (report above)");
        if (!opt->activity.empty())
            sim::write_activity_vcd(sim::make_job(r).design, {opt->activity_ops, opt->seed}, opt->activity);
    });
}

const Registration registration{50, add_sim_command};

}  // namespace

}  // namespace ffp8::cli
