// Error messages, run as a user would: the user's file (and line) is named, never an internal
// temporary path; echoed fields are quoted with control bytes escaped and long ones cut, so a NUL
// cannot cut the reason short, an escape sequence cannot reach the terminal and a 100 kB field is
// not echoed whole.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "common/scoped_environment.hpp"
#include "common/scratch_folder.hpp"
#include "run_process.hpp"

namespace ffp8::test {
namespace {

using namespace std::string_literals;

ProcessResult ffp8(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), FFP8_EXECUTABLE);
    return run_process(args, input);
}

// The run failed with exactly one line on stderr, `ffp8: error: ` and then `message`.
void expect_error_line(const ProcessResult& r, const std::string& message) {
    EXPECT_FALSE(r.signalled);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_EQ(r.err, "ffp8: error: " + message + "\n");
}

const std::vector<std::string> decode{"golden", "decode", "--format", "ocp-e4m3"};

TEST(Messages, ANulInALineFieldIsShownWithTheTextAfterIt) {
    expect_error_line(ffp8(decode, "3c\n3\0zz\n"s), "line 2: code '3\\x00zz' is not hex of at most 2 digits");
}

TEST(Messages, EscapeSequencesAndOtherControlBytesAreWrittenOut) {
    const ProcessResult r = ffp8(decode, "\x1b[2J\x07\x7f\n");
    expect_error_line(r, "line 1: code '\\x1b[2J\\x07\\x7f' is not hex of at most 2 digits");
    EXPECT_EQ(r.err.find('\x1b'), std::string::npos);
    const ProcessResult name = ffp8({"format", "se4m3\x1b]0;x\x07"});
    EXPECT_NE(name.err.find("malformed format name 'se4m3\\x1b]0;x\\x07'"), std::string::npos) << name.err;
    EXPECT_EQ(name.err.find('\x1b'), std::string::npos);
}

TEST(Messages, ALongFieldIsCutAndItsLengthGiven) {
    const ProcessResult r = ffp8(decode, std::string(100000, 'z') + "\n");
    expect_error_line(r, "line 1: code '" + std::string(64, 'z') + "...' (100000 bytes) is not hex of at most 2 digits");
    const ProcessResult option = ffp8({"sim", "--ops", std::string(100000, '9')});
    EXPECT_NE(option.exit_code, 0);
    EXPECT_LT(option.err.size(), 300u);
    EXPECT_NE(option.err.find("(100000 bytes)"), std::string::npos) << option.err.substr(0, 300);
}

TEST(Messages, AnInputWithoutLineBreaksIsALineTooLong) {
    expect_error_line(ffp8(decode, "3c\n" + std::string(3u << 20, '\0')), "line 2: line longer than 1048576 bytes");
    const ProcessResult last = ffp8(decode, "3c\n38");  // a last line without a line break is a line
    EXPECT_EQ(last.exit_code, 0) << last.err;
    EXPECT_EQ(std::count(last.out.begin(), last.out.end(), '\n'), 2) << last.out;
}

// A little-endian float32 .npy file, written here byte by byte (NumPy format version 1.0).
void write_npy(const std::filesystem::path& path, const std::vector<float>& values) {
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(values.size()) + ",), }";
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::string bytes = "\x93NUMPY\x01\x00"s;
    bytes += static_cast<char>(header.size() & 0xff);
    bytes += static_cast<char>(header.size() >> 8);
    bytes += header;
    for (const float v : values) {
        std::uint32_t bits;
        std::memcpy(&bits, &v, 4);
        for (int i = 0; i < 4; ++i) bytes += static_cast<char>((bits >> (8 * i)) & 0xff);
    }
    std::ofstream(path, std::ios::binary) << bytes;
}

