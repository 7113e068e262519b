#include "ffp8/synth/sta_report.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <optional>
#include <regex>
#include <sstream>

#include "ffp8/synth/tool_error.hpp"

namespace ffp8::synth {

TimingPath parse_sta_report(std::string_view text) {
    static const std::regex error_line(R"(^Error:? .*)");
    static const std::regex startpoint(R"(^Startpoint: (\S+).*)");
    static const std::regex endpoint(R"(^Endpoint: (\S+).*)");
    static const std::regex clock_edge(R"(^\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s+clock \S+ \((rise|fall) edge\)\s*$)");
    static const std::regex arrival(R"(^\s*(-?[0-9.]+)\s+data arrival time\s*$)");
    static const std::regex required(R"(^\s*(-?[0-9.]+)\s+data required time\s*$)");
    static const std::regex slack(R"(^\s*(-?[0-9.]+)\s+slack \((MET|VIOLATED)\)\s*$)");
    static const std::regex point(R"(^\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s+[\^v]\s+(\S+)\s+\(.*\)\s*$)");

    TimingPath path;
    std::optional<double> arr, req, slk, capture;
    bool seen_start = false, seen_end = false;
    int clock_edges = 0;
    std::istringstream in{std::string(text)};
    std::smatch m;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (std::regex_match(line, m, error_line))
            throw ToolOutputError(fmt::format("OpenSTA reported: {}", line));
        if (line.find("No paths found") != std::string::npos)
            throw ToolOutputError("OpenSTA found no constrained path (no clock, or no register in the design?)");
        if (slk) continue;  // only the first (worst) path counts
        if (!seen_start && std::regex_match(line, m, startpoint)) {
            path.startpoint = m[1];
            seen_start = true;
        } else if (seen_start && !seen_end && std::regex_match(line, m, endpoint)) {
            path.endpoint = m[1];
            seen_end = true;
        } else if (seen_end && std::regex_match(line, m, clock_edge)) {
            // The launch edge comes before the data arrival line, the capture edge after it.
            if (++clock_edges >= 2 || arr) capture = std::stod(m[2]);
        } else if (seen_end && !arr && std::regex_match(line, m, point)) {
            path.points.push_back({std::stod(m[1]), m[3]});
        } else if (seen_end && !arr && std::regex_match(line, m, arrival)) {
            arr = std::stod(m[1]);
        } else if (arr && !req && std::regex_match(line, m, required)) {
            req = std::stod(m[1]);
        } else if (req && std::regex_match(line, m, slack)) {
            slk = std::stod(m[1]);
            path.met = m[2] == "MET";
        }
    }
    if (!seen_start || !seen_end)
        throw ToolOutputError("OpenSTA report: no 'Startpoint:'/'Endpoint:' lines (empty log or unknown OpenSTA version)");
    if (!arr) throw ToolOutputError("OpenSTA report: no 'data arrival time' line");
    if (!capture) throw ToolOutputError("OpenSTA report: no capture clock edge line after the data arrival time");
    if (!req) throw ToolOutputError("OpenSTA report: no 'data required time' line");
    if (path.points.empty()) throw ToolOutputError("OpenSTA report: no pin lines on the path (unknown layout)");
    if (!slk) throw ToolOutputError("OpenSTA report: no 'slack (MET|VIOLATED)' line");
    path.arrival_ns = *arr;
    path.required_ns = *req;
    path.slack_ns = *slk;
    path.capture_edge_ns = *capture;
    // The report prints rounded values; a mismatch beyond rounding means the layout changed.
    if (std::abs(path.required_ns - path.arrival_ns - path.slack_ns) > 2e-3 * std::max(1.0, std::abs(path.required_ns)))
        throw ToolOutputError(fmt::format("OpenSTA report: required {} - arrival {} != slack {}", path.required_ns,
                                          path.arrival_ns, path.slack_ns));
    double sum = 0;
    for (const auto& p : path.points) sum += p.delay_ns;
    if (std::abs(sum - path.arrival_ns) > 1e-4 * static_cast<double>(path.points.size()) + 1e-3)
        throw ToolOutputError(fmt::format("OpenSTA report: path increments add up to {}, arrival is {}", sum, path.arrival_ns));
    if ((path.slack_ns >= 0) != path.met)
        throw ToolOutputError(fmt::format("OpenSTA report: slack {} but {}", path.slack_ns, path.met ? "MET" : "VIOLATED"));
    return path;
}

std::vector<std::pair<std::string, double>> TimingPath::delay_by_instance() const {
    std::vector<std::pair<std::string, double>> out;
    for (const auto& p : points) {
        const auto first = p.pin.find('/');
        const bool in_child = first != std::string::npos && p.pin.find('/', first + 1) != std::string::npos;
        const std::string where = in_child ? p.pin.substr(0, first) : "top";
        auto it = std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.first == where; });
        if (it == out.end()) out.emplace_back(where, p.delay_ns);
        else it->second += p.delay_ns;
    }
    return out;
}

}  // namespace ffp8::synth
