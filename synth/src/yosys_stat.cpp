#include "ffp8/synth/yosys_stat.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <numeric>
#include <regex>

#include "ffp8/synth/tool_error.hpp"

namespace ffp8::synth {

namespace {

std::string strip_backslash(std::string s) { return !s.empty() && s.front() == '\\' ? s.substr(1) : s; }

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t nl = text.find('\n', start);
        const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return lines;
}

long to_long(const std::string& s, std::string_view what) {
    long v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size())
        throw ToolOutputError(fmt::format("yosys stat: bad number \"{}\" for {}", s, what));
    return v;
}

}  // namespace

YosysStat parse_yosys_stat(std::string_view text) {
    static const std::regex section(R"(^=== (.+) ===\s*$)");
    static const std::regex cells_line(R"(^   Number of cells:\s+(\d+)\s*$)");
    static const std::regex type_line(R"(^     (\S+)\s+(\d+)\s*$)");
    static const std::regex area_line(R"(^   Chip area for (top )?module '(.+)': ([0-9.eE+-]+)\s*$)");
    static const std::regex unknown_line(R"(^   Area for cell type (\S+) is unknown!\s*$)");
    static const std::regex hierarchy_top(R"(^   (\S+)\s+1\s*$)");

    YosysStat stat;
    struct Section {
        ModuleStat m;
        bool is_hierarchy = false;
        bool seen_cells = false;
        bool in_types = false;
        bool before_counts = true;  // hierarchy section: the instance tree comes first
    };
    std::vector<Section> sections;
    std::smatch match;
    for (const auto line_view : split_lines(text)) {
        const std::string line(line_view);
        if (std::regex_match(line, match, section)) {
            Section s;
            s.is_hierarchy = match[1] == "design hierarchy";
            s.m.name = s.is_hierarchy ? "" : strip_backslash(match[1]);
            sections.push_back(std::move(s));
            continue;
        }
        if (sections.empty()) continue;  // the pass banner before the first section
        Section& s = sections.back();
        if (s.in_types) {
            if (std::regex_match(line, match, type_line)) {
                s.m.cell_types[strip_backslash(match[1])] += to_long(match[2], "a cell count");
                continue;
            }
            s.in_types = false;
        }
        if (std::regex_match(line, match, cells_line)) {
            if (s.seen_cells) throw ToolOutputError(fmt::format("yosys stat: two cell counts in section {}", s.m.name));
            s.m.cells = to_long(match[1], "Number of cells");
            s.seen_cells = true;
            s.in_types = true;
            s.before_counts = false;
        } else if (std::regex_match(line, match, area_line)) {
            s.m.area = std::stod(match[3]);
            if (s.is_hierarchy) s.m.name = strip_backslash(match[2]);
        } else if (std::regex_match(line, match, unknown_line)) {
            s.m.unknown_area_types.push_back(strip_backslash(match[1]));
        } else if (s.is_hierarchy && s.before_counts && s.m.name.empty() && std::regex_match(line, match, hierarchy_top)) {
            s.m.name = strip_backslash(match[1]);
        } else if (line.find("Number of wires:") != std::string::npos) {
            s.before_counts = false;
        }
    }
    if (sections.empty())
        throw ToolOutputError("yosys stat: no '=== module ===' section found (empty log or unknown Yosys version)");
    for (auto& s : sections) {
        const std::string what = s.is_hierarchy ? "design hierarchy" : s.m.name;
        if (!s.seen_cells)
            throw ToolOutputError(fmt::format("yosys stat: section {} has no 'Number of cells:' line "
                                              "(truncated log or unknown Yosys version)", what));
        const long sum = std::accumulate(s.m.cell_types.begin(), s.m.cell_types.end(), 0L,
                                         [](long acc, const auto& kv) { return acc + kv.second; });
        if (sum != s.m.cells)
            throw ToolOutputError(fmt::format("yosys stat: section {} lists {} cells by type but says {} in total",
                                              what, sum, s.m.cells));
        if (s.is_hierarchy) {
            if (stat.hierarchy) throw ToolOutputError("yosys stat: two design hierarchy sections (two stat runs in one log?)");
            if (s.m.name.empty()) throw ToolOutputError("yosys stat: design hierarchy section names no top module");
            stat.hierarchy = std::move(s.m);
        } else {
            for (const auto& m : stat.modules)
                if (m.name == s.m.name)
                    throw ToolOutputError(fmt::format("yosys stat: module {} reported twice (two stat runs in one log?)", m.name));
            stat.modules.push_back(std::move(s.m));
        }
    }
    if (stat.modules.empty()) throw ToolOutputError("yosys stat: no module section found");
    return stat;
}

const ModuleStat& YosysStat::module(std::string_view name) const {
    for (const auto& m : modules)
        if (m.name == name) return m;
    throw ToolOutputError(fmt::format("yosys stat: no statistics for module {}", name));
}

const ModuleStat& YosysStat::total() const {
    if (hierarchy) return *hierarchy;
    if (modules.size() != 1)
        throw ToolOutputError(fmt::format("yosys stat: {} modules but no design hierarchy totals", modules.size()));
    return modules.front();
}

long YosysStat::instances(std::string_view top, std::string_view name) const {
    if (top == name) return 1;
    long n = 0;
    for (const auto& [type, count] : module(top).cell_types) {
        const bool is_module = std::any_of(modules.begin(), modules.end(), [&](const auto& m) { return m.name == type; });
        if (is_module) n += count * instances(type, name);
    }
    return n;
}

}  // namespace ffp8::synth
