#include "ffp8/synth/ice40_stage_delays.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <set>

#include "ffp8/atomic_file.hpp"
#include "ffp8/synth/tool_error.hpp"
#include "ffp8/synth/work_dir.hpp"
#include "flow_steps.hpp"

namespace ffp8::synth {

namespace {

using nlohmann::json;

bool is_flip_flop(const json& cell) { return cell.at("type").get<std::string>().rfind("SB_DFF", 0) == 0; }

const json& port_directions(const std::string& name, const json& cell) {
    const auto it = cell.find("port_directions");
    if (it == cell.end()) throw ToolOutputError(fmt::format("iCE40 netlist: cell {} has no port directions", name));
    return *it;
}

// Every net bit of a port (constants are strings in Yosys JSON, and drive nothing to walk).
template <class Visit>
void for_each_net_bit(const json& bits, Visit&& visit) {
    for (const auto& b : bits)
        if (b.is_number_integer()) visit(b.get<long>());
}

}  // namespace

std::vector<RegisterGroup> register_groups(const json& module, const std::vector<std::string>& marks) {
    const json& cells = module.at("cells");
    std::map<long, std::string> driver;  // net bit -> the cell driving it
    for (const auto& [name, cell] : cells.items()) {
        const json& dirs = port_directions(name, cell);
        for (const auto& [port, bits] : cell.at("connections").items())
            if (dirs.value(port, "") == "output") for_each_net_bit(bits, [&](long b) { driver[b] = name; });
    }
    std::vector<RegisterGroup> groups(marks.size() + 1);
    for (std::size_t k = 0; k < marks.size(); ++k) groups[k].mark = marks[k];
    std::map<std::string, int> group_of;
    for (const auto& [name, cell] : cells.items()) {
        if (!is_flip_flop(cell)) continue;
        std::string src;
        if (const auto a = cell.find("attributes"); a != cell.end() && a->contains("src")) src = a->at("src").get<std::string>();
        std::size_t g = 0;
        while (g < marks.size() && src.find(marks[g]) == std::string::npos) ++g;
        groups[g].cells.push_back(name);
        group_of[name] = static_cast<int>(g);
    }
    for (auto& group : groups) {
        std::set<int> sources;
        std::set<std::string> seen;
        std::vector<long> todo;
        const auto push_inputs = [&](const json& cell, bool skip_clock) {
            const json& dirs = cell.at("port_directions");
            for (const auto& [port, bits] : cell.at("connections").items())
                if (dirs.value(port, "") == "input" && !(skip_clock && port == "C"))
                    for_each_net_bit(bits, [&](long b) { todo.push_back(b); });
        };
        for (const auto& name : group.cells) push_inputs(cells.at(name), true);
        while (!todo.empty()) {
            const long bit = todo.back();
            todo.pop_back();
            const auto d = driver.find(bit);
            if (d == driver.end()) continue;  // a module input
            if (const auto f = group_of.find(d->second); f != group_of.end()) {
                sources.insert(f->second);
                continue;
            }
            if (seen.insert(d->second).second) push_inputs(cells.at(d->second), false);
        }
        group.sources.assign(sources.begin(), sources.end());
        group.logic.assign(seen.begin(), seen.end());
    }
    return groups;
}

json cone_netlist(const json& netlist, const std::string& top, const std::vector<RegisterGroup>& groups, int g) {
    const RegisterGroup& group = groups.at(static_cast<std::size_t>(g));
    const json& module = netlist.at("modules").at(top);
    const json& cells = module.at("cells");
    json kept = json::object();
    for (const auto& name : group.cells) kept[name] = cells.at(name);
    for (const auto& name : group.logic) kept[name] = cells.at(name);
    for (const int source : group.sources) {
        if (source == g) continue;
        for (const auto& name : groups.at(static_cast<std::size_t>(source)).cells) {
            json cell = cells.at(name);
            for (auto& [port, bits] : cell.at("connections").items())
                if (port != "C" && cell.at("port_directions").value(port, "") == "input")
                    for (auto& b : bits) b = "0";
            kept[name] = std::move(cell);
        }
    }
    std::set<long> used;
    for (const auto& [_, cell] : kept.items())
        for (const auto& [port, bits] : cell.at("connections").items()) for_each_net_bit(bits, [&](long b) { used.insert(b); });
    const auto any_used = [&](const json& bits) {
        bool any = false;
        for_each_net_bit(bits, [&](long b) { any = any || used.count(b) > 0; });
        return any;
    };
    json cut = module;
    cut["cells"] = std::move(kept);
    cut["ports"] = json::object();
    for (const auto& [name, port] : module.at("ports").items())
        if (any_used(port.at("bits"))) cut["ports"][name] = port;
    cut["netnames"] = json::object();
    for (const auto& [name, net] : module.at("netnames").items())
        if (any_used(net.at("bits"))) cut["netnames"][name] = net;
    json out = netlist;
    out["modules"] = json::object();
    out["modules"][top] = std::move(cut);
    return out;
}

namespace {

// The Fmax and the register overhead of one clock in nextpnr's JSON report.
struct ClockFigures {
    double period_ns = 0;
    std::optional<double> overhead_ns;  // clock-to-Q plus setup on its critical path
};

std::optional<ClockFigures> clock_figures(const json& report, const std::string& port) {
    // nextpnr names a clock by its net: the port, then what it inserted ("$SB_IO_IN_$glb_clk").
    const auto is_clock = [&](const std::string& net) { return net == port || net.rfind(port + "$", 0) == 0; };
    std::optional<ClockFigures> f;
    for (const auto& [net, fmax] : report.at("fmax").items())
        if (is_clock(net)) f = ClockFigures{1000.0 / fmax.at("achieved").get<double>(), std::nullopt};
    if (!f) return f;
    for (const auto& path : report.value("critical_paths", json::array())) {
        const std::string from = path.value("from", ""), to = path.value("to", "");
        if (from.rfind("posedge ", 0) != 0 || !is_clock(from.substr(8)) || from != to) continue;
        const json& steps = path.at("path");
        if (steps.size() >= 2 && steps.front().value("type", "") == "clk-to-q" && steps.back().value("type", "") == "setup")
            f->overhead_ns = steps.front().at("delay").get<double>() + steps.back().at("delay").get<double>();
    }
    return f;
}

}  // namespace

StageDelays measure_ice40_stages(const RtlDesign& probe, const StageMarks& marks, const FpgaFlowOptions& options) {
    if (marks.stages < 2 || marks.loop_module.empty() || !marks.loop_end)
        throw std::logic_error("measure_ice40_stages: not a stage probe's marks");
    std::vector<std::string> names;  // the groups: stages 1..S, loop cuts 1..C-1, the loop's end
    for (int k = 1; k <= marks.stages; ++k) names.push_back(stage_mark(k));
    for (int k = 1; k < marks.loop_cycles; ++k) names.push_back(loop_cut_mark(k));
    names.push_back(loop_end_mark);
    std::vector<int> measured;  // every group but the input registers
    for (int g = 1; g < static_cast<int>(names.size()); ++g) measured.push_back(g);

    std::vector<double> period(names.size(), 0);
    std::optional<double> overhead;
    run_in_work_dir("ffp8-ice40-probe-", options.work_parent, options.keep_work, [&](const std::filesystem::path& dir) {
        const auto verilog = detail::write_rtl(probe, dir);
        if (options.on_step) options.on_step("synth_ice40");
        detail::run_yosys(dir, "ice40.ys", ice40_script(verilog, probe.top, options.device.has_dsp, marks), probe.name);
        const json netlist = json::parse(detail::read_text(dir / ice40_json_file));
        if (!netlist.contains("modules") || !netlist["modules"].contains(probe.top))
            throw ToolOutputError(fmt::format("synth_ice40 netlist of {} has no module {}", probe.name, probe.top));
        const auto groups = register_groups(netlist["modules"][probe.top], names);
        for (std::size_t g = 0; g < names.size(); ++g)
            if (groups[g].cells.empty())
                throw ToolOutputError(fmt::format("stage probe {}: no flip-flop carries the mark {}", probe.name, names[g]));
        for (const int g : measured) {
            const std::string& what = names[static_cast<std::size_t>(g)];
            const std::string stem = fmt::format("cone{}", g);
            write_file_atomically(dir / (stem + ".json"), cone_netlist(netlist, probe.top, groups, g).dump() + "\n");
            if (options.on_step) options.on_step(fmt::format("nextpnr, the paths into {}", what));
            const NextpnrOutcome pnr = place_and_route_ice40(dir, options, stem + ".json", stem + ".log", stem + "_report.json");
            if (!pnr.fits)
                throw ToolOutputError(fmt::format("stage probe {}: the cone of {} does not fit the {} ({}): {}", probe.name,
                                                  what, options.device.name, options.device.package, pnr.problem));
            const auto f = clock_figures(json::parse(detail::read_text(dir / (stem + "_report.json"))), probe.clock_port);
            if (!f) throw ToolOutputError(fmt::format("stage probe {}: nextpnr found no path into {}", probe.name, what));
            period[static_cast<std::size_t>(g)] = f->period_ns;
            if (f->overhead_ns) overhead = overhead ? std::min(*overhead, *f->overhead_ns) : *f->overhead_ns;
        }
    });
    if (!overhead) throw ToolOutputError("stage probe: nextpnr reported no register-to-register path");
    StageDelays d;
    d.segment_ns.assign(period.begin() + 1, period.begin() + marks.stages);
    d.loop_ns.assign(period.begin() + marks.stages, period.end());
    d.register_overhead_ns = *overhead;
    return d;
}

}  // namespace ffp8::synth
