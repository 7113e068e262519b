#include "unit_options.hpp"

#include <algorithm>
#include <cstdint>
#include <fmt/format.h>

#include "option_checks.hpp"

namespace ffp8::cli {

namespace {
hw::UnitConfig dot_unit() {
    hw::UnitConfig c;
    c.lanes = 8;
    return c;
}
}  // namespace

std::shared_ptr<const UnitOptions> UnitOptions::add(CLI::App& cmd, Extras extras) {
    auto o = std::make_shared<UnitOptions>();
    auto& d = o->declared_;
    d.push_back(cmd.add_option("--act", o->act_, "Activation format a (FFP8 name, preset, or fp32: the FP32 baseline's operand)")
                    ->capture_default_str());
    d.push_back(cmd.add_option("--wgt", o->wgt_, "Weight format w (FFP8 name, preset or fp32)")->capture_default_str());
    d.push_back(cmd.add_option("--out", o->out_, "Output format O: adds the encoder stage and port q"));
    d.push_back(cmd.add_option("--mode", o->mode_, "static: formats built in; runtime: formats on ports, sampled with the operation")
                    ->check(CLI::IsMember({"static", "runtime"}))
                    ->capture_default_str());
    auto* stages = cmd.add_option("--stages", o->stages_,
                                  fmt::format("Pipeline registers before the accumulate stage (0..{}), or auto: as few as "
                                              "fit --clock on the target, from its measured block delays (and the slots "
                                              "the accumulate loop needs)",
                                              hw::UnitConfig::max_stages))
                       ->check(CLI::Validator(
                           [](std::string& v) -> std::string {
                               if (v == "auto") return {};
                               const std::string why = whole_number()(v);
                               return why.empty() ? why : why + " (or auto)";
                           },
                           "", ""))
                       ->capture_default_str();
    d.push_back(stages);
    d.push_back(cmd.add_option("--cuts", o->cuts_,
                               fmt::format("Where the stages go, by cut point, comma separated (MAC: {}; --lanes > 1: "
                                           "{}): a planned unit's manifest gives them",
                                           fmt::join(hw::UnitConfig{}.cut_point_names(), ", "),
                                           fmt::join(dot_unit().cut_point_names(), ", ")))
                    ->delimiter(',')
                    ->excludes(stages));
    d.push_back(cmd.add_flag("--input-stage", o->input_stage_,
                             "The first pipeline stage registers the inputs (every path starts at a flop: fast to simulate)"));
    if (extras.lanes)
        d.push_back(cmd.add_option("--lanes", o->lanes_,
                                   "Products per operation: 1 the MAC; 2, 4, 8, 16 the fused dot-product unit (static or "
                                   "runtime formats)")
                        ->capture_default_str());
    d.push_back(cmd.add_option("--slots", o->slots_,
                               "Interleaved accumulators L (1, 2, 4, 8): a slot port picks one, and the accumulate loop "
                               "may take L cycles (SPEC section 8)")
                    ->capture_default_str());
    if (extras.top)
        d.push_back(cmd.add_option("--top", o->top_, "Top module name (default ffp8_mac, ffp8_dot with --lanes > 1)"));
    return o;
}

hw::UnitConfig UnitOptions::config() const {
    hw::UnitConfig c;
    c.act = Format::parse(act_);
    c.wgt = Format::parse(wgt_);
    if (!out_.empty()) c.out = Format::parse(out_);
    c.mode = hw::parse_mode(mode_);
    if (stages_ == "auto") c.auto_stages = true;
    else c.stages = static_cast<int>(std::min<std::uint64_t>(std::stoull(stages_, nullptr, 0), 1000));  // checked while parsing
    c.cuts = cuts_;
    if (!cuts_.empty()) c.stages = static_cast<int>(cuts_.size());
    c.input_stage = input_stage_;
    c.lanes = lanes_;
    c.slots = slots_;
    c.top = top_;
    c.cuts = c.canonical_cuts();  // in pipeline order, as manifests list them
    return c;
}

std::set<std::string> UnitOptions::given() const {
    std::set<std::string> names;
    for (const CLI::Option* option : declared_)
        if (option->count() > 0) names.insert(option->get_name());
    return names;
}

}  // namespace ffp8::cli
