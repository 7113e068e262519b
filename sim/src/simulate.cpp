#include "ffp8/sim/simulate.hpp"

#include <fmt/format.h>
#include <stdexcept>
#include <tuple>

#include "ffp8/hw/generator.hpp"
#include "ffp8/sim/build_paths.hpp"
#include "ffp8/sim/on_demand.hpp"
#include "ffp8/sim/prebuilt.hpp"
#include "ffp8/sim/report.hpp"

namespace ffp8::sim {

namespace {

hw::GenOptions gen_options(const SimRequest& r) {
    hw::GenOptions o;
    o.act = *r.act;
    o.wgt = *r.wgt;
    o.out = r.out;
    o.mode = r.runtime ? hw::Mode::runtime_formats : hw::Mode::static_formats;
    const bool prebuilt_unit = r.runtime && !r.stages && r.lanes.value_or(1) == 1;
    o.stages = prebuilt_unit ? prebuilt_runtime_stages() : r.stages.value_or(0);
    o.input_stage = prebuilt_unit || r.input_stage;
    o.lanes = r.lanes.value_or(1);
    o.top = hw::default_top(o.lanes);
    return o;
}

// The design of a request and its Verilog: from --rtl DIR, or generated.
struct ResolvedDesign {
    DesignInfo info;
    VerilogDesign verilog;
};

ResolvedDesign resolve(const SimRequest& r) {
    if (!r.rtl_dir.empty()) {
        DesignInfo info = read_design(r.rtl_dir);
        return {info, read_verilog(r.rtl_dir, info)};
    }
    if (!r.act || !r.wgt) throw std::runtime_error("--act and --wgt are required (unless --rtl DIR is given)");
    const hw::GeneratedDesign g = hw::generate(gen_options(r));
    return {design_from_manifest(g.manifest), VerilogDesign{g.top, g.files}};
}

SimJob job_for(const SimRequest& r, const DesignInfo& design) {
    SimJob job;
    job.design = design;
    const DesignInfo& d = job.design;
    if (!r.rtl_dir.empty()) {
        if (r.lanes && *r.lanes != d.lanes)
            throw std::runtime_error(fmt::format("--lanes {} contradicts the manifest of {} ({} lanes)", *r.lanes,
                                                 r.rtl_dir, d.lanes));
        if (r.out && (!d.out || !(*r.out == *d.out)))
            throw std::runtime_error(fmt::format("--out {} contradicts the manifest of {} ({})", r.out->name(),
                                                 r.rtl_dir, d.out ? d.out->name() : "no output format"));
        if (!d.runtime)
            for (const auto& [given, built, what] : {std::tuple{r.act, d.act, "--act"}, std::tuple{r.wgt, d.wgt, "--wgt"}})
                if (given && !(*given == built))
                    throw std::runtime_error(fmt::format("{} {} contradicts the static design in {} ({})", what,
                                                         given->name(), r.rtl_dir, built.name()));
    }
    job.act = r.act.value_or(d.act);
    job.wgt = r.wgt.value_or(d.wgt);
    if (r.stimulus.exhaustive && (job.act.is_fp32 || job.wgt.is_fp32))
        throw std::runtime_error("--exhaustive needs FFP8 operand formats (fp32 operands have 2^64 pairs)");
    job.stimulus = r.stimulus;
    if (!job.stimulus.vectors.empty()) {
        if (job.stimulus.exhaustive) throw std::runtime_error("--vectors and --exhaustive exclude each other");
        if (d.lanes > 1)  // a vector line is one MAC operation: A*B + C
            throw std::runtime_error(fmt::format("--vectors holds one MAC operation per line: it needs a 1-lane unit, "
                                                 "not {} lanes", d.lanes));
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
        status = run_simulator(build_paths::systemc_rt, job);
    } else {
        status = run_simulator(on_demand_simulator(design.verilog, job.harness), job);
    }
    if (status > 1) throw std::runtime_error(fmt::format("the simulator failed (status {})", status));
    return status;
}

}  // namespace ffp8::sim
