#include "ffp8/interrupt.hpp"

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <exception>

namespace ffp8 {

namespace {

// Everything the handler touches: lock-free atomics only (async-signal-safe).
std::atomic<int> received{0};
std::atomic<int> deferrals{0};
std::array<std::atomic<pid_t>, 16> children{};

constexpr std::array interrupt_signals = {SIGINT, SIGTERM, SIGHUP};

// The default action of `signal`, now (async-signal-safe: sigaction and raise only).
void die_of(int signal) {
    struct sigaction action {};
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    ::sigaction(signal, &action, nullptr);
    ::raise(signal);  // in the handler: delivered when it returns, the signal being blocked there
}

extern "C" void on_interrupt(int signal) {
    const int saved_errno = errno;
    int none = 0;
    const bool first = received.compare_exchange_strong(none, signal);
    for (auto& child : children)
        if (const pid_t target = child.load(); target != 0) ::kill(target, first ? SIGTERM : SIGKILL);
    if (!first || deferrals.load() == 0) die_of(signal);
    errno = saved_errno;
}

}  // namespace

const char* signal_name(int signal) noexcept {
    switch (signal) {
        case SIGINT: return "SIGINT";
        case SIGTERM: return "SIGTERM";
        case SIGHUP: return "SIGHUP";
        default: return "a signal";
    }
}

void install_interrupt_handlers() {
    for (const int signal : interrupt_signals) {
        struct sigaction old {};
        if (::sigaction(signal, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        struct sigaction action {};
        action.sa_handler = on_interrupt;
        sigemptyset(&action.sa_mask);
        for (const int other : interrupt_signals) sigaddset(&action.sa_mask, other);
        // No SA_RESTART: a read blocked on a terminal or pipe returns EINTR and its loop can check.
        action.sa_flags = 0;
        ::sigaction(signal, &action, nullptr);
    }
}

int interrupt_signal() noexcept { return received.load(std::memory_order_relaxed); }

void throw_if_interrupted() {
    if (const int signal = interrupt_signal()) throw Interrupted{signal};
}

InterruptDeferral::InterruptDeferral() noexcept { deferrals.fetch_add(1); }

InterruptDeferral::~InterruptDeferral() {
    // An interrupt no one checked for, and nothing left to clean: stop as the signal would have.
    // During unwinding (Interrupted, or an error it caused) main reports it instead.
    if (deferrals.fetch_sub(1) == 1 && interrupt_signal() != 0 && std::uncaught_exceptions() == 0)
        die_of(interrupt_signal());
}

InterruptibleChild::InterruptibleChild(pid_t target) noexcept {
    for (int i = 0; i < static_cast<int>(children.size()); ++i) {
        pid_t empty = 0;
        if (children[i].compare_exchange_strong(empty, target)) {
            slot_ = i;
            return;
        }
    }
}

InterruptibleChild::~InterruptibleChild() {
    if (slot_ >= 0) children[slot_].store(0);
}

}  // namespace ffp8
