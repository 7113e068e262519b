#include "ffp8/sim/design.hpp"

#include <fmt/format.h>
#include <fstream>
#include <stdexcept>

namespace ffp8::sim {

std::string DesignInfo::describe() const {
    const hw::UnitConfig& u = unit;
    return fmt::format("{} {} x {}{}, stages {}{}, latency {}{}, top {}", hw::mode_name(u.mode), u.act.name(),
                       u.wgt.name(), u.out ? " -> " + u.out->name() : "", u.stages,
                       u.input_stage ? " (the first on the inputs)" : "", latency,
                       u.is_dot() ? fmt::format(", {} lanes", u.lanes) : "", u.top_name());
}

DesignInfo design_from_manifest(const nlohmann::json& m) {
    DesignInfo d;
    d.unit = hw::UnitConfig::from_manifest(m);
    d.latency = m.at("latency").get<int>();
    d.verilog_files = m.at("files").get<std::vector<std::string>>();
    if (d.latency != d.unit.latency())
        throw std::runtime_error(fmt::format("manifest latency {} differs from the golden cycle model's {} "
                                             "(stages {}{})",
                                             d.latency, d.unit.latency(), d.unit.stages,
                                             d.unit.out ? ", with an output format" : ""));
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
