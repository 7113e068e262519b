#include "tool_reaper.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ffp8::tool_reaper {

namespace {

struct Message {
    std::int32_t starts;  // 1: started, 0: finished
    std::int32_t target;
};

constexpr int helper_fd = 3;     // where the helper keeps its end
constexpr int max_targets = 64;  // more tools at once than any flow starts

// The helper, between fork and _exit: async-signal-safe calls only.
[[noreturn]] void run_helper(int end, const sigset_t& mask) {
    ::setpgid(0, 0);  // out of ffp8's group: a kill of that group leaves it to do its work
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    for (const int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU}) ::sigaction(s, &ignore, nullptr);
    ::sigprocmask(SIG_SETMASK, &mask, nullptr);
    // Only its socket end stays open: it must not hold ffp8's output pipes open after ffp8 ends.
    const int high = ::fcntl(end, F_DUPFD, 100);
    const int null = ::open("/dev/null", O_RDWR);
    for (int fd = 0; fd < 3; ++fd) ::dup2(null, fd);
    ::dup2(high, helper_fd);
    ::close_range(helper_fd + 1, ~0u, 0);
    std::array<pid_t, max_targets> targets{};
    Message m{};
    for (;;) {
        std::size_t got = 0;
        while (got < sizeof m) {
            const ssize_t n = ::read(helper_fd, reinterpret_cast<char*>(&m) + got, sizeof m - got);
            if (n > 0) got += static_cast<std::size_t>(n);
            else if (n < 0 && errno == EINTR) continue;
            else break;
        }
        if (got < sizeof m) break;  // ffp8 has ended, whichever way
        for (pid_t& t : targets)
            if (m.starts ? t == 0 : t == m.target) {
                t = m.starts ? m.target : 0;
                break;
            }
    }
    for (const pid_t t : targets)
        if (t != 0) ::kill(t, SIGKILL);
    ::_exit(0);
}

// This process's end of the socket, the helper started at the first call; -1 without one.
int socket_end() noexcept {
    static const int end = [] {
        int ends[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) return -1;
        // Signals wait until the helper ignores them: ffp8's handlers must not run in it.
        sigset_t all, before;
        sigfillset(&all);
        ::sigprocmask(SIG_BLOCK, &all, &before);
        const pid_t helper = ::fork();
        if (helper == 0) {
            ::close(ends[0]);
            run_helper(ends[1], before);
        }
        ::sigprocmask(SIG_SETMASK, &before, nullptr);
        ::close(ends[1]);
        if (helper < 0) {
            ::close(ends[0]);
            return -1;
        }
        return ends[0];
    }();
    return end;
}

void tell(std::int32_t starts, pid_t target) noexcept {
    const int end = socket_end();
    if (end < 0) return;
    const Message m{starts, static_cast<std::int32_t>(target)};
    // One small send is atomic; MSG_NOSIGNAL: a helper that is gone costs no SIGPIPE.
    while (::send(end, &m, sizeof m, MSG_NOSIGNAL) < 0 && errno == EINTR) {
    }
}

}  // namespace

void started(pid_t target) noexcept { tell(1, target); }
void finished(pid_t target) noexcept { tell(0, target); }

}  // namespace ffp8::tool_reaper
