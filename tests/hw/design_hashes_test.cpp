// Recorded hashes of a fixed set of generated designs (every Verilog file and the manifest), so
// that a change to the generated RTL is deliberate: when one is meant, re-record the list with
//   FFP8_RECORD_DESIGN_HASHES=tests/hw/design_hashes.txt build/tests/hw/hw_test --gtest_filter='DesignHashes.*'
// and say why in the commit. The hash is 64-bit FNV-1a, written here (the list is the oracle).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "ffp8/hw/generator.hpp"

#ifndef FFP8_DESIGN_HASHES
#error "FFP8_DESIGN_HASHES must name the recorded hash list"
#endif

namespace {

uint64_t fnv1a(const std::string& s) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    return h;
}

// Every kind of unit the generator builds: static, runtime, K-lane, staged, input stage, output
// format, FP32 baseline, interleaved accumulators, and their combinations.
const std::vector<std::string>& design_set() {
    static const std::vector<std::string> set{
        "--act ue4m4 --wgt se4m3",
        "--act ue4m4 --wgt se4m3 --mode runtime",
        "--act ue4m4 --wgt se4m3 --lanes 8",
        "--act ue4m4 --wgt se4m3 --stages 2",
        "--act ue4m4 --wgt se4m3 --stages 2 --input-stage",
        "--act ue4m4 --wgt se4m3 --out se4m3",
        "--act fp32 --wgt fp32",
        "--act fp32 --wgt fp32 --stages 2",
        "--act ue4m4 --wgt se4m3 --mode runtime --lanes 4 --stages 1",
        "--act ocp-e4m3 --wgt ocp-e5m2 --lanes 16 --stages 3 --out ocp-e4m3",
        "--act se2m5b-3 --wgt ue5m3b20 --mode runtime --stages 3 --input-stage --out ue4m4",
        "--act se5m2b15-ieee --wgt e4m3fnuz --lanes 2 --top my_dot",
        "--act ue4m4 --wgt se4m3 --lanes 8 --slots 4",
        "--act ue4m4 --wgt se4m3 --slots 2 --stages 1 --out se4m3",
        "--act fp32 --wgt fp32 --slots 8",
        "--act ue4m4 --wgt se4m3 --mode runtime --lanes 4 --stages 1 --slots 4",
    };
    return set;
}

// The options of one set entry (the same spelling as `ffp8 gen`).
ffp8::hw::UnitConfig parse(const std::string& spec) {
    std::istringstream in(spec);
    std::map<std::string, std::string> kv;
    for (std::string key; in >> key;) {
        if (key == "--input-stage") kv[key] = "1";
        else in >> kv[key];
    }
    ffp8::hw::UnitConfig o;
    o.act = ffp8::Format::parse(kv.at("--act"));
    o.wgt = ffp8::Format::parse(kv.at("--wgt"));
    if (kv.count("--out")) o.out = ffp8::Format::parse(kv["--out"]);
    if (kv.count("--mode")) o.mode = ffp8::hw::Mode::runtime_formats;
    if (kv.count("--stages")) o.stages = std::stoi(kv["--stages"]);
    o.input_stage = kv.count("--input-stage") > 0;
    if (kv.count("--lanes")) o.lanes = std::stoi(kv["--lanes"]);
    if (kv.count("--slots")) o.slots = std::stoi(kv["--slots"]);
    o.top = kv.count("--top") ? kv["--top"] : ffp8::hw::default_top(o.lanes);
    return o;
}

// "SPEC | FILE | HASH" lines, in set order and file order.
std::vector<std::string> hash_lines() {
    std::vector<std::string> lines;
    for (const std::string& spec : design_set()) {
        const ffp8::hw::GeneratedDesign d = ffp8::hw::generate(parse(spec));
        for (const auto& [file, text] : d.files) lines.push_back(fmt::format("{} | {} | {:016x}", spec, file, fnv1a(text)));
        lines.push_back(fmt::format("{} | manifest.json | {:016x}", spec, fnv1a(d.manifest.dump(2) + "\n")));
    }
    return lines;
}

TEST(DesignHashes, GeneratedDesignsMatchTheRecordedList) {
    const std::vector<std::string> now = hash_lines();
    if (const char* record = std::getenv("FFP8_RECORD_DESIGN_HASHES")) {
        std::ofstream out(record);
        for (const auto& l : now) out << l << "\n";
        ASSERT_TRUE(out.good()) << "cannot write " << record;
        GTEST_SKIP() << "recorded " << now.size() << " hashes in " << record;
    }
    std::ifstream in(FFP8_DESIGN_HASHES);
    ASSERT_TRUE(in) << "cannot read " << FFP8_DESIGN_HASHES;
    std::vector<std::string> recorded;
    for (std::string l; std::getline(in, l);)
        if (!l.empty()) recorded.push_back(l);
    ASSERT_GE(design_set().size(), 8u);
    EXPECT_EQ(now.size(), recorded.size()) << "the set's designs have a different number of files";
    for (std::size_t i = 0; i < std::min(now.size(), recorded.size()); ++i)
        EXPECT_EQ(now[i], recorded[i]) << "generated output changed (line " << i + 1 << " of " << FFP8_DESIGN_HASHES << ")";
}

}  // namespace
