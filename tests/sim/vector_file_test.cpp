// The vector reader (spellings, both formats, block boundaries, every error with its line) and
// the vector stimulus on a DUT whose behaviour is known: the golden model, and the golden model
// with a fault.
#include <gtest/gtest.h>


#include <algorithm>
#include <cstdio>
#include <functional>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "ffp8/mac.hpp"
#include "ffp8/sim/cpp_harness.hpp"
#include "ffp8/sim/report.hpp"
#include "ffp8/sim/vector_file.hpp"
#include "ffp8/sim/fst_window.hpp"
#include "common/scratch_folder.hpp"
#include "golden_dut.hpp"
#include "gtkwave/fstapi.h"

namespace ffp8::sim {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

std::string temp_file(const std::string& name, const std::string& text) {
    static const test::ScratchFolder dir("ffp8_vector_file_test");  // removed when the program exits
    const std::string path = dir / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

const Format ocp_e4m3 = Format::parse("ocp-e4m3");
const Format ue4m4 = Format::parse("ue4m4");
const Format fp32 = Format::parse("fp32");

std::vector<VectorLine> read_all(const std::string& text, VectorFormat format, const Format& act, const Format& wgt) {
    VectorReader reader(temp_file("v.txt", text), format, act, wgt);
    std::vector<VectorLine> out;
    for (VectorLine v; reader.next(v);) out.push_back(v);
    return out;
}

std::string error_of(const std::string& text, VectorFormat format, const Format& act, const Format& wgt) {
    try {
        read_all(text, format, act, wgt);
    } catch (const VectorError& e) {
        const std::string m = e.what();
        return m.substr(m.find("v.txt"));
    }
    return "no error";
}

// (line, acc, a, w, has_expected, result, flags)
using Fields = std::tuple<uint64_t, uint32_t, uint32_t, uint32_t, bool, uint32_t, unsigned>;
Fields fields(const VectorLine& v) { return {v.line, v.acc, v.a, v.w, v.has_expected, v.result, v.flags}; }

TEST(VectorReader, TestFloatLinesMapCToTheAccumulator) {
    const auto v = read_all("0000003C 0x000000c0 3F800000 40000000 01\n", VectorFormat::testfloat, ocp_e4m3, ue4m4);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(fields(v[0]), (Fields{1, 0x3F800000u, 0x3Cu, 0xC0u, true, 0x40000000u, 1u}));
}

TEST(VectorReader, BatchLinesSpellingsCommentsAndBlankLines) {
    const std::string text =
        "# a comment\n"
        "\n"
        "3f800000 3c 3a\r\n"
        "  0X7FC00000\tFF  0x1 7fc00000 10  \n"
        "   \t\n"
        "0 0 0";  // the last line has no newline
    const auto v = read_all(text, VectorFormat::batch, ue4m4, ocp_e4m3);
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(fields(v[0]), (Fields{3, 0x3F800000u, 0x3Cu, 0x3Au, false, 0, 0}));
    EXPECT_EQ(fields(v[1]), (Fields{4, 0x7FC00000u, 0xFFu, 0x1u, true, 0x7FC00000u, 0x10u}));
    EXPECT_EQ(fields(v[2]), (Fields{6, 0, 0, 0, false, 0, 0}));
}

TEST(VectorReader, Fp32OperandsTakeAllThirtyTwoBits) {
    const auto v = read_all("FFFFFFFF 80000001 00000000 7FC00000 10\n", VectorFormat::testfloat, fp32, fp32);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].a, 0xFFFFFFFFu);
    EXPECT_EQ(v[0].w, 0x80000001u);
}

