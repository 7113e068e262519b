#include "ffp8/synth/rtl_design.hpp"

#include <stdexcept>

namespace ffp8::synth {

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
    const auto loop = d.manifest.find("accumulate_loop");
    if (loop != d.manifest.end()) {
        r.loop_module = loop->at("module").get<std::string>();
        r.loop_cycles = loop->value("cycles", 1);
    }
    r.stages = d.manifest.value("stages", 0);
    return r;
}

}  // namespace ffp8::synth
