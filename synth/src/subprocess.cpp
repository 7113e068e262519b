#include "ffp8/synth/subprocess.hpp"

#include <fmt/format.h>

#include "ffp8/process.hpp"
#include "ffp8/synth/tool_error.hpp"

namespace ffp8::synth {

int run_logged(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
               const std::filesystem::path& log) {
    ProcessOptions options;
    options.cwd = cwd;
    options.stdin_from_dev_null = true;
    options.log = log;
    try {
        return run_process(argv, options);
    } catch (const ProcessError& e) {
        // A crashed tool's log holds what it did last: name it.
        if (e.cause == ProcessError::Cause::killed_by_signal)
            throw ToolRunError(fmt::format("{} (log: {})", e.what(), log.string()));
        throw ToolRunError(e.what());
    }
}

}  // namespace ffp8::synth
