// Parser of the Yosys 0.23 `stat` / `stat -liberty` report (one section per module, then the
// "design hierarchy" totals when the design has more than one module).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ffp8::synth {

struct ModuleStat {
    std::string name;  // without Yosys' leading backslash
    long cells = 0;
    std::map<std::string, long> cell_types;  // cell type (library cell, $_AND_, submodule) -> count
    std::optional<double> area;              // "Chip area for [top ]module" (stat -liberty only)
    std::vector<std::string> unknown_area_types;  // "Area for cell type X is unknown!"
};

struct YosysStat {
    std::vector<ModuleStat> modules;      // the per-module sections, in report order
    std::optional<ModuleStat> hierarchy;  // the "design hierarchy" totals; name = the top module

    // Throws ToolOutputError naming the module when the report has no section for it.
    const ModuleStat& module(std::string_view name) const;
    // The whole design: the hierarchy totals, or the only module of a flat design.
    const ModuleStat& total() const;
    // How often `name` is instantiated below `top` (1 for top itself), through the hierarchy.
    long instances(std::string_view top, std::string_view name) const;
};

// Throws ToolOutputError (naming what was missing) on output it does not recognise: no module
// section, a section without "Number of cells:", cell-type counts that do not add up, ...
YosysStat parse_yosys_stat(std::string_view text);

}  // namespace ffp8::synth
