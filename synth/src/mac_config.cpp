#include "ffp8/synth/mac_config.hpp"

#include <fmt/format.h>
#include <stdexcept>

namespace ffp8::synth {

std::string MacConfig::label() const {
    return fmt::format("{} x {}, {}, {} stage{}{}{}", act.name(), wgt.name(),
                       mode == hw::Mode::runtime_formats ? "runtime" : "static", stages, stages == 1 ? "" : "s",
                       out ? ", out " + out->name() : "", lanes > 1 ? fmt::format(", {} lanes", lanes) : "");
}

std::string MacConfig::id() const {
    return fmt::format("{}-s{}-{}-{}{}{}", mode == hw::Mode::runtime_formats ? "runtime" : "static", stages, act.name(),
                       wgt.name(), out ? "-q-" + out->name() : "", lanes > 1 ? fmt::format("-k{}", lanes) : "");
}

hw::GenOptions ffp8_options(const MacConfig& c) {
    hw::GenOptions o;
    o.act = c.act;
    o.wgt = c.wgt;
    o.out = c.out;
    o.mode = c.mode;
    o.stages = c.stages;
    o.lanes = c.lanes;
    o.top = hw::default_top(c.lanes);
    return o;
}

hw::GenOptions baseline_options(const MacConfig& c) {
    hw::GenOptions o;
    o.act = Format::fp32();
    o.wgt = Format::fp32();
    o.mode = hw::Mode::static_formats;
    o.stages = c.stages;  // same top name as the FFP8 MAC: identical FMA modules, mapped once
    return o;
}

const char* mode_name(hw::Mode m) { return m == hw::Mode::runtime_formats ? "runtime" : "static"; }

nlohmann::json config_json(const MacConfig& c) {
    return {{"act", c.act.name()},
            {"wgt", c.wgt.name()},
            {"out", c.out ? nlohmann::json(c.out->name()) : nlohmann::json()},
            {"mode", mode_name(c.mode)},
            {"stages", c.stages},
            {"lanes", c.lanes}};
}

std::string baseline_name(const MacConfig& c) {
    return fmt::format("fp32 x fp32 baseline, {} stage{}", c.stages, c.stages == 1 ? "" : "s");
}

RtlDesign rtl_design(const hw::GeneratedDesign& d, const std::string& name) {
    RtlDesign r;
    r.name = name;
    r.top = d.top;
    r.files = d.files;
    const auto blocks = d.manifest.find("blocks");
    if (blocks == d.manifest.end() || !blocks->is_object())
        throw std::runtime_error("generator manifest has no `blocks` object: cannot break the area down");
    for (const auto& [kind, modules] : blocks->items()) {
        if (kind == "top") continue;
        for (const auto& m : modules) r.blocks.push_back({kind, m.get<std::string>()});
    }
    return r;
}

}  // namespace ffp8::synth
