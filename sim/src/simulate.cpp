#include "ffp8/sim/simulate.hpp"

#include <fmt/format.h>
#include <stdexcept>
#include <optional>

#include "ffp8/hw/generator.hpp"
#include "ffp8/sim/build_paths.hpp"
#include "ffp8/sim/on_demand.hpp"
#include "ffp8/sim/prebuilt.hpp"
#include "ffp8/sim/report.hpp"
#include "ffp8/sim/rtl_ports.hpp"

namespace ffp8::sim {

namespace {

// The unit a request without --rtl generates.
hw::UnitConfig generated_unit(const SimRequest& r) {
    hw::UnitConfig u = r.unit;
    if (u.runtime() && !r.given.count("--stages") && !r.given.count("--cuts") && !u.is_dot()) {  // the unit the build verilated
        u.stages = prebuilt_runtime_stages();
        u.input_stage = true;
    }
    u.top.clear();  // the default top
    return u;
}

// With --rtl: every option given must say what the manifest says, except the formats of a runtime
// design (there they choose the pair under test).
void check_against_manifest(const SimRequest& r, const hw::UnitConfig& built) {
    const auto asked = r.unit.options(), has = built.options();
    const auto value = [](const auto& options, const std::string& name) -> std::optional<std::string> {
        for (const auto& [option, v] : options)
            if (option == name) return v;
        return std::nullopt;
    };
    for (const std::string& name : r.given) {
        if (built.runtime() && (name == "--act" || name == "--wgt")) continue;
        const std::optional<std::string> mine = value(asked, name);
        if (mine == value(has, name)) continue;
        throw std::runtime_error(fmt::format("{}{} contradicts the manifest of {} (ffp8 gen {})", name,
                                             mine && !mine->empty() ? " " + *mine : "", r.rtl_dir, built.text()));
    }
}

// The design of a request and its Verilog: from --rtl DIR, or generated.
struct ResolvedDesign {
    DesignInfo info;
    VerilogDesign verilog;
};

ResolvedDesign resolve(const SimRequest& r) {
    if (!r.rtl_dir.empty()) {
        DesignInfo info = read_design(r.rtl_dir);
        VerilogDesign verilog = read_verilog(r.rtl_dir, info);
        check_rtl_ports(r.rtl_dir, info);  // before verilating: a contradiction is one line
        return {info, std::move(verilog)};
    }
    const hw::GeneratedDesign g = hw::generate(generated_unit(r));
    return {design_from_manifest(g.manifest), VerilogDesign{g.top, g.files, {}}};
}

SimJob job_for(const SimRequest& r, const DesignInfo& design) {
    SimJob job;
    job.design = design;
    const DesignInfo& d = job.design;
    if (!r.rtl_dir.empty()) check_against_manifest(r, d.unit);
    // The pair under test: a runtime design's defaults unless given (a static design's own formats).
    job.act = d.unit.runtime() && r.given.count("--act") ? r.unit.act : d.unit.act;
    job.wgt = d.unit.runtime() && r.given.count("--wgt") ? r.unit.wgt : d.unit.wgt;
    if (r.stimulus.exhaustive && (job.act.is_fp32 || job.wgt.is_fp32))
        throw std::runtime_error("--exhaustive needs FFP8 operand formats (fp32 operands have 2^64 pairs)");
    job.stimulus = r.stimulus;
    if (!job.stimulus.vectors.empty()) {
        if (job.stimulus.exhaustive) throw std::runtime_error("--vectors and --exhaustive exclude each other");
        if (d.unit.is_dot())  // a vector line is one MAC operation: A*B + C
            throw std::runtime_error(fmt::format("--vectors holds one MAC operation per line: it needs a 1-lane unit, "
                                                 "not {} lanes", d.unit.lanes));
        if (job.stimulus.vectors != "-") check_vector_input(job.stimulus.vectors);  // before verilating anything
    }
    job.harness = r.harness;
    job.trace_path = r.trace_path;
    job.junit_path = r.junit_path;
    job.progress = r.progress;
    return job;
}

}  // namespace

SimJob make_job(const SimRequest& r) { return job_for(r, resolve(r).info); }

int simulate(const SimRequest& r) {
    const ResolvedDesign design = resolve(r);
    const SimJob job = job_for(r, design.info);
    const bool prebuilt = r.rtl_dir.empty() && has_prebuilt_cpp_model(job.design);
    int status = 0;
    if (prebuilt && job.harness == Harness::cpp) {
        status = report_result(job, run_prebuilt_cpp(job));
    } else if (prebuilt) {
        status = run_simulator(build_paths::systemc_rt, job, r.stall_limit);
    } else {
        status = run_simulator(on_demand_simulator(design.verilog, job.harness), job, r.stall_limit);
    }
    if (status > 1) throw std::runtime_error(fmt::format("the simulator failed (status {})", status));
    return status;
}

}  // namespace ffp8::sim
