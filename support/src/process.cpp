#include "ffp8/process.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <optional>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "ffp8/debian_package.hpp"
#include "ffp8/interrupt.hpp"
#include "tool_reaper.hpp"

extern char** environ;

namespace ffp8 {

namespace {

using Cause = ProcessError::Cause;

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

// "SIGSEGV, segmentation fault": the name and what it means, for a tool a signal ended.
std::string signal_description(int signal) {
    const char* abbreviation = ::sigabbrev_np(signal);
    std::string meaning = ::strsignal(signal);
    if (!meaning.empty()) meaning[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(meaning[0])));
    return abbreviation ? fmt::format("SIG{}, {}", abbreviation, meaning) : meaning;
}

// Blocks until `pid` exits; returns its wait status.
int reap(pid_t pid, const std::string& tool) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            throw ProcessError(Cause::wait_failed, fmt::format("waiting for {}: {}", tool, std::strerror(errno)));
    return status;
}

// The modification time of `file`, 0 when it cannot be read.
std::int64_t modified_ns(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return 0;
    return std::int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec;
}

// Polls until `pid` exits; returns its wait status. `target` (the pid, or minus its process
// group) is stopped when this process is interrupted: SIGTERM, so that tools remove their own
// temporary files, then SIGKILL after a grace period; and killed when options.timeout has passed,
// or when options.heartbeat has not changed for options.stall_limit. The pause grows from 1 ms so
// that short runs return at once and long ones cost little.
int wait_for(pid_t pid, pid_t target, const std::string& tool, const ProcessOptions& options) {
    using namespace std::chrono_literals;
    const std::optional<std::chrono::seconds> limit = options.timeout;
    using Clock = std::chrono::steady_clock;
    constexpr auto grace = 2s;
    const auto start = Clock::now();
    std::optional<Clock::time_point> stopped;  // when SIGTERM went out after an interrupt
    std::chrono::milliseconds pause = 1ms;
    const bool watched = !options.heartbeat.empty() && options.stall_limit.count() > 0;
    std::int64_t beat = watched ? modified_ns(options.heartbeat) : 0;
    auto last_progress = start;
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
        if (watched) {
            if (const std::int64_t now_beat = modified_ns(options.heartbeat); now_beat != beat) {
                beat = now_beat;
                last_progress = now;
            } else if (now >= last_progress + options.stall_limit) {
                ::kill(target, SIGKILL);
                reap(pid, tool);
                throw ProcessError(Cause::stalled, fmt::format("{} made no progress for {} s and was stopped", tool,
                                                               options.stall_limit.count()));
            }
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

// The file a tool name runs: itself when it holds a slash, else the first executable of that
// name in PATH. Looked up before fork, as execvp would, because the child may only make
// async-signal-safe calls. nullopt with errno set when there is none.
std::optional<std::string> executable_path(const std::string& tool) {
    if (tool.find('/') != std::string::npos) return tool;
    const char* path = std::getenv("PATH");
    std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    int error_number = ENOENT;
    for (;;) {
        const std::size_t colon = dirs.find(':');
        const std::string_view dir = dirs.substr(0, colon);
        const std::string candidate = (dir.empty() ? std::string(".") : std::string(dir)) + "/" + tool;
        struct stat st {};
        if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
            if (::access(candidate.c_str(), X_OK) == 0) return candidate;
            error_number = EACCES;
        }
        if (colon == std::string_view::npos) break;
        dirs.remove_prefix(colon + 1);
    }
    errno = error_number;
    return std::nullopt;
}

// What the child does between fork and exec (async-signal-safe calls only); on failure it writes
// its errno to `report` and exits.
struct ChildSetup {
    const char* file;
    char* const* argv;
    const char* cwd;  // nullptr: ours
    int log_fd;       // -1: inherited streams
    bool stdin_from_dev_null;
    bool own_group;
    pid_t parent;
    int report;

    [[noreturn]] void run() const {
        if (own_group) ::setpgid(0, 0);
        // Dies with ffp8, even by SIGKILL (the tool reaper stops the rest of its group).
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(127);  // ffp8 ended before the line above
        struct sigaction fresh {};
        fresh.sa_handler = SIG_DFL;  // ffp8 ignores SIGPIPE (standard_output.hpp); a tool gets it back
        ::sigaction(SIGPIPE, &fresh, nullptr);
        if (stdin_from_dev_null) {
            const int null = ::open("/dev/null", O_RDONLY);
            if (null < 0 || ::dup2(null, STDIN_FILENO) < 0) fail();
        }
        if (log_fd >= 0 && (::dup2(log_fd, STDOUT_FILENO) < 0 || ::dup2(log_fd, STDERR_FILENO) < 0)) fail();
        if (cwd && ::chdir(cwd) != 0) fail();
        ::execve(file, argv, environ);
        fail();
    }
    [[noreturn]] void fail() const {
        const int error_number = errno;
        while (::write(report, &error_number, sizeof error_number) < 0 && errno == EINTR) {
        }
        ::_exit(127);
    }
};

// Forks and execs; returns the child's pid once exec has succeeded, else throws not_started.
pid_t start_child(const std::string& tool, const std::vector<std::string>& argv, const ProcessOptions& options,
                  int log_fd, bool own_group) {
    const std::optional<std::string> file = executable_path(tool);
    if (!file) throw not_started(tool, errno);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    int report[2];  // closed by a successful exec: EOF says the tool runs
    if (::pipe2(report, O_CLOEXEC) != 0) throw not_started(tool, errno);
    const ChildSetup setup{file->c_str(), args.data(), options.cwd.empty() ? nullptr : options.cwd.c_str(), log_fd,
                           options.stdin_from_dev_null, own_group, ::getpid(), report[1]};
    const pid_t pid = ::fork();
    if (pid == 0) setup.run();
    const int fork_error = errno;
    ::close(report[1]);
    if (pid < 0) {
        ::close(report[0]);
        throw not_started(tool, fork_error);
    }
    int child_error = 0;
    ssize_t n;
    while ((n = ::read(report[0], &child_error, sizeof child_error)) < 0 && errno == EINTR) {
    }
    ::close(report[0]);
    if (n > 0) {
        reap(pid, tool);
        throw not_started(tool, child_error);
    }
    return pid;
}

}  // namespace

