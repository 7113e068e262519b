// Reads the saved tool logs of tests/synth/logs (real output of Yosys 0.23 and OpenSTA 2.0.17).
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace ffp8::synth::test {

inline std::string saved_log(const std::string& name) {
    const std::filesystem::path p = std::filesystem::path(FFP8_SYNTH_TEST_DIR) / "logs" / name;
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("missing saved log " + p.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The text up to (not including) the first occurrence of `marker`: a log cut short.
inline std::string cut_before(const std::string& text, const std::string& marker) {
    const auto pos = text.find(marker);
    if (pos == std::string::npos) throw std::runtime_error("marker not in log: " + marker);
    return text.substr(0, pos);
}

inline std::string replace_once(std::string text, const std::string& from, const std::string& to) {
    const auto pos = text.find(from);
    if (pos == std::string::npos) throw std::runtime_error("text not in log: " + from);
    return text.replace(pos, from.size(), to);
}

}  // namespace ffp8::synth::test