TEST(Messages, CalibrateNamesTheTensorFileAndTheElement) {
    const ScratchFolder dir("ffp8_messages_test");
    const std::string good = dir / "good.npy";
    write_npy(good, {0.5f, -1.0f, 2.0f});
    ASSERT_EQ(ffp8({"calibrate", good, "--role", "weight"}).exit_code, 0);

    expect_error_line(ffp8({"calibrate", dir.path().string(), "--role", "weight"}),
                      dir.path().string() + ": is a folder, not a .npy file");
    const float inf = std::numeric_limits<float>::infinity();
    const std::vector<std::pair<float, std::string>> cases{
        {std::numeric_limits<float>::quiet_NaN(), "NaN"}, {inf, "+Inf"}, {-inf, "-Inf"}};
    for (const auto& [bad, name] : cases) {
        const std::string tensor = dir / "bad.npy";
        write_npy(tensor, {0.5f, 1.0f, 0.25f, bad, 2.0f, 3.0f});
        expect_error_line(ffp8({"calibrate", tensor, "--role", "weight"}),
                          tensor + ": element 3 of 6 is " + name + "; the values must be finite");
    }
}

TEST(Messages, ABadLibertyFileIsNamed) {
    const ScratchFolder dir("ffp8_messages_test");
    const std::string lib = dir / "cells.lib";
    std::ofstream(lib) << "/* no library group */\n";
    const ProcessResult r = ffp8({"synth", "--liberty", lib, "--json", dir / "out.json"});
    expect_error_line(r, lib + ": Liberty: no library group found");
}

// The real cause: a bias too large for an int is out of range (not "missing"); a path under a
// file is "Not a directory" (not "not found"); a failed open gives its errno.
TEST(Messages, CausesAreTheRealOnes) {
    expect_error_line(ffp8({"format", "se4m3b99999999999999999999"}),
                      "format se4m3: bias '99999999999999999999' makes values that binary32 cannot hold exactly; "
                      "legal bias for se4m3 is -112..147");
    expect_error_line(ffp8({"format", "ue4m4b-99999999999-ieee"}),
                      "format ue4m4: bias '-99999999999' makes values that binary32 cannot hold exactly; legal bias "
                      "for ue4m4-ieee is -113..146");
    const ProcessResult width = ffp8({"format", "se99999999999m3"});
    EXPECT_NE(width.err.find("exponent width '99999999999' is out of range"), std::string::npos) << width.err;
    const ScratchFolder dir("ffp8_messages_test");
    const std::string file = dir / "file";
    std::ofstream(file) << "x";
    expect_error_line(ffp8({"synth", "--liberty", file + "/cells.lib", "--json", dir / "out.json"}),
                      "cannot read Liberty file " + file + "/cells.lib: Not a directory");
    expect_error_line(ffp8({"eval", "--model", "mlp", "--data-dir", file, "--limit", "1"}),
                      "Fashion-MNIST folder " + file + " is a file, not a folder");
    const std::string data = dir / "data";
    for (const char* name : {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                             "t10k-labels-idx1-ubyte.gz"})
        std::filesystem::create_directories(data + "/" + name);
    expect_error_line(ffp8({"eval", "--model", "mlp", "--data-dir", data, "--limit", "1"}),
                      "cannot read " + data + "/train-images-idx3-ubyte.gz: Is a directory");
}

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

// Verilator's errors on a user's RTL folder name the user's files, not the cache's copies.
// XDG_CACHE_HOME pointed at `dir` while it lives: simulators built in a test stay in the test.
class OwnCache : ScopedEnvironment {
public:
    explicit OwnCache(const std::string& dir) : ScopedEnvironment("XDG_CACHE_HOME", dir) {}
};

