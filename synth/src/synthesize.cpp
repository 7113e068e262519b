#include "ffp8/synth/synthesize.hpp"

#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <regex>
#include <sstream>

#include "ffp8/atomic_file.hpp"
#include "flow_steps.hpp"
#include "ffp8/synth/subprocess.hpp"
#include "ffp8/synth/tool_error.hpp"
#include "ffp8/synth/tool_scripts.hpp"
#include "ffp8/synth/work_dir.hpp"
#include "ffp8/synth/yosys_ltp.hpp"
#include "ffp8/synth/yosys_stat.hpp"

namespace ffp8::synth {

std::map<std::string, double> MappedFigures::area_by_role() const {
    std::map<std::string, double> area;
    for (const auto& b : blocks) area[b.role] += b.area_um2;
    area["top"] += other_area_um2;
    return area;
}

namespace {

using detail::read_text;

bool is_generic_flip_flop(const std::string& type) {
    return type.rfind("$_", 0) == 0 && (type.find("DFF") != std::string::npos || type.find("DLATCH") != std::string::npos);
}

// Source text without `//` comment lines: generated headers name the generator options, which
// must not make identical modules of two designs look different to the cache.
std::string without_comment_lines(const std::string& text) {
    std::istringstream in(text);
    std::string out, line;
    while (std::getline(in, line)) {
        const auto first = line.find_first_not_of(" \t");
        if (first != std::string::npos && line.compare(first, 2, "//") == 0) continue;
        out += line;
        out += '\n';
    }
    return out;
}

// Per view, in its own subfolder of the work folder: the design's sources, the ABC files, the
// mapped units, the assembled netlist, STA (and the power analysis for the headline view).
class ViewRun {
public:
    ViewRun(const RtlDesign& design, const Library& library, const FlowOptions& options, SynthView view,
            const std::filesystem::path& dir)
        : design_(design), library_(library), options_(options), view_(view), dir_(dir) {
        std::filesystem::create_directories(dir);
        verilog_ = detail::write_rtl(design, dir);
        write_file_atomically(dir / abc_constr_file, abc_constraints(library.drive()));
        if (options.abc == AbcScript::delay)
            write_file_atomically(dir / abc_delay_script_file,
                                  delay_abc_commands(std::lround(options.clock_ns * 1000)) + "\n");
    }

    MappedFigures run() {
        MappedFigures f;
        f.view = view_;
        liberty(f);
        timing(f);
        return f;
    }

    void power(DesignMetrics& m) const {
        step("power");
        std::vector<PowerMetrics> p = analyse_power(dir_, mapped_, design_.top, library_, options_.clock_ns, *options_.power);
        m.power = p.front();
        m.other_power.assign(p.begin() + 1, p.end());
    }

private:
    void step(std::string_view what) const {
        if (options_.on_step) options_.on_step(fmt::format("{} ({})", what, view_title(view_)));
    }

    bool keeps_blocks() const { return view_ == SynthView::blocks_kept && !design_.blocks.empty(); }

    void yosys(const std::string& script_name, const std::string& script) const {
        detail::run_yosys(dir_, script_name, script, design_.name);
    }

    // Maps one unit (or takes it from the cache); returns the mapped RTLIL file name.
    std::string map_unit(const std::string& module, const std::vector<std::string>& blackboxes) const {
        const std::string mapped = fmt::format("mapped_{}.il", module);
        std::string boxes;
        for (const auto& b : blackboxes) boxes += b + " ";
        const std::string key =
            fmt::format("{}\n{}\n{}\n{}\nblack boxes: {}\n{}", module, library_.readable().string(), options_.clock_ns,
                        to_string(options_.abc), boxes, unit_source(module, module == design_.top));
        if (options_.cache) {
            const auto hit = options_.cache->find(key);
            if (hit != options_.cache->end()) {
                write_file_atomically(dir_ / mapped, hit->second);
                return mapped;
            }
        }
        step("map " + module);
        yosys(fmt::format("map_{}.ys", module), map_script(verilog_, module, blackboxes, library_.readable(),
                                                           options_.clock_ns, options_.abc, mapped, marks()));
        if (options_.cache) (*options_.cache)[key] = read_text(dir_ / mapped);
        return mapped;
    }

    void liberty(MappedFigures& m) {
        std::vector<std::string> kept;
        if (keeps_blocks()) {
            for (const auto& b : design_.blocks) kept.push_back(b.module);
            for (const auto& b : design_.blocks) mapped_.push_back(map_unit(b.module, {}));
        }
        mapped_.push_back(map_unit(design_.top, kept));
        step("assemble");
        yosys("assemble.ys", assemble_script(mapped_, design_.top, library_.readable(), design_.loop_module, marks()));

        const YosysStat lib = parse_yosys_stat(read_text(dir_ / liberty_stat_file));
        const ModuleStat& total = lib.total();
        if (total.name != design_.top)
            throw ToolOutputError(fmt::format("liberty stat describes module {}, expected {}", total.name, design_.top));
        if (!total.area) throw ToolOutputError("yosys stat -liberty: no chip area line for the design");
        if (!total.unknown_area_types.empty())
            throw ToolOutputError(fmt::format("yosys stat -liberty: cell {} has no area in the library (unmapped logic)",
                                              total.unknown_area_types.front()));
        m.area_um2 = *total.area;
        m.cells = total.cells;
        double blocks_area = 0;
        if (keeps_blocks())
            for (const auto& b : design_.blocks) {
                const ModuleStat& ms = lib.module(b.module);
                if (!ms.area) throw ToolOutputError(fmt::format("yosys stat -liberty: no area for block {}", b.module));
                BlockArea a{b.role, b.module, lib.instances(design_.top, b.module), 0, 0};
                a.area_um2 = *ms.area * static_cast<double>(a.instances);
                a.cells = ms.cells * a.instances;
                blocks_area += a.area_um2;
                m.blocks.push_back(a);
            }
        m.other_area_um2 = m.area_um2 - blocks_area;
    }

