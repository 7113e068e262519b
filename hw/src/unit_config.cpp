#include "ffp8/checked_json.hpp"
#include "ffp8/hw/unit_config.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <regex>
#include <stdexcept>

#include "ffp8/dot.hpp"
#include "ffp8/hw/verilog_keywords.hpp"
#include "ffp8/quoted_text.hpp"

namespace ffp8::hw {

std::string_view mode_name(Mode m) { return m == Mode::runtime_formats ? "runtime" : "static"; }

Mode parse_mode(std::string_view name) {
    if (name == "static") return Mode::static_formats;
    if (name == "runtime") return Mode::runtime_formats;
    throw std::invalid_argument(fmt::format("--mode {} is unknown (static or runtime)", quoted_text(name)));
}

std::string default_top(int lanes) { return lanes > 1 ? "ffp8_dot" : "ffp8_mac"; }

const std::vector<std::string>& UnitConfig::cut_point_names() const {
    static const std::vector<std::string> mac{"inputs", "unpack", "product_info", "mul_rows", "mul_tree", "mul_cpa"};
    // Position for position the MAC's counterparts (fp32_baseline maps them so).
    static const std::vector<std::string> dot{"inputs", "decoders", "lanes", "dot_rows", "dot_tree", "dot_cpa"};
    return is_dot() ? dot : mac;
}

namespace {
// The points between the blocks, in order (the --stages table's): the inputs and after segments 1..4.
const std::vector<std::string>& block_points(bool dot) {
    static const std::vector<std::string> mac{"inputs", "unpack", "product_info", "mul_tree", "mul_cpa"};
    static const std::vector<std::string> dot_points{"inputs", "decoders", "lanes", "dot_tree", "dot_cpa"};
    return dot ? dot_points : mac;
}
}  // namespace

std::vector<int> UnitConfig::cut_indices() const {
    const auto& names = cut_point_names();
    const auto index_of = [&](const std::string& c) {
        const auto it = std::find(names.begin(), names.end(), c);
        if (it == names.end()) throw std::invalid_argument(fmt::format("--cuts: {} is no cut point of this unit", quoted_text(c)));
        return static_cast<int>(it - names.begin());
    };
    std::vector<int> at;
    if (!cuts.empty()) {
        for (const auto& c : cuts) at.push_back(index_of(c));
    } else {
        // The table: each added stage splits the longest remaining piece (between blocks); beyond 4
        // the inputs are delayed, and so they are by the first stage with input_stage.
        static const std::vector<std::vector<int>> table{{}, {4}, {2, 4}, {2, 3, 4}, {1, 2, 3, 4}};
        const auto& points = block_points(is_dot());
        const int logic_stages = input_stage ? stages - 1 : stages;
        for (int i = 0; i < std::max(0, logic_stages - 4) + (input_stage ? 1 : 0); ++i) at.push_back(0);
        for (int p : table[static_cast<std::size_t>(std::clamp(logic_stages, 0, 4))])
            at.push_back(index_of(points[static_cast<std::size_t>(p)]));
    }
    std::sort(at.begin(), at.end());
    return at;
}

std::vector<std::string> UnitConfig::stage_points() const {
    std::vector<std::string> names;
    for (int i : cut_indices()) names.push_back(cut_point_names()[static_cast<std::size_t>(i)]);
    return names;
}

bool UnitConfig::cuts_inside_a_block(const std::string& point) const {
    const auto& names = cut_point_names();
    const auto& between = block_points(is_dot());
    return std::find(names.begin(), names.end(), point) != names.end() &&
           std::find(between.begin(), between.end(), point) == between.end();
}

std::vector<std::string> UnitConfig::canonical_cuts() const {
    if (cuts.empty()) return cuts;
    try {
        return stage_points();
    } catch (const std::invalid_argument&) {
        return cuts;
    }
}

void UnitConfig::validate() const {
    if (auto_stages) {
        if (!clock_ns) throw std::invalid_argument("--stages auto needs --clock NS (the clock to pipeline for)");
        if (!cuts.empty()) throw std::invalid_argument("--stages auto and --cuts exclude each other");
    } else if (stages < 0 || stages > max_stages) {
        throw std::invalid_argument(fmt::format("--stages {} is out of range 0..{}", stages, max_stages));
    }
    if (clock_ns && !(std::isfinite(*clock_ns) && *clock_ns > 0))
        throw std::invalid_argument(fmt::format("--clock {} is not a positive number of ns", *clock_ns));
    if (!cuts.empty()) {
        if (input_stage) throw std::invalid_argument("--cuts and --input-stage exclude each other (name inputs in --cuts)");
        if (cuts.size() > static_cast<std::size_t>(max_stages))
            throw std::invalid_argument(fmt::format("--cuts names {} points, more than {} stages", cuts.size(), max_stages));
        if (static_cast<std::size_t>(stages) != cuts.size())
            throw std::logic_error("UnitConfig: stages differs from the number of cuts");
        (void)cut_indices();  // every name known
    }
    if (input_stage && stages < 1 && !auto_stages) throw std::invalid_argument("--input-stage needs --stages 1 or more");
    static const std::regex identifier("[A-Za-z_][A-Za-z0-9_]{0,62}");
    const std::string name = top_name();
    if (!std::regex_match(name, identifier))
        throw std::invalid_argument(fmt::format(
            "--top {} is not a Verilog identifier (letters, digits, _; not starting with a digit; at most 63)", quoted_text(name)));
    if (is_verilog_keyword(name))
        throw std::invalid_argument(
            fmt::format("--top {} is a Verilog-2005 or SystemVerilog keyword, not a module name", quoted_text(name)));
    if (runtime() && (act.is_fp32 || wgt.is_fp32))
        throw std::invalid_argument("--mode runtime needs FFP8 formats for both --act and --wgt (not fp32)");
    if (out && out->is_fp32) throw std::invalid_argument("--out must be an FFP8 format (acc is already fp32)");
    if (!lanes_supported(lanes))
        throw std::invalid_argument(fmt::format("--lanes {} is not supported (1, 2, 4, 8 or 16)", lanes));
    if (!slots_supported(slots)) throw std::invalid_argument(fmt::format("--slots {} is not supported (1, 2, 4 or 8)", slots));
    if (is_dot() && (act.is_fp32 || wgt.is_fp32))
        throw std::invalid_argument(fmt::format("--lanes {} needs FFP8 formats for --act and --wgt (fp32 has one lane)", lanes));
}

std::vector<std::pair<std::string, std::string>> UnitConfig::options() const {
    std::vector<std::pair<std::string, std::string>> o{{"--act", act.name()}, {"--wgt", wgt.name()}};
    if (out) o.emplace_back("--out", out->name());
    o.emplace_back("--mode", std::string(mode_name(mode)));
    if (auto_stages) {
        o.emplace_back("--stages", "auto");
        o.emplace_back("--clock", fmt::format("{}", *clock_ns));
    } else if (!cuts.empty()) {
        std::string list;
        for (const auto& c : cuts) list += (list.empty() ? "" : ",") + c;
        o.emplace_back("--cuts", list);
    } else {
        o.emplace_back("--stages", std::to_string(stages));
    }
    if (input_stage) o.emplace_back("--input-stage", "");
    o.emplace_back("--top", top_name());
    if (is_dot()) o.emplace_back("--lanes", std::to_string(lanes));
    if (slots > 1) o.emplace_back("--slots", std::to_string(slots));
    return o;
}

std::string UnitConfig::text() const {
    std::string s;
    for (const auto& [option, value] : options()) s += fmt::format("{}{}{}{}", s.empty() ? "" : " ", option, value.empty() ? "" : " ", value);
    return s;
}

std::string UnitConfig::label() const {
    return fmt::format("{} x {}, {}, {}{}{}{}{}{}", act.name(), wgt.name(), mode_name(mode),
                       auto_stages ? std::string("auto stages") : fmt::format("{} stage{}", stages, stages == 1 ? "" : "s"),
                       input_stage ? " (input stage)" : "", out ? ", out " + out->name() : "",
                       is_dot() ? fmt::format(", {} lanes", lanes) : "", slots > 1 ? fmt::format(", {} slots", slots) : "",
                       clock_ns ? fmt::format(", for {} ns", *clock_ns) : "");
}

std::string UnitConfig::id() const {
    std::string cut_list;
    if (!cuts.empty()) {
        cut_list = "-c";
        for (int i : cut_indices()) cut_list += std::to_string(i);
    }
    return fmt::format("{}-s{}-{}-{}{}{}{}{}{}{}", mode_name(mode), auto_stages ? std::string("auto") : std::to_string(stages),
                       act.name(), wgt.name(), input_stage ? "-i" : "", cut_list,
                       clock_ns ? fmt::format("-t{}", *clock_ns) : "", out ? "-q-" + out->name() : "", is_dot() ? fmt::format("-k{}", lanes) : "",
                       slots > 1 ? fmt::format("-l{}", slots) : "");
}

nlohmann::json UnitConfig::to_json() const {
    nlohmann::json j{{"act", act.name()},
                     {"wgt", wgt.name()},
                     {"out", out ? nlohmann::json(out->name()) : nlohmann::json()},
                     {"mode", mode_name(mode)},
                     {"stages", stages},
                     {"lanes", lanes}};
    if (input_stage) j["input_stage"] = true;
    if (slots > 1) j["slots"] = slots;
    if (!cuts.empty()) j["cuts"] = cuts;
    if (auto_stages) j["auto_stages"] = true;
    if (clock_ns) j["clock_ns"] = *clock_ns;
    if (!planned_on.empty()) j["planned_on"] = planned_on;
    return j;
}

namespace {

Format checked_format(const CheckedJson& name) {
    try {
        return Format::parse(name.text());
    } catch (const FormatError& e) {
        name.fail(e.what());
    }
}

}  // namespace

UnitConfig UnitConfig::from_json(const nlohmann::json& json) {
    const CheckedJson j(json);
    UnitConfig c;
    c.act = checked_format(j.at("act"));
    c.wgt = checked_format(j.at("wgt"));
    if (const auto out = j.find("out")) c.out = checked_format(*out);
    const CheckedJson mode = j.at("mode");
    try {
        c.mode = parse_mode(mode.text());
    } catch (const std::invalid_argument& e) {
        mode.fail(e.what());
    }
    c.stages = j.at("stages").whole_int(0, max_stages);
    c.lanes = j.find("lanes") ? j.at("lanes").whole_int(1, 16) : 1;
    c.input_stage = j.find("input_stage") ? j.at("input_stage").boolean() : false;
    c.slots = j.find("slots") ? j.at("slots").whole_int(1, 8) : 1;
    if (j.find("cuts")) c.cuts = j.at("cuts").texts();
    c.auto_stages = j.find("auto_stages") ? j.at("auto_stages").boolean() : false;
    if (const auto clock = j.find("clock_ns")) c.clock_ns = clock->number(1e-3, 1e6);
    c.planned_on = j.find("planned_on") ? j.at("planned_on").text() : std::string{};
    return c;
}

void UnitConfig::write_manifest(nlohmann::json& m) const {
    m["options"] = text();
    m["top"] = top_name();
    m["mode"] = mode_name(mode);
    m["stages"] = stages;
    m["cuts"] = stage_points();
    m["explicit_cuts"] = !cuts.empty();
    if (clock_ns) m["clock_ns"] = *clock_ns;
    if (!planned_on.empty()) m["target"] = planned_on;
    m["input_stage"] = input_stage;
    m["lanes"] = lanes;
    m["slots"] = slots;
    m["formats"] = {{"act", act.name()}, {"wgt", wgt.name()}, {"out", out ? nlohmann::json(out->name()) : nlohmann::json()}};
    m["baseline"] = is_baseline();
}

UnitConfig UnitConfig::from_manifest(const nlohmann::json& manifest) {
    const CheckedJson m(manifest);
    UnitConfig c;
    c.top = m.at("top").text();
    const CheckedJson mode = m.at("mode");
    if (mode.text() != "runtime" && mode.text() != "static") mode.fail(fmt::format("{} is no mode (static or runtime)", quoted_text(mode.text())));
    c.mode = parse_mode(mode.text());
    c.stages = m.at("stages").whole_int(0, max_stages);
    // Absent in manifests of older generators: off, one lane, one slot.
    c.input_stage = m.find("input_stage") ? m.at("input_stage").boolean() : false;
    c.lanes = m.find("lanes") ? m.at("lanes").whole_int(1, 16) : 1;
    c.slots = m.find("slots") ? m.at("slots").whole_int(1, 8) : 1;
    if (m.find("explicit_cuts") && m.at("explicit_cuts").boolean()) c.cuts = m.at("cuts").texts();
    if (const auto clock = m.find("clock_ns")) c.clock_ns = clock->number(1e-3, 1e6);
    c.planned_on = m.find("target") ? m.at("target").text() : std::string{};
    const CheckedJson f = m.at("formats");
    c.act = checked_format(f.at("act"));
    c.wgt = checked_format(f.at("wgt"));
    if (const auto out = f.find("out")) c.out = checked_format(*out);
    return c;
}

MacUnitConfig UnitConfig::golden_mac(const Format& act_format, const Format& wgt_format) const {
    return MacUnitConfig{act_format, wgt_format, out, stages, slots};
}

DotUnitConfig UnitConfig::golden_dot(const Format& act_format, const Format& wgt_format) const {
    return DotUnitConfig{act_format, wgt_format, out, stages, lanes, slots};
}

UnitConfig UnitConfig::fp32_baseline() const {
    UnitConfig b;
    b.act = Format::fp32();
    b.wgt = Format::fp32();
    b.stages = stages;
    b.input_stage = input_stage;
    b.slots = slots;  // the same accumulate loop: the comparison is of the formats, not of the loop
    b.auto_stages = auto_stages;  // planned on its own, by the same rules, for the same clock
    b.clock_ns = clock_ns;
    b.planned_on = planned_on;
    // Explicit cuts at the same places: a dot-product unit's cut points map to the MAC's by position.
    for (int i : cuts.empty() ? std::vector<int>{} : cut_indices())
        b.cuts.push_back(b.cut_point_names()[static_cast<std::size_t>(i)]);
    return b;
}

}  // namespace ffp8::hw