// Many lines across the reader's 1 MiB blocks: every value comes back, every line number is right.
TEST(VectorReader, LinesAcrossBlockBoundaries) {
    std::string text;
    const int n = 120000;  // about 5 MiB
    for (int i = 0; i < n; ++i) {
        if (i % 1000 == 0) text += "# comment\n";
        char line[64];
        std::snprintf(line, sizeof line, "%08X %08X %08X %08X %02X\n", i & 0xFF, (i * 7) & 0xFF, i * 2654435761u,
                      i * 40503u, i % 32);
        text += line;
    }
    const auto v = read_all(text, VectorFormat::testfloat, ocp_e4m3, ocp_e4m3);
    ASSERT_EQ(v.size(), static_cast<std::size_t>(n));
    uint64_t line = 0;
    for (int i = 0; i < n; ++i) {
        line += 1 + (i % 1000 == 0);
        ASSERT_EQ(v[i].line, line) << i;
        ASSERT_EQ(v[i].a, static_cast<uint32_t>(i & 0xFF)) << i;
        ASSERT_EQ(v[i].w, static_cast<uint32_t>((i * 7) & 0xFF)) << i;
        ASSERT_EQ(v[i].acc, static_cast<uint32_t>(i * 2654435761u)) << i;
        ASSERT_EQ(v[i].result, static_cast<uint32_t>(i * 40503u)) << i;
        ASSERT_EQ(v[i].flags, static_cast<uint8_t>(i % 32)) << i;
    }
}

TEST(VectorReader, ErrorsNameTheLine) {
    const auto tf = [](const std::string& text) { return error_of(text, VectorFormat::testfloat, ocp_e4m3, ue4m4); };
    const std::string good = "0000003C 000000C0 3F800000 40000000 01\n";
    EXPECT_EQ(tf(good + "0000003C 000000C0 3F800000 40000000\n"),
              "v.txt:2: expected 5 fields (A B C RESULT FLAGS), found 4");
    EXPECT_EQ(tf(good + good + "0000003C 000000C0 3F800000 40000000 01 00\n"),
              "v.txt:3: expected 5 fields (A B C RESULT FLAGS), found 6");
    EXPECT_EQ(tf("0000003C 000000C0 3F80000G 40000000 01\n"), "v.txt:1: C '3F80000G' is not hex of at most 8 digits");
    EXPECT_EQ(tf("0000003C 000000C0 13F800000 40000000 01\n"), "v.txt:1: C '13F800000' is not hex of at most 8 digits");
    EXPECT_EQ(tf("0000003C 000000C0 0x 40000000 01\n"), "v.txt:1: C '0x' is not hex of at most 8 digits");
    EXPECT_EQ(tf("# x\n0000013C 000000C0 3F800000 40000000 01\n"),
              "v.txt:2: A '0000013C' is wider than the 8-bit code of se4m3b7-fn");
    EXPECT_EQ(tf("0000003C 00000100 3F800000 40000000 01\n"), "v.txt:1: B '00000100' is wider than the 8-bit code of ue4m4b7");
    EXPECT_EQ(tf("0000003C 000000C0 3F800000 40000000 20\n"),
              "v.txt:1: FLAGS '20' sets bits beyond the five flags (at most 1f)");
    EXPECT_EQ(tf(""), "v.txt: no vectors: the input is empty");
    EXPECT_EQ(tf("\n# only a comment\n"), "v.txt: no vectors in its 2 lines (all blank or comments)");
    EXPECT_EQ(error_of("3f800000 3c\n", VectorFormat::batch, ue4m4, ue4m4),
              "v.txt:1: expected 3 fields (ACC A W) or 5 (ACC A W RESULT FLAGS), found 2");
    EXPECT_EQ(error_of("3f800000 3c 3c 3f800000\n", VectorFormat::batch, ue4m4, ue4m4),
              "v.txt:1: expected 3 fields (ACC A W) or 5 (ACC A W RESULT FLAGS), found 4");
    EXPECT_EQ(error_of(good + std::string(3u << 20, ' ') + "\n", VectorFormat::testfloat, ocp_e4m3, ue4m4),
              "v.txt:2: line longer than 1048576 bytes");
    // Echoed fields: a NUL or an escape byte is written out, a long field cut to 64 bytes.
    EXPECT_EQ(tf("0000003C 000000\0C0 3F800000 40000000 01\n"s),
              "v.txt:1: B '000000\\x00C0' is not hex of at most 8 digits");
    EXPECT_EQ(tf("0000003C \x1b[2J 3F800000 40000000 01\n"),
              "v.txt:1: B '\\x1b[2J' is not hex of at most 8 digits");
    EXPECT_EQ(tf("0000003C " + std::string(5000, 'g') + " 3F800000 40000000 01\n"),
              "v.txt:1: B '" + std::string(64, 'g') + "...' (5000 bytes) is not hex of at most 8 digits");
}

