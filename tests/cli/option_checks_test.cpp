// Impossible option values are refused before any work, in one error line naming the option and
// its value: signed or overflowing counts, NaN and infinite clocks, output paths that could only
// fail after the run, iCE40 packages, options the chosen design or target cannot honour, an
// activity file whose operation count is not what it holds, a Verilog keyword as --top; and
// `gen --force` replaces only a folder ffp8 gen wrote.
//
// Where the old behaviour was a long or endless run, each case adds an option that the old code
// refused right away (or hides the tools from PATH), so that it fails quickly on the old code too.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/scoped_environment.hpp"
#include "common/scratch_folder.hpp"
#include "run_process.hpp"

namespace ffp8::test {
namespace {

namespace fs = std::filesystem;

ProcessResult ffp8(std::vector<std::string> args) {
    args.insert(args.begin(), FFP8_EXECUTABLE);
    return run_process(args, "");
}

// One line on stderr, starting "ffp8: error: " and holding `what`, the exit status `status`
// (2: refused while parsing the command line), nothing on stdout.
void expect_refused(const std::vector<std::string>& args, const std::string& what, int status = 1) {
    std::string text = "ffp8";
    for (const auto& a : args) text += " " + a;
    SCOPED_TRACE(text);
    const ProcessResult r = ffp8(args);
    EXPECT_FALSE(r.signalled);
    EXPECT_EQ(r.exit_code, status) << r.err;
    EXPECT_EQ(r.err.rfind("ffp8: error: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.out, "");
}

using TempDir = ScratchFolder;

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// PATH without the tools (yosys, nextpnr, verilator) while it lives: a check that comes before
// the tools fails the same way with or without them, and a run that reaches a tool stops at once.
class NoToolsOnPath : ScopedEnvironment {
public:
    NoToolsOnPath() : ScopedEnvironment("PATH", "/nonexistent") {}
};

// `--mode runtime --activity F`: refused by the old code after parsing, before the run.
const std::vector<std::string> refused_after_parse{"--mode", "runtime", "--activity", "unused.vcd"};

std::vector<std::string> sim_with(std::vector<std::string> args) {
    args.insert(args.begin(), "sim");
    args.insert(args.end(), refused_after_parse.begin(), refused_after_parse.end());
    return args;
}

TEST(OptionChecks, CountsRefuseASignAndOverflow) {
    expect_refused(sim_with({"--ops", "-5"}), "--ops: '-5' is not a whole number of 0 or more", 2);
    expect_refused(sim_with({"--ops", "99999999999999999999999"}), "--ops: '99999999999999999999999' is larger than 2^64 - 1", 2);
    expect_refused(sim_with({"--seed", "-1"}), "--seed: '-1' is not a whole number of 0 or more", 2);
    expect_refused(sim_with({"--activity-ops", "0"}), "--activity-ops: '0' is not a whole number of 1 or more", 2);
    expect_refused(sim_with({"--activity-ops", "-5"}), "--activity-ops: '-5' is not a whole number", 2);
    expect_refused({"bench", "--seed", "-5", "--act", "fp32"}, "--seed: '-5' is not a whole number", 2);
}

TEST(OptionChecks, OptionsTheRunIgnoresAreRefused) {
    expect_refused(sim_with({"--exhaustive", "--ops", "5"}), "--ops excludes --exhaustive", 2);
    expect_refused({"sim", "--activity-ops", "10", "--mode", "runtime"}, "--activity-ops requires --activity", 2);
    expect_refused({"synth", "--baseline-operands", "exact", "--liberty", "/nonexistent.lib"},
                   "--baseline-operands requires --activity", 2);
    expect_refused({"synth", "--device", "hx1k", "--liberty", "/nonexistent.lib"},
                   "--device and --package apply to --target ice40 only");
    expect_refused({"synth", "--package", "ct256", "--liberty", "/nonexistent.lib"},
                   "--device and --package apply to --target ice40 only");
    const TempDir tmp;
    expect_refused({"sweep", "--package", "ct256", "--liberty", "/nonexistent.lib", "--out-dir", tmp / "sweep"},
                   "--device and --package apply to --target ice40 only");
}

TEST(OptionChecks, SynthesisViews) {
    const TempDir tmp;
    for (const std::string cmd : {"synth", "sweep"}) {
        std::vector<std::string> base{cmd, "--liberty", "/nonexistent.lib"};
        if (cmd == "sweep") base.insert(base.end(), {"--out-dir", tmp / "sweep"});
        auto with = [&](std::vector<std::string> extra) {
            auto a = base;
            a.insert(a.end(), extra.begin(), extra.end());
            return a;
        };
        expect_refused(with({"--view", "flat"}), "--view: flat not in {built,blocks,both}", 2);
        expect_refused(with({"--flat", "--view", "blocks"}), "excludes --", 2);
        expect_refused(with({"--view", "built", "--target", "ice40"}),
                       "--liberty, --view, --flat, --abc, --power and --", 1);
        // A good view passes the checks: the run then stops at the missing library.
        expect_refused(with({"--view", "blocks"}), "/nonexistent.lib");
        expect_refused(with({"--flat"}), "/nonexistent.lib");
    }
}

TEST(OptionChecks, ClockMustBeFinite) {
    for (const char* clock : {"nan", "NaN", "inf", "-inf"}) {
        expect_refused({"synth", "--clock", clock, "--lanes", "3"}, std::string("--clock: '") + clock + "' is not a finite number", 2);
        expect_refused({"sweep", "--clock", clock, "--lanes", "3"}, std::string("--clock: '") + clock + "' is not a finite number", 2);
    }
    expect_refused({"synth", "--clock", "-1", "--lanes", "3"}, "--clock: Value -1 not in range", 2);
    // --stages auto: the clock it plans for is refused before any work too, in every command.
    for (const char* clock : {"nan", "0", "-5"}) {
        const std::string why = std::string(clock) == "nan" ? "is not a finite number" : "not in range";
        expect_refused({"synth", "--stages", "auto", "--clock", clock}, why, 2);
        expect_refused({"gen", "--stages", "auto", "--clock", clock, "-o", "unused"}, why, 2);
        expect_refused({"sim", "--stages", "auto", "--clock", clock}, why, 2);
        expect_refused({"sweep", "--stages", "auto", "--clock", std::string("5,") + clock}, why, 2);
    }
    expect_refused({"synth", "--stages", "auto", "--target", "ice40", "--lanes", "8"}, "--lanes > 1 applies to the ASIC", 1);
    expect_refused({"gen", "--clock", "5", "-o", "unused"}, "--clock applies to --stages auto only", 1);
    expect_refused({"gen", "--target", "ice40", "-o", "unused"}, "--target applies to --stages auto only", 1);
    expect_refused({"gen", "--stages", "auto", "--clock", "20", "--target", "ice40", "--abc", "delay", "-o", "unused"},
                   "--liberty and --abc apply to --target asic only", 1);
    expect_refused({"sim", "--stages", "auto", "--clock", "20", "--device", "hx1k"},
                   "--device and --package apply to --target ice40 only", 1);
    expect_refused({"sim", "--stages", "auto", "--clock", "20", "--target", "ice40", "--package", "zz99"}, "zz99", 1);
    expect_refused({"sim", "--stages", "auto", "--clock", "5", "--rtl", "somewhere"}, "--rtl DIR is built already", 1);
}

TEST(OptionChecks, OutputPathsAreCheckedBeforeTheRun) {
    TempDir tmp;
    const std::string missing = tmp / "missing/out.json", file = tmp / "file.txt";
    write(file, "x");
    const std::string no_folder = "folder '" + tmp / "missing" + "' does not exist";
    expect_refused({"synth", "--json", missing, "--lanes", "3"}, "--json: '" + missing + "': " + no_folder, 2);
    expect_refused({"synth", "--csv", tmp / "", "--lanes", "3"}, "is a folder, not a file", 2);
    expect_refused({"synth", "--json", file + "/x.json", "--lanes", "3"}, "'" + file + "' is not a folder", 2);
    expect_refused(sim_with({"--junit", missing}), "--junit: '" + missing + "': " + no_folder, 2);
    expect_refused(sim_with({"--trace", missing}), "--trace: '" + missing + "'", 2);
    expect_refused({"sim", "--mode", "runtime", "--activity", missing}, "--activity: '" + missing + "'", 2);
    expect_refused({"bench", "--json-file", missing, "--act", "fp32"}, "--json-file: '" + missing + "'", 2);
    expect_refused({"eval", "--json", missing}, "--json: '" + missing + "'", 2);
    expect_refused({"sweep", "--out-dir", file + "/sweep", "--lanes", "3"}, "--out-dir: '" + file + "/sweep': '" + file + "' is not a folder", 2);
    expect_refused({"sweep", "--out-dir", file, "--lanes", "3"}, "'" + file + "' is not a folder", 2);
    // Missing folders sweep creates, under a folder that exists, pass the check.
    expect_refused({"sweep", "--out-dir", tmp / "new/nested", "--lanes", "3"}, "--lanes '3'");
}

// An empty value is refused, naming the option, never read as "not given" (the old code ran the
// default: sim without --rtl, golden on standard input, gen with the default top).
TEST(OptionChecks, EmptyValuesAreRefused) {
    TempDir tmp;
    const NoToolsOnPath no_tools;  // the old code's default runs stop at once
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {sim_with({"--rtl", ""}), "--rtl"},
        {sim_with({"--vectors", ""}), "--vectors"},
        {sim_with({"--junit", ""}), "--junit"},
        {{"gen", "-o", ""}, "--output"},
        {{"gen", "-o", tmp / "rtl", "--top", ""}, "--top"},
        {{"golden", "decode", "-f", "ocp-e4m3", "-i", ""}, "--input"},
        {{"golden", "mac", "--act", "ue4m4", "--wgt", "se4m3", "--input", ""}, "--input"},
        {{"eval", "--model", ""}, "--model"},
        {{"eval", "--models-dir", "", "--list"}, "--models-dir"},
        {{"synth", "--liberty", "", "--lanes", "3"}, "--liberty"},
        {{"sweep", "--out-dir", "", "--lanes", "3"}, "--out-dir"},
        {{"synth", "--out", "", "--lanes", "3"}, "--out"},
        {{"calibrate", ""}, "tensor"},
        {{"format", ""}, "name"},
    };
    for (const auto& [args, option] : cases) expect_refused(args, option + ": an empty value", 2);
    EXPECT_FALSE(fs::exists(tmp / "rtl"));
}

TEST(OptionChecks, Ice40PackagesAreCheckedBeforeAnyTool) {
    const NoToolsOnPath no_tools;
    expect_refused({"synth", "--target", "ice40", "--package", "zz99"},
                   "unknown iCE40 package 'zz99' for hx8k (known: ct256, cb132, bg121, cm225, cm121, cm81)");
    expect_refused({"synth", "--target", "ice40", "--device", "up5k", "--package", "ct256"},
                   "unknown iCE40 package 'ct256' for up5k (known: sg48, uwg30)");
    expect_refused({"sweep", "--target", "ice40", "--device", "hx1k", "--package", "sg48"},
                   "unknown iCE40 package 'sg48' for hx1k");
    // A known package gets as far as the tools (here: missing from PATH).
    const ProcessResult r = ffp8({"synth", "--target", "ice40", "--device", "up5k", "--package", "uwg30"});
    EXPECT_NE(r.err.find("cannot run yosys"), std::string::npos) << r.err;
    if (const auto at = r.err.find("work folder kept: "); at != std::string::npos)
        fs::remove_all(r.err.substr(at + 18, r.err.find(']', at) - at - 18));
}

// The ports of `ffp8 sim --activity`, the header claiming `ops`, and `cycles` cycles in reset.
std::string activity_claiming(const std::string& ops, int cycles) {
    std::string vcd = "$comment ffp8-activity {\"act\":\"ue4m4b7\",\"wgt\":\"se4m3b7\",\"out\":null,\"mode\":\"static\","
                      "\"stages\":0,\"lanes\":1,\"latency\":1,\"ops\":" + ops + "} $end\n$timescale 1ns $end\n"
                      "$scope module ffp8_mac $end\n$var wire 1 ! clk $end\n$var wire 1 \" rst $end\n"
                      "$var wire 1 # in_valid $end\n$upscope $end\n$enddefinitions $end\n";
    for (int k = 0; k < cycles; ++k) {
        vcd.append("#").append(std::to_string(10 * k)).append("\n0!\n1\"\n0#\n");  // in reset, no operation
        vcd.append("#").append(std::to_string(10 * k + 5)).append("\n1!\n");        // the rising edge
    }
    return vcd;
}

TEST(OptionChecks, ActivityFileMustHoldTheOperationsItClaims) {
    TempDir tmp;
    const std::string huge = tmp / "huge.vcd", negative = tmp / "negative.vcd", fewer = tmp / "fewer.vcd";
    write(huge, activity_claiming("18446744073709551615", 3));
    write(negative, activity_claiming("-5", 3));
    write(fewer, activity_claiming("1.5", 3));
    // Before the Liberty file is read (and long before synthesis).
    const std::vector<std::string> synth{"synth", "--liberty", "/nonexistent.lib", "--activity"};
    auto with = [&](const std::string& file) {
        auto a = synth;
        a.push_back(file);
        return a;
    };
    expect_refused(with(huge), huge + ": activity file: the ffp8-activity comment claims 18446744073709551615 operations, "
                                      "the file holds 0");
    expect_refused(with(negative), negative + ": activity file: the ffp8-activity comment's ops -5 is not a count");
    expect_refused(with(fewer), fewer + ": activity file: the ffp8-activity comment's ops 1.5 is not a count");
}

TEST(OptionChecks, SimActivityNeedsAStaticMacDesignBeforeTheRun) {
    TempDir tmp;
    const std::string runtime = tmp / "runtime";
    ASSERT_EQ(ffp8({"gen", "--mode", "runtime", "-o", runtime}).exit_code, 0);
    const NoToolsOnPath no_tools;  // the old code verilated (or ran) the design, then refused
    // With --rtl: the folder's design (runtime here) decides, not the options' default (static).
    expect_refused({"sim", "--rtl", runtime, "--ops", "10", "--activity", tmp / "a.vcd"},
                   "--activity: static designs only (not the runtime-format unit)");
    expect_refused({"sim", "--act", "fp32", "--wgt", "fp32", "--ops", "10", "--activity", tmp / "a.vcd"},
                   "--activity: FFP8 operand formats only");
    EXPECT_FALSE(fs::exists(tmp / "a.vcd"));
}

// An output never overwrites an input of the run, nor another output: the same file by another
// name (./x, a symbolic or hard link, a/../a) included; refused before any work, nothing written.
TEST(OptionChecks, OutputsNeverOverwriteInputsOrEachOther) {
    TempDir tmp;
    const std::string rtl = tmp / "rtl", vectors = tmp / "v.tf";
    ASSERT_EQ(ffp8({"gen", "-o", rtl}).exit_code, 0);
    const std::string manifest = read(rtl + "/manifest.json"), verilog = read(rtl + "/ffp8_mac.v");
    write(vectors, "3f800000 3c800000 00000000 3f800000 00\n");
    fs::create_symlink(vectors, tmp / "link.tf");
    fs::create_hard_link(vectors, tmp / "hard.tf");
    write(tmp / "cells.lib", "library (x) { }\n");
    const NoToolsOnPath no_tools;  // where the old code ran tools first, it fails at once
    const std::string is_input = ": an output never overwrites an input";
    expect_refused({"sim", "--mode", "runtime", "--vectors", vectors, "--junit", tmp / "./v.tf"},
                   "--junit '" + tmp / "./v.tf" + "' is the --vectors file" + is_input);
    expect_refused({"sim", "--mode", "runtime", "--vectors", tmp / "link.tf", "--junit", tmp / "hard.tf"},
                   "is the --vectors file" + is_input);
    expect_refused({"sim", "--rtl", rtl, "--junit", rtl + "/manifest.json"},
                   "is the --rtl folder's manifest.json" + is_input);
    expect_refused({"sim", "--rtl", rtl, "--activity", rtl + "/../rtl/ffp8_mac.v"},
                   "is the --rtl folder's ffp8_mac.v" + is_input);
    expect_refused({"sim", "--mode", "runtime", "--junit", tmp / "a.xml", "--trace", tmp / "a.xml"},
                   "--junit and --trace both name '" + tmp / "a.xml" + "': one output would replace the other");
    expect_refused({"synth", "--json", tmp / "r", "--csv", tmp / "./r"}, "--json and --csv both name");
    expect_refused({"synth", "--json", tmp / "cells.lib", "--liberty", tmp / "cells.lib"}, "is the --liberty file" + is_input);
    expect_refused({"sweep", "--out-dir", tmp.path(), "--liberty", tmp / "sweep.csv"},
                   "--out-dir's sweep.csv '" + tmp / "sweep.csv" + "' is the --liberty file" + is_input);
    expect_refused({"gen", "-o", tmp.path(), "--force", "--stages", "auto", "--clock", "5", "--liberty", tmp / "cells.lib"},
                   "holds the --liberty file '" + tmp / "cells.lib" + "': the output folder would replace an input");
    EXPECT_EQ(read(rtl + "/manifest.json"), manifest);
    EXPECT_EQ(read(rtl + "/ffp8_mac.v"), verilog);
    EXPECT_EQ(read(vectors), "3f800000 3c800000 00000000 3f800000 00\n");
    EXPECT_EQ(read(tmp / "cells.lib"), "library (x) { }\n");
    for (const char* never : {"a.xml", "r", "sweep.md"}) EXPECT_FALSE(fs::exists(tmp / never)) << never;
}

TEST(OptionChecks, EvalJsonNeverOverwritesTheModelOrTheImages) {
    TempDir tmp;
    const std::string models = tmp / "models";
    fs::create_directories(models);
    fs::copy(FFP8_SOURCE_DIR "/dnn/models/mlp", models + "/mlp", fs::copy_options::recursive);
    const std::string definition = read(models + "/mlp/model.json");
    expect_refused({"eval", "--model", "mlp", "--models-dir", models, "--json", models + "/mlp/model.json", "--limit", "1"},
                   "lies in the model folder of mlp '" + models + "/mlp': an output never writes among the inputs");
    EXPECT_EQ(read(models + "/mlp/model.json"), definition);
    const std::string data = tmp / "data";
    fs::create_directories(data);
    write(data + "/t10k-labels-idx1-ubyte", "labels");
    expect_refused({"eval", "--model", "mlp", "--models-dir", models, "--data-dir", data, "--json",
                    data + "/t10k-labels-idx1-ubyte", "--limit", "1"},
                   "is a Fashion-MNIST file: an output never overwrites an input");
    EXPECT_EQ(read(data + "/t10k-labels-idx1-ubyte"), "labels");
}

TEST(OptionChecks, TopMustNotBeAVerilogOrSystemVerilogKeyword) {
    TempDir tmp;
    for (const char* keyword : {"uwire", "generate", "interface", "logic", "always_ff", "unique0"}) {
        expect_refused({"gen", "--top", keyword, "-o", tmp / "out"},
                       std::string("--top '") + keyword + "' is a Verilog-2005 or SystemVerilog keyword, not a module name");
        EXPECT_FALSE(fs::exists(tmp / "out")) << keyword;
    }
    ASSERT_EQ(ffp8({"gen", "--top", "Interface", "-o", tmp / "out"}).exit_code, 0);  // case matters
}

TEST(OptionChecks, GenForceReplacesOnlyAFolderFfp8GenWrote) {
    TempDir tmp;
    const std::string dir = tmp / "mine";
    fs::create_directories(dir + "/sub");
    write(dir + "/notes.txt", "keep me");
    const std::string refused = dir + " is not a folder written by ffp8 gen (";
    expect_refused({"gen", "-o", dir, "--force"}, refused + "no manifest.json): not replacing it");
    write(dir + "/manifest.json", "{ not json");
    expect_refused({"gen", "-o", dir, "--force"}, refused + "its manifest.json is not JSON): not replacing it");
    write(dir + "/manifest.json", "{\"files\": []}");
    expect_refused({"gen", "-o", dir, "--force"}, refused + "its manifest.json was not written by ffp8 gen): not replacing it");
    write(dir + "/manifest.json", "{\"generator\": \"ffp8 gen\"}");
    expect_refused({"gen", "-o", dir, "--force"}, refused + "its manifest.json holds no unit configuration");
    EXPECT_EQ(read(dir + "/notes.txt"), "keep me");
    EXPECT_TRUE(fs::is_directory(dir + "/sub"));
    // A folder ffp8 gen wrote is replaced, as before.
    const std::string design = tmp / "design";
    ASSERT_EQ(ffp8({"gen", "-o", design}).exit_code, 0);
    const ProcessResult again = ffp8({"gen", "--act", "fp32", "--wgt", "fp32", "-o", design, "--force"});
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(read(design + "/manifest.json").find("\"baseline\": true"), std::string::npos);
}

}  // namespace
}  // namespace ffp8::test
