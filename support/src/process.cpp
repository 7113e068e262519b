#include "ffp8/process.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "ffp8/debian_package.hpp"
#include "ffp8/interrupt.hpp"

extern char** environ;

namespace ffp8 {

namespace {

using Cause = ProcessError::Cause;

// posix_spawn file actions and attributes, released on every path out.
struct SpawnSetup {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    SpawnSetup() {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attributes);
        // ffp8 ignores SIGPIPE (standard_output.hpp); a tool gets the default action back.
        sigset_t defaults;
        sigemptyset(&defaults);
        sigaddset(&defaults, SIGPIPE);
        posix_spawnattr_setsigdefault(&attributes, &defaults);
        posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
    }
    ~SpawnSetup() {
        posix_spawnattr_destroy(&attributes);
        posix_spawn_file_actions_destroy(&actions);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;
};

// The log, open in this process only until the child has its copy.
struct LogFile {
    int fd = -1;
    explicit LogFile(const std::filesystem::path& path) {
        if (path.empty()) return;
        fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd < 0)
            throw ProcessError(Cause::not_started,
                               fmt::format("cannot open log {}: {}", path.string(), std::strerror(errno)));
    }
    ~LogFile() {
        if (fd >= 0) ::close(fd);
    }
    LogFile(const LogFile&) = delete;
    LogFile& operator=(const LogFile&) = delete;
};

ProcessError not_started(const std::string& tool, int err) {
    const std::string_view package = debian_package_of(std::filesystem::path(tool).filename().string());
    if (package.empty()) return {Cause::not_started, fmt::format("cannot run {}: {}", tool, std::strerror(err))};
    return {Cause::not_started, fmt::format("cannot run {}: {} (install the Debian package {}; "
                                            "scripts/install-deps.sh installs it)",
                                            tool, std::strerror(err), package)};
}

// Blocks until `pid` exits; returns its wait status.
int reap(pid_t pid, const std::string& tool) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            throw ProcessError(Cause::wait_failed, fmt::format("waiting for {}: {}", tool, std::strerror(errno)));
    return status;
}

// Polls until `pid` exits; returns its wait status. `target` (the pid, or minus its process
// group) is stopped when this process is interrupted: SIGTERM, so that tools remove their own
// temporary files, then SIGKILL after a grace period; and killed when `limit` has passed. The
// pause grows from 1 ms so that short runs return at once and long ones cost little.
int wait_for(pid_t pid, pid_t target, const std::string& tool, std::optional<std::chrono::seconds> limit) {
    using namespace std::chrono_literals;
    using Clock = std::chrono::steady_clock;
    constexpr auto grace = 2s;
    const auto start = Clock::now();
    std::optional<Clock::time_point> stopped;  // when SIGTERM went out after an interrupt
    std::chrono::milliseconds pause = 1ms;
    for (;;) {
        int status = 0;
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) return status;
        if (done < 0 && errno != EINTR)
            throw ProcessError(Cause::wait_failed, fmt::format("waiting for {}: {}", tool, std::strerror(errno)));
        const auto now = Clock::now();
        if (limit && now >= start + *limit) {
            ::kill(target, SIGKILL);
            reap(pid, tool);
            throw ProcessError(Cause::timed_out,
                               fmt::format("{} did not finish within {} s and was killed", tool, limit->count()));
        }
        if (interrupt_signal() != 0) {
            // The handler sent SIGTERM already, unless the signal came before the child was registered.
            if (!stopped) {
                ::kill(target, SIGTERM);
                stopped = now;
            } else if (now >= *stopped + grace) {
                ::kill(target, SIGKILL);
            }
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(50ms));
    }
}

}  // namespace

int run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
    if (argv.empty()) throw ProcessError(Cause::not_started, "run_process: empty command");
    throw_if_interrupted();
    const InterruptDeferral until_reaped;  // a signal from here on stops the child, then throws below
    const std::string& tool = argv.front();
    const LogFile log(options.log);

    SpawnSetup setup;
    if (options.stdin_from_dev_null)
        posix_spawn_file_actions_addopen(&setup.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    if (log.fd >= 0) {
        posix_spawn_file_actions_adddup2(&setup.actions, log.fd, STDOUT_FILENO);
        posix_spawn_file_actions_adddup2(&setup.actions, log.fd, STDERR_FILENO);
    }
    // The tools write relative files (scripts, netlists, .history_sta) in their work folder.
    if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&setup.actions, options.cwd.c_str());
    // A child gets its own process group, so that a timeout or an interrupt stops what it started
    // too; except one that reads our terminal, which must stay in the terminal's foreground group
    // (it receives the terminal's Ctrl-C with us, and the interrupt stops its pid).
    const bool own_group = options.stdin_from_dev_null || options.timeout || !::isatty(STDIN_FILENO);
    if (own_group) {
        posix_spawnattr_setflags(&setup.attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
        posix_spawnattr_setpgroup(&setup.attributes, 0);
    }

    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int err = posix_spawnp(&pid, tool.c_str(), &setup.actions, &setup.attributes, args.data(), environ);
    if (err != 0) throw not_started(tool, err);

    const pid_t target = own_group ? -pid : pid;
    int status = 0;
    {
        const InterruptibleChild registered(target);
        status = wait_for(pid, target, tool, options.timeout);
    }
    if (const int signal = interrupt_signal()) {
        if (own_group) ::kill(target, SIGKILL);  // what the child started and left behind
        throw Interrupted{signal};
    }
    if (WIFSIGNALED(status))
        throw ProcessError(Cause::killed_by_signal, fmt::format("{} was killed by signal {}", tool, WTERMSIG(status)));
    return WEXITSTATUS(status);
}

}  // namespace ffp8
