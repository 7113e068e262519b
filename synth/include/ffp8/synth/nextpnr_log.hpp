// Parser of a nextpnr-ice40 (0.4) log: the device utilisation, the post-route clock frequency,
// and why a run failed (a design that does not fit the part is a result, not an error).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ffp8::synth {

struct Utilisation {
    long used = 0;
    long available = 0;
};

struct NextpnrOutcome {
    std::map<std::string, Utilisation> utilisation;  // "ICESTORM_LC", "SB_IO", "ICESTORM_DSP", ...
    bool fits = false;           // placed and routed
    std::string problem;         // why not, one line (empty when it fits)
    std::optional<double> fmax_mhz;  // the last "Max frequency for clock" line (post-route)
};

// `exit_status` of nextpnr-ice40 with this log. A failure caused by the design's size (more of
// a resource than the part has, no placement location for a cell, routing failure) gives
// fits = false and the reason; any other failure (bad package, bad input) throws ToolRunError
// with nextpnr's ERROR line. Throws ToolOutputError when a successful log has no utilisation or
// frequency line.
NextpnrOutcome parse_nextpnr_log(std::string_view log, int exit_status);

}  // namespace ffp8::synth
