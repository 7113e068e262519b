#include "ffp8/synth/nextpnr_log.hpp"

#include <fmt/format.h>
#include <regex>
#include <sstream>

#include "ffp8/synth/tool_error.hpp"

namespace ffp8::synth {

NextpnrOutcome parse_nextpnr_log(std::string_view log, int exit_status) {
    static const std::regex util_line(R"(^Info:\s+(\w+):\s+(\d+)/\s*(\d+)\s+\d+%\s*$)");
    static const std::regex fmax_line(R"(^(?:Info|Warning): Max frequency for clock '[^']*': ([0-9.]+) MHz.*$)");
    static const std::regex placement(R"(Unable to find a placement location for cell '([^']*)')");
    NextpnrOutcome out;
    std::string error;
    std::istringstream in{std::string(log)};
    std::smatch m;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (std::regex_match(line, m, util_line)) {
            out.utilisation[m[1]] = {std::stol(m[2]), std::stol(m[3])};
        } else if (std::regex_match(line, m, fmax_line)) {
            out.fmax_mhz = std::stod(m[1]);
        } else if (line.rfind("ERROR:", 0) == 0 && error.empty()) {
            error = line;
        }
    }
    if (exit_status == 0) {
        if (out.utilisation.empty()) throw ToolOutputError("nextpnr log: no device utilisation lines");
        if (!out.fmax_mhz) throw ToolOutputError("nextpnr log: no 'Max frequency for clock' line (no clocked path?)");
        out.fits = true;
        return out;
    }
    out.fmax_mhz.reset();
    for (const auto& [resource, u] : out.utilisation)
        if (u.used > u.available) {
            out.problem = fmt::format("needs {} {} but the device has {}", u.used, resource, u.available);
            return out;
        }
    if (std::regex_search(error, m, placement)) {
        const std::string cell = m[1];
        out.problem = cell.find("$sb_io") != std::string::npos
                          ? fmt::format("not enough I/O pins in the package (no pin left for {})", cell)
                          : fmt::format("could not be placed (no location for {})", cell);
        return out;
    }
    if (error.find("rout") != std::string::npos) {
        out.problem = fmt::format("could not be routed ({})", error);
        return out;
    }
    throw ToolRunError(fmt::format("nextpnr-ice40 failed (exit {}): {}", exit_status,
                                   error.empty() ? "no ERROR line in the log" : error));
}

}  // namespace ffp8::synth
