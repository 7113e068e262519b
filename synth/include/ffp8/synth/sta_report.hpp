// Parser of an OpenSTA (2.0.x) `report_checks -path_delay max` report: the worst setup path.
#pragma once

#include <string>
#include <string_view>

namespace ffp8::synth {

struct TimingPath {
    std::string startpoint;
    std::string endpoint;
    double arrival_ns = 0;        // data arrival time at the endpoint
    double required_ns = 0;       // data required time (capture edge minus setup)
    double slack_ns = 0;
    double capture_edge_ns = 0;   // the capture clock edge: the period for a single-cycle path
    bool met = false;
    // The clock period at which this path has zero slack (arrival + setup): the critical path.
    double critical_ns() const { return capture_edge_ns - slack_ns; }
};

// The first (worst) path of the report. Throws ToolOutputError when the log holds an OpenSTA
// "Error:" line, says "No paths found", misses a field, or its numbers do not add up
// (required - arrival != slack).
TimingPath parse_sta_report(std::string_view text);

}  // namespace ffp8::synth
