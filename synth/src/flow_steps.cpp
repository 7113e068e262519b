#include "flow_steps.hpp"

#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "ffp8/atomic_file.hpp"
#include "ffp8/synth/subprocess.hpp"
#include "ffp8/synth/tool_error.hpp"

namespace ffp8::synth::detail {

namespace {
// The last line of a Yosys log that starts with "ERROR:", for the one-line error message.
std::string yosys_error_line(const std::string& log) {
    std::istringstream in(log);
    std::string line, found;
    while (std::getline(in, line))
        if (line.rfind("ERROR:", 0) == 0) found = line;
    return found.empty() ? "no ERROR line in the log" : found;
}
}  // namespace

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw ToolOutputError(fmt::format("expected tool output {} is missing", p.filename().string()));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> write_rtl(const RtlDesign& design, const std::filesystem::path& dir) {
    std::vector<std::string> verilog;
    for (const auto& [rel, content] : design.files) {
        const std::filesystem::path target = dir / "rtl" / rel;
        std::filesystem::create_directories(target.parent_path());
        write_file_atomically(target, content);
        const auto ext = std::filesystem::path(rel).extension();
        if (ext == ".v" || ext == ".sv") verilog.push_back((std::filesystem::path("rtl") / rel).string());
    }
    if (verilog.empty()) throw ToolRunError(fmt::format("design {} has no Verilog file", design.name));
    return verilog;
}

void run_yosys(const std::filesystem::path& dir, const std::string& script_name, const std::string& script,
               const std::string& design_name) {
    write_file_atomically(dir / script_name, script);
    const std::string log = script_name + ".log";
    const int rc = run_logged({"yosys", "-q", "-l", log, "-s", script_name}, dir, dir / (script_name + ".stdout"));
    if (rc != 0)
        throw ToolRunError(fmt::format("yosys failed on {} ({}, exit {}): {}", design_name, script_name, rc,
                                       yosys_error_line(read_text(dir / log))));
}

}  // namespace ffp8::synth::detail