    void timing(MappedFigures& m) const {
        step("sta");
        const bool loop = !design_.loop_module.empty();
        write_file_atomically(dir_ / "sta.tcl", sta_script({library_.readable(), design_.top, design_.clock_port,
                                                             options_.clock_ns, library_.drive(), loop, marks()}));
        const int rc = run_logged({"sta", "-no_init", "-no_splash", "-exit", "sta.tcl"}, dir_, dir_ / "sta.log");
        if (rc != 0) throw ToolRunError(fmt::format("sta failed on {} (exit {})", design_.name, rc));
        const std::string log = read_text(dir_ / "sta.log");
        const std::size_t marker = log.find(loop_report_marker);
        if (loop && marker == std::string::npos) throw ToolOutputError("OpenSTA: the accumulate loop's report is missing");
        m.timing = parse_sta_report(std::string_view(log).substr(0, marker));
        if (loop) m.loop = parse_sta_report(std::string_view(log).substr(marker));
        const StageMarks mk = marks();
        const auto section = [&](const std::string& name) -> std::optional<TimingPath> {
            const std::size_t at = log.find(name + "\n");
            if (at == std::string::npos) throw ToolOutputError(fmt::format("OpenSTA: the report '{}' is missing", name));
            const std::size_t next = log.find("ffp8: ", at + name.size());
            const std::string_view text = std::string_view(log).substr(at, next == std::string::npos ? next : next - at);
            if (text.find("No paths found") != std::string_view::npos) return std::nullopt;
            return parse_sta_report(text);
        };
        for (int k = 1; k <= mk.stages; ++k) m.stage_paths.push_back(section(stage_report_marker(k)));
        for (int k = 1; !mk.loop_module.empty() && mk.any() && k <= mk.loop_cycles; ++k)
            m.loop_cut_paths.push_back(section(loop_cut_report_marker(k)));
        if (m.delay_ns() <= 0) throw ToolOutputError(fmt::format("OpenSTA: non-positive critical path {} ns", m.delay_ns()));
    }

private:
    // Pipeline registers are marked in the flat view only (blocks kept, the top's registers and
    // the loop's are in different mapping runs).
    StageMarks marks() const {
        if (view_ != SynthView::built) return {};
        return {design_.top, design_.stages, design_.loop_module, design_.loop_cycles};
    }

    // What the mapped unit depends on: the file that defines a leaf block, or every file for the
    // top (whose own logic depends on the block interfaces) and for a flat design.
    std::string unit_source(const std::string& module, bool whole_design) const {
        std::string text;
        if (whole_design) {
            for (const auto& [rel, content] : design_.files) text += without_comment_lines(content);
            return text;
        }
        const std::regex defines("\\bmodule\\s+" + module + "\\b");
        for (const auto& [rel, content] : design_.files)
            if (std::regex_search(content, defines)) text += without_comment_lines(content);
        if (text.empty()) throw ToolRunError(fmt::format("design {}: no file defines block module {}", design_.name, module));
        return text;
    }

    const RtlDesign& design_;
    const Library& library_;
    const FlowOptions& options_;
    SynthView view_;
    std::filesystem::path dir_;
    std::vector<std::string> verilog_;
    std::vector<std::string> mapped_;  // the mapped units, leaf blocks first, then the top
};

// The technology-independent figures of the whole design, flat: generic cells and depth.
void generic(const RtlDesign& design, const FlowOptions& options, const std::filesystem::path& dir, DesignMetrics& m) {
    if (options.on_step) options.on_step("generic");
    const std::vector<std::string> verilog = detail::write_rtl(design, dir);
    detail::run_yosys(dir, "generic.ys", generic_script(verilog, design.top), design.name);
    const YosysStat stat = parse_yosys_stat(read_text(dir / generic_stat_file));
    const ModuleStat& total = stat.total();
    if (total.name != design.top)
        throw ToolOutputError(fmt::format("generic stat describes module {}, expected {}", total.name, design.top));
    m.generic_cells = total.cells;
    for (const auto& [type, count] : total.cell_types)
        if (is_generic_flip_flop(type)) m.generic_flip_flops += count;
    const auto depth = parse_yosys_ltp(read_text(dir / generic_ltp_file));
    const auto it = depth.find(design.top);
    if (it == depth.end()) throw ToolOutputError(fmt::format("yosys ltp: no path length for module {}", design.top));
    m.depth = it->second;
}

}  // namespace

DesignMetrics synthesize(const RtlDesign& design, const Library& library, const FlowOptions& options) {
    const auto t0 = std::chrono::steady_clock::now();
    DesignMetrics m;
    m.name = design.name;
    m.top = design.top;
    m.clock_ns = options.clock_ns;
    m.work_dir = run_in_work_dir("ffp8-synth-", options.work_parent, options.keep_work, [&](const std::filesystem::path& dir) {
        generic(design, options, dir, m);
        const SynthView headline = headline_view(options.views);
        for (const SynthView v : {SynthView::built, SynthView::blocks_kept}) {
            if (!includes(options.views, v)) continue;
            auto& figures = v == SynthView::built ? m.built : m.blocks_kept;
            if (v == SynthView::blocks_kept && design.blocks.empty() && m.built) {
                figures = m.built;  // nothing to keep apart: the same mapping
                figures->view = v;
                continue;
            }
            ViewRun run(design, library, options, v, dir / to_string(v));
            figures = run.run();
            if (v == headline && options.power) run.power(m);
        }
    });
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return m;
}

}  // namespace ffp8::synth