TEST(Messages, VerilatorErrorsNameTheUsersRtlFolder) {
    const ScratchFolder dir("ffp8_messages_test");
    const std::string rtl = dir / "rtl";
    ASSERT_EQ(ffp8({"gen", "-o", rtl}).exit_code, 0);
    std::ofstream(rtl + "/ffp8_mac.v", std::ios::app) << "\nthis is not verilog;\n";
    const OwnCache cache(dir / "cache");
    const ProcessResult r = ffp8({"sim", "--rtl", rtl, "--ops", "10"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("Verilator cannot read the Verilog: %Error: " + rtl + "/ffp8_mac.v:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(rtl + "/ffp8_mac.v:"), std::string::npos) << r.err;
    EXPECT_EQ(occurrences(r.err, "ffp8_mac.v:"), occurrences(r.err, rtl + "/ffp8_mac.v:"))
        << "every file the log names is the user's: " << r.err;
}

// `gen` and `sim` with --stages auto and `plan` (the clock and target), the plan line of each
// (found by `planned`), and the manifest gen wrote; the measurement cache in `dir`.
struct PlannedRuns {
    ProcessResult gen, sim;
    std::string gen_plan, sim_plan, manifest;
};

PlannedRuns plan_and_cosimulate(const ScratchFolder& dir, const std::vector<std::string>& plan, const std::string& planned) {
    const char* saved = ::getenv("XDG_CACHE_HOME");
    const std::string saved_cache = saved ? saved : "";
    ::setenv("XDG_CACHE_HOME", (dir / "cache").c_str(), 1);
    std::vector<std::string> gen_args{"gen", "--stages", "auto", "-o", dir / "rtl"}, sim_args{"sim", "--stages", "auto", "--ops", "3000"};
    gen_args.insert(gen_args.end(), plan.begin(), plan.end());
    sim_args.insert(sim_args.end(), plan.begin(), plan.end());
    PlannedRuns r{ffp8(gen_args), ffp8(sim_args), {}, {}, {}};
    if (saved) ::setenv("XDG_CACHE_HOME", saved_cache.c_str(), 1);
    else ::unsetenv("XDG_CACHE_HOME");
    const auto plan_of = [&](const std::string& err) {
        const auto at = err.find(planned);
        return at == std::string::npos ? std::string() : err.substr(at, err.find('\n', at) - at);
    };
    r.gen_plan = plan_of(r.gen.err);
    r.sim_plan = plan_of(r.sim.err);
    std::ifstream manifest(dir / "rtl/manifest.json");
    r.manifest.assign((std::istreambuf_iterator<char>(manifest)), std::istreambuf_iterator<char>());
    return r;
}

// --stages auto in gen and sim: the same plan (the first run measures the blocks on OSU 0.18 um
// and caches them, the second reads the cache), the manifest records it, and sim co-simulates the
// planned unit against the golden model.
// Text `edit` (a replacement of `from` by `to` in `file`) on a copy of a generated design.
std::string edited_design(const ScratchFolder& dir, const std::string& name, const std::string& file,
                          const std::string& from, const std::string& to) {
    const std::string rtl = dir / name;
    EXPECT_EQ(ffp8({"gen", "-o", rtl}).exit_code, 0);
    std::string text = read_whole_file(rtl + "/" + file);
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    std::ofstream(rtl + "/" + file, std::ios::binary | std::ios::trunc) << text;
    return rtl;
}

// A manifest that contradicts its Verilog (or its own options) is one line naming it, before
// anything is verilated (the old code reached g++ with a page of template errors, or passed).
TEST(Messages, ManifestsAreCheckedAgainstTheirVerilog) {
    const ScratchFolder dir("ffp8_messages_test");
    const OwnCache cache(dir / "cache");
    const struct {
        const char *file, *from, *to, *message;
    } cases[] = {
        {"ffp8_mac.v", "input  wire [7:0] a,", "input  wire [6:0] a,",
         "port a is input 7 bits in module ffp8_mac of {rtl}/ffp8_mac.v but input 8 bits in the manifest"},
        {"ffp8_mac.v", "module ffp8_mac", "module ffp8_mac_renamed", "no Verilog file defines the top module 'ffp8_mac'"},
        {"ffp8_mac.v", "output wire [4:0] flags", "output wire [4:0] flags,\n  output wire spare",
         "port spare of module ffp8_mac of {rtl}/ffp8_mac.v is not one of the manifest"},
        {"ffp8_mac.v", "input  wire clear,", "output wire clear,",
         "port clear is output 1 bit in module ffp8_mac of {rtl}/ffp8_mac.v but input 1 bit in the manifest"},
        {"manifest.json", "\"name\": \"flags\"", "\"name\": \"flag\"",
         "port flags (output 5 bits) of the unit its options describe is missing from the manifest"},
        {"manifest.json", "\"width\": 32", "\"width\": 31",
         "port load_value is input 31 bits in the manifest but input 32 bits in the unit its options describe"},
    };
    int n = 0;
    for (const auto& c : cases) {
        const std::string rtl = edited_design(dir, "rtl" + std::to_string(n++), c.file, c.from, c.to);
        std::string message = c.message;
        for (std::size_t at; (at = message.find("{rtl}")) != std::string::npos;) message.replace(at, 5, rtl);
        expect_error_line(ffp8({"sim", "--rtl", rtl, "--ops", "10"}), rtl + "/manifest.json: " + message);
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "cache/ffp8/sim"));  // nothing was verilated
}

// A simulator that hangs is stopped after --timeout seconds without a cycle; one that crashes
// is explained in one line (the old code waited forever, or printed a bare signal number).
TEST(Messages, AHangingOrCrashingSimulatorIsExplained) {
    const ScratchFolder dir("ffp8_messages_test");
    const OwnCache cache(dir / "cache");
    const std::string hang = edited_design(dir, "hang", "ffp8_mac.v", "endmodule",
                                           "  reg [63:0] spin;\n  always @(posedge clk) begin\n    spin = 64'd1;\n"
                                           "    if (in_valid) while (spin != 64'd0) spin = spin + 64'd2;\n"
                                           "    if (spin == 64'd5) $display(\"never\");\n  end\nendmodule");
    const ProcessResult stalled = ffp8({"sim", "--rtl", hang, "--ops", "10", "--timeout", "2"});
    EXPECT_EQ(stalled.exit_code, 1);
    EXPECT_NE(stalled.err.find("ffp8: error: the simulator completed no cycle for 2 s and was stopped (a hang in the "
                               "RTL's model?); sim --timeout S sets the limit\n"),
              std::string::npos)
        << stalled.err;
    const std::string crash = edited_design(dir, "crash", "ffp8_mac.v", "endmodule",
                                            "  always @(posedge clk) if (in_valid) $c(\"*(volatile int*)0 = 0;\");\n"
                                            "endmodule");
    const ProcessResult crashed = ffp8({"sim", "--rtl", crash, "--ops", "10"});
    EXPECT_EQ(crashed.exit_code, 1);
    EXPECT_NE(crashed.err.find("ffp8: error: the simulator was killed by signal 11 (SIGSEGV, segmentation fault): it "
                               "crashed, a fault of the Verilated model or the harness, not a result (simulator "),
              std::string::npos)
        << crashed.err;
}

// Manifest fields and model definitions are read through one checked layer: the type and range
// of each field, one line naming the file and the key, no library text (the old code printed
// nlohmann's exception texts, converted 1e20 into an int, took a fractional stride, negative
// classes, and an output layer of another size than the class count).
TEST(Messages, JsonFieldsAreCheckedNamingFileAndKey) {
    const ScratchFolder dir("ffp8_messages_test");
    const OwnCache cache(dir / "cache");
    const struct {
        const char *from, *to, *message;
    } manifests[] = {
        {"\"stages\": 0", "\"stages\": 1e20", "stages: must be a whole number from 0 to 8, not '1e+20'"},
        {"\"stages\": 0", "\"stages\": 1.5", "stages: must be a whole number from 0 to 8, not '1.5'"},
        {"\"latency\": 1", "\"latency\": \"1\"", "latency: must be a whole number from 0 to 1000, not '\"1\"'"},
        {"\"mode\": \"static\"", "\"mode\": 7", "mode: must be a string, not a whole number"},
        {"\"lanes\": 1", "\"lanes\": -3", "lanes: must be a whole number from 1 to 16, not '-3'"},
        {"{", "{{", "not valid JSON (line 1, column 2)"},
    };
    int n = 0;
    for (const auto& c : manifests) {
        const std::string rtl = edited_design(dir, "m" + std::to_string(n++), "manifest.json", c.from, c.to);
        expect_error_line(ffp8({"sim", "--rtl", rtl, "--ops", "10"}), rtl + "/manifest.json: " + c.message);
    }
    const struct {
        const char *from, *to, *message;
    } models[] = {
        {"\"classes\": 10", "\"classes\": -3", "classes: must be a whole number from 2 to 65536, not '-3'"},
        {"\"classes\": 10", "\"classes\": 12", "output: layer 'fc3' gives 10 values, but the model has 12 classes"},
        {"\"out_features\": 128", "\"out_features\": 99999999999",
         "layers[0].out_features: must be a whole number from 1 to 65536, not '99999999999'"},
        {"\"in_features\": 784", "\"in_features\": 784.5",
         "layers[0].in_features: must be a whole number from 1 to 1073741824, not '784.5'"},
        {"\"output\": \"fc3\"", "\"output\": \"relu1\"", "output: layer 'relu1' gives 128 values, but the model has 10 classes"},
    };
    for (const auto& c : models) {
        const std::string models_dir = dir / ("models" + std::to_string(n++));
        std::filesystem::create_directories(models_dir);
        std::filesystem::copy(FFP8_SOURCE_DIR "/dnn/models/mlp", models_dir + "/mlp", std::filesystem::copy_options::recursive);
        std::string text = read_whole_file(models_dir + "/mlp/model.json");
        const std::size_t at = text.find(c.from);
        ASSERT_NE(at, std::string::npos) << c.from;
        text.replace(at, std::string(c.from).size(), c.to);
        std::ofstream(models_dir + "/mlp/model.json", std::ios::trunc) << text;
        expect_error_line(ffp8({"eval", "--models-dir", models_dir, "--model", "mlp", "--limit", "1"}),
                          models_dir + "/mlp/model.json: " + c.message);
    }
}

// The temporary and cache folders: a problem names the variable that chose the folder (the old
// code printed the library's "filesystem error: temp_directory_path: ...").
TEST(Messages, UnusableTemporaryOrCacheFoldersNameTheVariable) {
    const ScratchFolder dir("ffp8_messages_test");
    const std::string file = dir / "file";
    std::ofstream(file) << "x";
    const std::vector<std::string> sim{"/usr/bin/env", "TMPDIR=" + file, FFP8_EXECUTABLE, "sim", "--mode", "runtime",
                                       "--harness", "systemc", "--ops", "10"};
    expect_error_line(run_process(sim, ""), "TMPDIR=" + file + ": Not a directory (it must name a folder ffp8 can write in)");
    const std::vector<std::string> cached{"/usr/bin/env", "XDG_CACHE_HOME=" + file, FFP8_EXECUTABLE, "sim", "--act",
                                          "ue5m3", "--wgt", "se4m3", "--ops", "10"};
    expect_error_line(run_process(cached, ""),
                      "XDG_CACHE_HOME=" + file + ": cannot keep the sim cache in " + file + "/ffp8/sim: Not a directory");
}

TEST(Messages, AutoStagesPlanOnceAndCoSimulate) {
    const ScratchFolder dir("ffp8_auto_stages_test");
    const PlannedRuns r = plan_and_cosimulate(dir, {"--clock", "8"}, "stages planned: 8 ns on osu018_stdcells: ");
    ASSERT_EQ(r.gen.exit_code, 0) << r.gen.err;
    ASSERT_EQ(r.sim.exit_code, 0) << r.sim.err;
    EXPECT_NE(r.gen_plan, "") << r.gen.err;
    EXPECT_EQ(r.gen_plan, r.sim_plan) << "one plan for both commands";
    EXPECT_NE(r.sim.out.find("PASS"), std::string::npos) << r.sim.out;
    EXPECT_NE(r.manifest.find("\"clock_ns\": 8.0"), std::string::npos) << r.manifest;
    EXPECT_NE(r.manifest.find("\"target\": \"osu018_stdcells\""), std::string::npos) << r.manifest;
    EXPECT_NE(r.manifest.find("--cuts "), std::string::npos) << "the options rebuild the unit without the planner: " << r.manifest;
}

// On an iCE40 too (measured post-route by nextpnr): gen and sim take --target ice40, plan once
// and build the same unit, which co-simulates.
TEST(Messages, AutoStagesOnIce40PlanOnceAndCoSimulate) {
    const ScratchFolder dir("ffp8_auto_stages_ice40_test");
    const PlannedRuns r =
        plan_and_cosimulate(dir, {"--clock", "20", "--target", "ice40"}, "stages planned: 20 ns on ice40 hx8k ct256: ");
    ASSERT_EQ(r.gen.exit_code, 0) << r.gen.err;
    ASSERT_EQ(r.sim.exit_code, 0) << r.sim.err;
    EXPECT_NE(r.gen_plan, "") << r.gen.err;
    EXPECT_EQ(r.gen_plan, r.sim_plan) << "one plan for both commands";
    EXPECT_NE(r.sim.out.find("PASS"), std::string::npos) << r.sim.out;
    EXPECT_NE(r.manifest.find("\"target\": \"ice40 hx8k ct256\""), std::string::npos) << r.manifest;
}

}  // namespace
}  // namespace ffp8::test
