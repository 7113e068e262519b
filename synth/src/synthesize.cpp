#include "ffp8/synth/synthesize.hpp"

#include <chrono>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "ffp8/atomic_file.hpp"
#include "ffp8/synth/subprocess.hpp"
#include "ffp8/synth/tool_error.hpp"
#include "ffp8/synth/tool_scripts.hpp"
#include "ffp8/synth/work_dir.hpp"
#include "ffp8/synth/yosys_ltp.hpp"
#include "ffp8/synth/yosys_stat.hpp"

namespace ffp8::synth {

namespace {

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw ToolOutputError(fmt::format("expected tool output {} is missing", p.filename().string()));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The last line of a Yosys log that starts with "ERROR:", for the one-line error message.
std::string yosys_error_line(const std::string& log) {
    std::istringstream in(log);
    std::string line, found;
    while (std::getline(in, line))
        if (line.rfind("ERROR:", 0) == 0) found = line;
    return found.empty() ? "no ERROR line in the log" : found;
}

bool is_generic_flip_flop(const std::string& type) {
    return type.rfind("$_", 0) == 0 && (type.find("DFF") != std::string::npos || type.find("DLATCH") != std::string::npos);
}

void run_yosys(const RtlDesign& design, const Library& library, const FlowOptions& options,
               const std::filesystem::path& dir) {
    YosysScriptInputs in;
    for (const auto& [rel, content] : design.files) {
        const std::filesystem::path target = dir / "rtl" / rel;
        std::filesystem::create_directories(target.parent_path());
        write_file_atomically(target, content);
        const auto ext = std::filesystem::path(rel).extension();
        if (ext == ".v" || ext == ".sv") in.verilog_files.push_back((std::filesystem::path("rtl") / rel).string());
    }
    if (in.verilog_files.empty()) throw ToolRunError(fmt::format("design {} has no Verilog file", design.name));
    in.top = design.top;
    for (const auto& b : design.blocks) in.kept_modules.push_back(b.module);
    in.liberty = library.readable();
    in.clock_ns = options.clock_ns;
    write_file_atomically(dir / "synth.ys", yosys_script(in));
    write_file_atomically(dir / abc_constr_file, abc_constraints(library.drive()));
    const int rc = run_logged({"yosys", "-q", "-l", "yosys.log", "-s", "synth.ys"}, dir, dir / "yosys.stdout");
    if (rc != 0)
        throw ToolRunError(fmt::format("yosys failed on {} (exit {}): {}", design.name, rc,
                                       yosys_error_line(read_text(dir / "yosys.log"))));
}

void read_generic(DesignMetrics& m, const std::filesystem::path& dir) {
    const YosysStat generic = parse_yosys_stat(read_text(dir / generic_stat_file));
    const ModuleStat& total = generic.total();
    if (total.name != m.top)
        throw ToolOutputError(fmt::format("generic stat describes module {}, expected {}", total.name, m.top));
    m.generic_cells = total.cells;
    for (const auto& [type, count] : total.cell_types)
        if (is_generic_flip_flop(type)) m.generic_flip_flops += count;
    const auto depth = parse_yosys_ltp(read_text(dir / generic_ltp_file));
    const auto it = depth.find(m.top);
    if (it == depth.end()) throw ToolOutputError(fmt::format("yosys ltp: no path length for module {}", m.top));
    m.depth = it->second;
}

void read_liberty_stat(DesignMetrics& m, const RtlDesign& design, const std::filesystem::path& dir) {
    const YosysStat lib = parse_yosys_stat(read_text(dir / liberty_stat_file));
    const ModuleStat& total = lib.total();
    if (total.name != m.top)
        throw ToolOutputError(fmt::format("liberty stat describes module {}, expected {}", total.name, m.top));
    if (!total.area) throw ToolOutputError("yosys stat -liberty: no chip area line for the design");
    if (!total.unknown_area_types.empty())
        throw ToolOutputError(fmt::format("yosys stat -liberty: cell {} has no area in the library (unmapped logic)",
                                          total.unknown_area_types.front()));
    m.area_um2 = *total.area;
    m.cells = total.cells;
    double blocks_area = 0;
    for (const auto& b : design.blocks) {
        const ModuleStat& ms = lib.module(b.module);
        if (!ms.area) throw ToolOutputError(fmt::format("yosys stat -liberty: no area for block {}", b.module));
        BlockArea a{b.role, b.module, lib.instances(m.top, b.module), 0, 0};
        a.area_um2 = *ms.area * static_cast<double>(a.instances);
        a.cells = ms.cells * a.instances;
        blocks_area += a.area_um2;
        m.blocks.push_back(a);
    }
    m.other_area_um2 = m.area_um2 - blocks_area;
}

}  // namespace

DesignMetrics synthesize(const RtlDesign& design, const Library& library, const FlowOptions& options) {
    const auto t0 = std::chrono::steady_clock::now();
    WorkDir wd("ffp8-synth-", options.work_parent);
    const auto& dir = wd.path();
    DesignMetrics m;
    m.name = design.name;
    m.top = design.top;
    m.clock_ns = options.clock_ns;
    try {
        if (options.on_step) options.on_step("yosys");
        run_yosys(design, library, options, dir);
        read_generic(m, dir);
        read_liberty_stat(m, design, dir);
        if (options.on_step) options.on_step("sta");
        write_file_atomically(dir / "sta.tcl", sta_script({library.readable(), design.top, design.clock_port,
                                                            options.clock_ns, library.drive()}));
        const int rc = run_logged({"sta", "-no_init", "-no_splash", "-exit", "sta.tcl"}, dir, dir / "sta.log");
        if (rc != 0) throw ToolRunError(fmt::format("sta failed on {} (exit {})", design.name, rc));
        m.timing = parse_sta_report(read_text(dir / "sta.log"));
        if (m.delay_ns() <= 0)
            throw ToolOutputError(fmt::format("OpenSTA: non-positive critical path {} ns", m.delay_ns()));
    } catch (const std::exception& e) {
        wd.keep();
        throw ToolRunError(fmt::format("{} [work folder kept: {}]", e.what(), dir.string()));
    }
    if (options.keep_work) {
        wd.keep();
        m.work_dir = dir;
    }
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return m;
}

}  // namespace ffp8::synth
