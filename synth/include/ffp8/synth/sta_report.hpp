// Parser of an OpenSTA (2.0.x) `report_checks -path_delay max` report: the worst setup path.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ffp8::synth {

// One line of the path: the increment and the pin it reaches ("mul_tree/_123_/Y", "a[28]").
struct PathPoint {
    double delay_ns = 0;
    std::string pin;
};

struct TimingPath {
    std::string startpoint;
    std::string endpoint;
    double arrival_ns = 0;        // data arrival time at the endpoint
    double required_ns = 0;       // data required time (capture edge minus setup)
    double slack_ns = 0;
    double capture_edge_ns = 0;   // the capture clock edge: the period for a single-cycle path
    bool met = false;
    std::vector<PathPoint> points;  // from the launch point to the endpoint pin
    // The clock period at which this path has zero slack (arrival + setup): the critical path.
    double critical_ns() const { return capture_edge_ns - slack_ns; }
    // The path's delay by instance of the top module it runs through (first component of a
    // hierarchical pin name; "top" for the top's own cells and ports), in path order.
    std::vector<std::pair<std::string, double>> delay_by_instance() const;
};

// The first (worst) path of the report. Throws ToolOutputError when the log holds an OpenSTA
// "Error:" line, says "No paths found", misses a field, or its numbers do not add up
// (required - arrival != slack).
TimingPath parse_sta_report(std::string_view text);

}  // namespace ffp8::synth
