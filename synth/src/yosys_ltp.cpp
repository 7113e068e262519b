#include "ffp8/synth/yosys_ltp.hpp"

#include <fmt/format.h>
#include <regex>
#include <string>

#include "ffp8/synth/tool_error.hpp"

namespace ffp8::synth {

std::map<std::string, int> parse_yosys_ltp(std::string_view text) {
    static const std::regex path_line(R"(Longest topological path in (\S+) \(length=(\d+)\):)");
    std::map<std::string, int> depth;
    const std::string s(text);
    for (auto it = std::sregex_iterator(s.begin(), s.end(), path_line); it != std::sregex_iterator(); ++it) {
        std::string module = (*it)[1];
        if (!module.empty() && module.front() == '\\') module.erase(0, 1);
        if (!depth.emplace(module, std::stoi((*it)[2])).second)
            throw ToolOutputError(fmt::format("yosys ltp: module {} reported twice", module));
    }
    if (depth.empty())
        throw ToolOutputError("yosys ltp: no 'Longest topological path in ... (length=N)' line (empty log or unknown "
                              "Yosys version)");
    return depth;
}

}  // namespace ffp8::synth