TEST(VectorReader, AMissingFileIsAnError) {
    EXPECT_THROW(VectorReader("/nonexistent/v.tf", VectorFormat::testfloat, ue4m4, ue4m4), VectorError);
}

// The vector stimulus on the golden model as the DUT: line i enters at cycle 2 + i, its result
// comes out latency - 1 cycles later; a fault on one result names that line.
SimJob vector_job(const std::string& path, VectorFormat format, int stages) {
    SimJob job;
    job.act = job.design.unit.act = Format::parse("ocp-e4m3");
    job.wgt = job.design.unit.wgt = Format::parse("ocp-e5m2");
    job.design.unit.stages = stages;
    job.design.latency = job.design.unit.latency();
    job.stimulus.vectors = path;
    job.stimulus.vector_format = format;
    job.progress = false;
    return job;
}

// Lines `A B C RESULT FLAGS` with the golden kernel's results (the golden model checked against
// itself here: the oracle's files are tested through the RTL in vector_cli_test).
std::string golden_lines(int n) {
    const MacKernel kernel(Format::parse("ocp-e4m3"), Format::parse("ocp-e5m2"));
    std::string text;
    for (int i = 0; i < n; ++i) {
        const uint32_t a = (i * 37) & 0xFF, w = (i * 11 + 3) & 0xFF, c = 0x3F000000u + i * 977u;
        const MacResult r = kernel(c, a, w);
        char line[64];
        std::snprintf(line, sizeof line, "%08X %08X %08X %08X %02X\n", a, w, c, r.bits, r.flags);
        text += line;
    }
    return text;
}

SimResult run_on_golden(const SimJob& job, std::function<void(uint64_t, CycleOutput&)> fault = {}) {
    Session session(job);
    testing::GoldenDut dut(session.golden_model(), std::move(fault));
    return run_cpp_harness(session, dut);
}

TEST(VectorStimulus, EveryLineIsOneLoadedOperationChecked) {
    const SimJob job = vector_job(temp_file("good.tf", golden_lines(5000)), VectorFormat::testfloat, 2);
    const SimResult r = run_on_golden(job);
    ASSERT_TRUE(r.passed);
    EXPECT_EQ(r.operations, 5000u);
    EXPECT_EQ(r.cycles, 2u + 5000u + static_cast<uint64_t>(job.design.latency) + 2u);
    ASSERT_TRUE(r.vectors);
    EXPECT_EQ(r.vectors->checked, 5000u);
    EXPECT_NE(summary_line(job, r).find("5000 results equal to the file's RESULT and FLAGS"), std::string::npos);
}

TEST(VectorStimulus, AFaultyResultNamesItsLineAndCycle) {
    const std::string path = temp_file("fault.tf", "# header\n" + golden_lines(3000));
    const SimJob job = vector_job(path, VectorFormat::testfloat, 1);  // latency 2
    const uint64_t line_index = 1700;                                 // 0-based vector index
    const uint64_t result_cycle = 2 + line_index + job.design.latency - 1;
    const SimResult r = run_on_golden(job, [&](uint64_t c, CycleOutput& o) {
        if (c == result_cycle) o.flags ^= 1u;
    });
    ASSERT_FALSE(r.passed);
    EXPECT_EQ(r.mismatch->cycle, result_cycle);
    ASSERT_TRUE(r.vectors && r.vectors->failure);
    EXPECT_EQ(r.vectors->failure->where, path + ":" + std::to_string(line_index + 2));
    EXPECT_TRUE(r.vectors->failure->differs_from_file);
    const std::string report = mismatch_report(job, r);
    EXPECT_NE(report.find("the result of " + path + ":" + std::to_string(line_index + 2)), std::string::npos) << report;
    EXPECT_NE(report.find("operation (entered at cycle " + std::to_string(result_cycle - 1) + ", " + path), std::string::npos)
        << report;
}

