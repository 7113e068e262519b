// The harness loop, checker and reports on a Dut whose behaviour is known: the golden model
// itself, and the golden model with a deliberate fault.
#include <gtest/gtest.h>

#include <sys/mount.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/scratch_folder.hpp"
#include "ffp8/sim/cpp_harness.hpp"
#include "ffp8/sim/report.hpp"
#include "golden_dut.hpp"
#include "gtkwave/fstapi.h"

namespace ffp8::sim {
namespace {

SimJob job_for(const char* act, const char* wgt, bool runtime, int stages, std::optional<Format> out = {}) {
    SimJob job;
    job.act = Format::parse(act);
    job.wgt = Format::parse(wgt);
    job.design.unit.act = job.act;
    job.design.unit.wgt = job.wgt;
    job.design.unit.mode = runtime ? hw::Mode::runtime_formats : hw::Mode::static_formats;
    job.design.unit.stages = stages;
    job.design.unit.out = out;
    job.design.latency = job.design.unit.latency();
    job.stimulus.ops = 20000;
    job.progress = false;
    return job;
}

SimResult run_on_golden(const SimJob& job, std::function<void(uint64_t, CycleOutput&)> fault = {}) {
    Session session(job);
    testing::GoldenDut dut(session.golden_model(), std::move(fault));
    return run_cpp_harness(session, dut);
}

TEST(Checker, TheGoldenModelAgainstItselfPasses) {
    const SimResult r = run_on_golden(job_for("ue4m4", "se4m3", true, 2, Format::parse("se4m3")));
    EXPECT_TRUE(r.passed);
    EXPECT_GT(r.operations, 20000u);
    EXPECT_GT(r.cycles, r.operations);
}

TEST(Checker, OneFlippedAccumulatorBitIsTheFirstMismatchWithItsWindow) {
    const SimJob job = job_for("ocp-e4m3", "ocp-e4m3", false, 1);  // latency 2
    // Flip bit 0 of acc on one result, deep in the random part of the run.
    uint64_t flipped_at = 0;
    const SimResult r = run_on_golden(job, [&](uint64_t cycle, CycleOutput& o) {
        if (cycle >= 15000 && o.out_valid && flipped_at == 0) {
            flipped_at = cycle;
            o.acc ^= 1u;
        }
    });
    ASSERT_FALSE(r.passed);
    ASSERT_TRUE(r.mismatch);
    EXPECT_EQ(r.mismatch->cycle, flipped_at);
    EXPECT_EQ(r.cycles, flipped_at + 1 + Checker::after);  // stops after the window past it
    EXPECT_EQ(r.mismatch->window.front().cycle + Checker::history, r.cycles);

    const std::string report = mismatch_report(job, r);
    EXPECT_NE(report.find("first difference at cycle " + std::to_string(flipped_at)), std::string::npos) << report;
    EXPECT_NE(report.find("acc"), std::string::npos);
    EXPECT_NE(report.find("<-- differs"), std::string::npos);
    EXPECT_NE(report.find("operation (entered at cycle " + std::to_string(flipped_at - 1)), std::string::npos)
        << report;
    const std::string junit = junit_xml(job, r);
    EXPECT_NE(junit.find("<failure message=\"mismatch at cycle " + std::to_string(flipped_at)), std::string::npos);
}

TEST(Checker, AFlagOrValidDifferenceIsCaughtToo) {
    const SimJob job = job_for("ue4m4", "se4m3", false, 0);
    EXPECT_FALSE(run_on_golden(job, [](uint64_t c, CycleOutput& o) { if (c == 9000) o.flags ^= 0x10; }).passed);
    EXPECT_FALSE(run_on_golden(job, [](uint64_t c, CycleOutput& o) { if (c == 9000) o.out_valid = !o.out_valid; }).passed);
    const SimJob with_q = job_for("ue4m4", "se4m3", false, 0, Format::parse("ue4m4"));
    EXPECT_FALSE(run_on_golden(with_q, [](uint64_t c, CycleOutput& o) { if (c == 9000) o.q ^= 0x80; }).passed);
}

TEST(Reports, TheMismatchTraceIsAnFstOfTheWindow) {
    SimJob job = job_for("ue4m4", "se4m3", false, 0);
    const test::ScratchFolder dir("ffp8_sim_report_test");
    job.trace_path = dir / "mismatch.fst";
    job.junit_path = dir / "junit.xml";
    const SimResult r = run_on_golden(job, [](uint64_t c, CycleOutput& o) { if (c == 5000) o.acc ^= 4u; });
    ::testing::internal::CaptureStderr();
    EXPECT_EQ(report_result(job, r), 1);
    const std::string printed = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(printed.find("mismatch.fst"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(job.junit_path));

    void* reader = fstReaderOpen(job.trace_path.c_str());
    ASSERT_NE(reader, nullptr);
    EXPECT_EQ(fstReaderGetStartTime(reader), 10 * r.mismatch->window.front().cycle);
    EXPECT_EQ(fstReaderGetEndTime(reader), 10 * (r.mismatch->window.back().cycle + 1));
    EXPECT_GE(fstReaderGetVarCount(reader), 17u);  // inputs + dut.* + golden.*
    fstReaderClose(reader);
}

// A trace on a full device (a small tmpfs; skipped where the machine does not allow mounting
// one): the mismatch report is printed first, then the error names the trace and the cause, and
// no partial or temporary file is left.
TEST(Reports, ATraceOnAFullDeviceIsAnErrorAfterTheReport) {
    const test::ScratchFolder dir("ffp8_sim_full_trace_test");
    if (::mount("tmpfs", dir.path().c_str(), "tmpfs", 0, "size=16k") != 0)
        GTEST_SKIP() << "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)";
    struct Unmount {
        const std::filesystem::path& at;
        ~Unmount() { ::umount(at.c_str()); }
    } unmount{dir.path()};
    {
        std::ofstream fill(dir / "filler", std::ios::binary);
        const std::string block(4096, 'x');
        for (int i = 0; i < 8 && fill.write(block.data(), block.size()); ++i) fill.flush();
    }
    SimJob job = job_for("ue4m4", "se4m3", false, 0);
    job.trace_path = dir / "mismatch.fst";
    const SimResult r = run_on_golden(job, [](uint64_t c, CycleOutput& o) { if (c == 5000) o.acc ^= 4u; });
    ::testing::internal::CaptureStderr();
    std::string error;
    try {
        report_result(job, r);
    } catch (const std::runtime_error& e) {
        error = e.what();
    }
    const std::string printed = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(printed, mismatch_report(job, r));
    EXPECT_EQ(error, "cannot write the trace " + job.trace_path + ": No space left on device");
    std::vector<std::string> left;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) left.push_back(e.path().filename());
    EXPECT_EQ(left, std::vector<std::string>{"filler"});
}

TEST(Reports, APassingRunPrintsOneSummaryLine) {
    const SimJob job = job_for("ue4m4", "se4m3", false, 0);
    const SimResult r = run_on_golden(job);
    const std::string line = summary_line(job, r);
    EXPECT_EQ(line.find("PASS"), 0u);
    EXPECT_NE(line.find(std::to_string(r.operations) + " operations"), std::string::npos);
    EXPECT_NE(line.find(std::to_string(r.cycles) + " cycles"), std::string::npos);
    EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(Job, JsonRoundTrip) {
    SimJob job = job_for("se5m2b15-ieee", "ue8m0b140", true, 3, Format::parse("se4m3"));
    job.design.verilog_files = {"a.v", "b.v"};
    job.stimulus.exhaustive = true;
    job.harness = Harness::systemc;
    job.junit_path = "x.xml";
    const SimJob back = job_from_json(nlohmann::json::parse(to_json(job).dump()));
    EXPECT_EQ(to_json(back), to_json(job));
    EXPECT_EQ(back.design.unit.out, job.design.unit.out);
    EXPECT_EQ(back.act, job.act);
}

}  // namespace
}  // namespace ffp8::sim