int run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
    if (argv.empty()) throw ProcessError(Cause::not_started, "run_process: empty command");
    throw_if_interrupted();
    const InterruptDeferral until_reaped;  // a signal from here on stops the child, then throws below
    const std::string& tool = argv.front();
    const LogFile log(options.log);

    // A child gets its own process group, so that a timeout or an interrupt stops what it started
    // too; except one that reads our terminal, which must stay in the terminal's foreground group
    // (it receives the terminal's Ctrl-C with us, and the interrupt stops its pid).
    const bool own_group = options.stdin_from_dev_null || options.timeout || !::isatty(STDIN_FILENO);
    const pid_t pid = start_child(tool, argv, options, log.fd, own_group);
    const pid_t target = own_group ? -pid : pid;
    int status = 0;
    {
        const InterruptibleChild registered(target);
        tool_reaper::started(target);
        try {
            status = wait_for(pid, target, tool, options);
        } catch (...) {
            tool_reaper::finished(target);
            throw;
        }
        tool_reaper::finished(target);
    }
    if (const int signal = interrupt_signal()) {
        if (own_group) ::kill(target, SIGKILL);  // what the child started and left behind
        throw Interrupted{signal};
    }
    if (WIFSIGNALED(status))
        throw ProcessError(Cause::killed_by_signal, fmt::format("{} was killed by signal {} ({})", tool, WTERMSIG(status),
                                                                signal_description(WTERMSIG(status))));
    return WEXITSTATUS(status);
}

}  // namespace ffp8