TEST(VectorStimulus, AWrongLineFailsWhereTheGoldenModelAndTheDutAgree) {
    std::string text = golden_lines(100);
    char& digit = text[39 * 41 + 27];  // RESULT's first digit on line 42 (39 bytes a line)
    digit = digit == '0' ? '1' : '0';
    const SimJob job = vector_job(temp_file("wrong.tf", text), VectorFormat::testfloat, 0);
    const SimResult r = run_on_golden(job);
    ASSERT_FALSE(r.passed);
    ASSERT_TRUE(r.vectors->failure);
    EXPECT_EQ(r.vectors->failure->line.line, 42u);
    EXPECT_EQ(r.mismatch->cycle, 2u + 41u + job.design.latency - 1);
    const auto& at = r.mismatch->window;
    EXPECT_TRUE(std::any_of(at.begin(), at.end(), [&](const CycleRecord& c) { return c.cycle == r.mismatch->cycle; }));
}

// The trace points at the failing line's result even though the RTL and the golden model agree
// there: the `mismatch` marker (the third signal) is 1 at that cycle's rising edge only.
TEST(VectorStimulus, TheTraceMarksTheFailingLinesCycle) {
    std::string text = golden_lines(200);
    char& digit = text[39 * 120 + 37];  // FLAGS' last digit on line 121
    digit = digit == '0' ? '1' : '0';
    const SimJob job = vector_job(temp_file("trace.tf", text), VectorFormat::testfloat, 1);
    const SimResult r = run_on_golden(job);
    ASSERT_FALSE(r.passed);
    const uint64_t cycle = 2 + 120 + job.design.latency - 1;
    ASSERT_EQ(r.mismatch->cycle, cycle);
    const std::string path = temp_file("trace.fst", "");
    write_fst_window(path, *r.mismatch, job.design);
    void* reader = fstReaderOpen(path.c_str());
    ASSERT_NE(reader, nullptr);
    fstReaderSetFacProcessMaskAll(reader);
    const fstHandle marker = 3;  // clk, cycle, mismatch, ...
    char value[8] = {};
    for (uint64_t c = r.mismatch->window.front().cycle; c <= r.mismatch->window.back().cycle; ++c) {
        ASSERT_NE(fstReaderGetValueFromHandleAtTime(reader, 10 * c + 5, marker, value), nullptr);
        EXPECT_EQ(value[0], c == cycle ? '1' : '0') << "cycle " << c;
    }
    fstReaderClose(reader);
}

TEST(VectorStimulus, AMalformedLineEndsTheRunWithItsError) {
    const SimJob job = vector_job(temp_file("bad.tf", golden_lines(50) + "00 00 00\n"), VectorFormat::testfloat, 0);
    try {
        run_on_golden(job);
        FAIL() << "no error";
    } catch (const VectorError& e) {
        EXPECT_NE(std::string(e.what()).find("bad.tf:51: expected 5 fields"), std::string::npos) << e.what();
    }
}

TEST(VectorStimulus, JobJsonCarriesTheVectors) {
    const SimJob job = vector_job("x.txt", VectorFormat::batch, 0);
    const SimJob back = job_from_json(nlohmann::json::parse(to_json(job).dump()));
    EXPECT_EQ(back.stimulus.vectors, "x.txt");
    EXPECT_EQ(back.stimulus.vector_format, VectorFormat::batch);
}

}  // namespace
}  // namespace ffp8::sim
