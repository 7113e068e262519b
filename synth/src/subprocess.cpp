#include "ffp8/synth/subprocess.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ffp8/synth/tool_error.hpp"

extern char** environ;

namespace ffp8::synth {

namespace {

// posix_spawn file actions, released on every path out.
struct FileActions {
    posix_spawn_file_actions_t actions;
    FileActions() { posix_spawn_file_actions_init(&actions); }
    ~FileActions() { posix_spawn_file_actions_destroy(&actions); }
    FileActions(const FileActions&) = delete;
    FileActions& operator=(const FileActions&) = delete;
};

// The Debian package that installs each tool the flows run.
std::string debian_package(const std::string& tool) {
    if (tool == "sta") return "opensta";
    if (tool == "yosys") return "yosys";
    if (tool == "nextpnr-ice40") return "nextpnr-ice40";
    if (tool == "iverilog" || tool == "vvp") return "iverilog";
    return "";
}

}  // namespace

int run_logged(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
               const std::filesystem::path& log) {
    if (argv.empty()) throw ToolRunError("run_logged: empty command");
    const std::string tool = argv.front();
    const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) throw ToolRunError(fmt::format("cannot open log {}: {}", log.string(), std::strerror(errno)));

    FileActions fa;
    posix_spawn_file_actions_addopen(&fa.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa.actions, log_fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa.actions, log_fd, STDERR_FILENO);
    // The tools write relative files (scripts, netlists, .history_sta) in their work folder.
    posix_spawn_file_actions_addchdir_np(&fa.actions, cwd.c_str());

    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);

    pid_t pid = 0;
    const int err = posix_spawnp(&pid, tool.c_str(), &fa.actions, nullptr, args.data(), environ);
    ::close(log_fd);
    if (err != 0) {
        const std::string package = debian_package(tool);
        throw ToolRunError(fmt::format("cannot run {}: {} ({}; scripts/install-deps.sh installs it)", tool,
                                       std::strerror(err),
                                       package.empty() ? "is it installed?" : "install the Debian package " + package));
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw ToolRunError(fmt::format("waiting for {}: {}", tool, std::strerror(errno)));
    }
    if (WIFSIGNALED(status))
        throw ToolRunError(fmt::format("{} was killed by signal {} (log: {})", tool, WTERMSIG(status), log.string()));
    return WEXITSTATUS(status);
}

}  // namespace ffp8::synth
