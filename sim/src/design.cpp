#include "ffp8/sim/design.hpp"

#include <fmt/format.h>
#include <fstream>
#include <stdexcept>

namespace ffp8::sim {

std::string DesignInfo::describe() const {
    return fmt::format("{} {} x {}{}, stages {}{}, latency {}{}, top {}", runtime ? "runtime" : "static", act.name(),
                       wgt.name(), out ? " -> " + out->name() : "", stages, input_stage ? " (the first on the inputs)" : "",
                       latency, lanes > 1 ? fmt::format(", {} lanes", lanes) : "", top);
}

DesignInfo design_from_manifest(const nlohmann::json& m) {
    DesignInfo d;
    d.top = m.at("top").get<std::string>();
    d.latency = m.at("latency").get<int>();
    d.stages = m.at("stages").get<int>();
    d.input_stage = m.value("input_stage", false);  // absent in manifests of older generators
    d.lanes = m.value("lanes", 1);
    const std::string mode = m.at("mode").get<std::string>();
    if (mode != "runtime" && mode != "static") throw std::runtime_error("manifest mode '" + mode + "' is unknown");
    d.runtime = mode == "runtime";
    const nlohmann::json& f = m.at("formats");
    d.act = Format::parse(f.at("act").get<std::string>());
    d.wgt = Format::parse(f.at("wgt").get<std::string>());
    if (f.contains("out") && !f.at("out").is_null()) d.out = Format::parse(f.at("out").get<std::string>());
    d.verilog_files = m.at("files").get<std::vector<std::string>>();
    if (d.latency != d.golden_config(d.act, d.wgt).latency())
        throw std::runtime_error(fmt::format("manifest latency {} differs from the golden cycle model's {} "
                                             "(stages {}{})",
                                             d.latency, d.golden_config(d.act, d.wgt).latency(), d.stages,
                                             d.out ? ", with an output format" : ""));
    return d;
}

DesignInfo read_design(const std::filesystem::path& dir) {
    const std::filesystem::path path = dir / "manifest.json";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path.string() + " (is it a folder written by ffp8 gen?)");
    try {
        DesignInfo d = design_from_manifest(nlohmann::json::parse(in));
        for (const std::string& f : d.verilog_files)
            if (!std::filesystem::exists(dir / f)) throw std::runtime_error("lists " + f + ", which is missing");
        return d;
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(path.string() + ": " + e.what());
    } catch (const FormatError& e) {
        throw std::runtime_error(path.string() + ": " + e.what());
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(path.string() + ": " + e.what());
    }
}

}  // namespace ffp8::sim
