#include "ffp8/sim/job.hpp"

#include <stdexcept>

namespace ffp8::sim {

std::string to_string(Harness h) { return h == Harness::cpp ? "cpp" : "systemc"; }

Harness parse_harness(const std::string& name) {
    if (name == "cpp") return Harness::cpp;
    if (name == "systemc") return Harness::systemc;
    throw std::runtime_error("unknown harness '" + name + "' (expected cpp or systemc)");
}

namespace {

nlohmann::json design_to_json(const DesignInfo& d) {
    nlohmann::json j;
    d.unit.write_manifest(j);  // the unit in its manifest form
    j["latency"] = d.latency;
    j["verilog_files"] = d.verilog_files;
    return j;
}

DesignInfo design_from_json(const nlohmann::json& j) {
    DesignInfo d;
    d.unit = hw::UnitConfig::from_manifest(j);
    d.latency = j.at("latency").get<int>();
    d.verilog_files = j.at("verilog_files").get<std::vector<std::string>>();
    for (const std::string& f : d.verilog_files) check_plain_file_name(f);
    return d;
}

}  // namespace

nlohmann::json to_json(const SimJob& job) {
    nlohmann::json j;
    j["design"] = design_to_json(job.design);
    j["act"] = job.act.name();
    j["wgt"] = job.wgt.name();
    j["ops"] = job.stimulus.ops;
    j["seed"] = job.stimulus.seed;
    j["exhaustive"] = job.stimulus.exhaustive;
    j["extra_pairs"] = job.stimulus.extra_pairs;
    j["vectors"] = job.stimulus.vectors;
    j["vector_format"] = to_string(job.stimulus.vector_format);
    j["slot_order"] = to_string(job.stimulus.slot_order);
    j["harness"] = to_string(job.harness);
    j["trace"] = job.trace_path;
    j["junit"] = job.junit_path;
    j["progress"] = job.progress;
    j["heartbeat"] = job.heartbeat;
    return j;
}

SimJob job_from_json(const nlohmann::json& j) {
    SimJob job;
    job.design = design_from_json(j.at("design"));
    job.act = Format::parse(j.at("act").get<std::string>());
    job.wgt = Format::parse(j.at("wgt").get<std::string>());
    job.stimulus.ops = j.at("ops").get<uint64_t>();
    job.stimulus.seed = j.at("seed").get<uint64_t>();
    job.stimulus.exhaustive = j.at("exhaustive").get<bool>();
    job.stimulus.extra_pairs = j.at("extra_pairs").get<int>();
    job.stimulus.vectors = j.at("vectors").get<std::string>();
    job.stimulus.vector_format = parse_vector_format(j.at("vector_format").get<std::string>());
    job.stimulus.slot_order = parse_slot_order(j.at("slot_order").get<std::string>());
    job.harness = parse_harness(j.at("harness").get<std::string>());
    job.trace_path = j.at("trace").get<std::string>();
    job.junit_path = j.at("junit").get<std::string>();
    job.progress = j.at("progress").get<bool>();
    job.heartbeat = j.at("heartbeat").get<std::string>();
    return job;
}

}  // namespace ffp8::sim
