// SIGINT, SIGTERM and SIGHUP: how a run stops without leaving processes or temporary files.
//
// The handler only records the signal and stops the registered children. When nothing needs
// cleaning (no InterruptDeferral alive) it restores the default action and re-raises, so plain
// in-process work (golden, eval) stops at once. Otherwise the main thread notices at its next
// check (throw_if_interrupted, the end of a child in run_process), throws Interrupted, unwinding
// removes the temporary paths, and main exits with status 128 + signal. A second signal kills
// at once (the default action), after a SIGKILL to the registered children.
#pragma once

#include <sys/types.h>

namespace ffp8 {

// Thrown where the main thread notices an interrupt. Deliberately not a std::exception: the
// handlers that turn errors into other errors (adding context, keeping a failed work folder)
// must let it through untouched.
struct Interrupted {
    int signal;
};

// "SIGTERM" for SIGTERM, ...: the name main prints.
const char* signal_name(int signal) noexcept;

// Installs the handlers of SIGINT, SIGTERM and SIGHUP (a signal the parent left ignored, as
// nohup does, stays ignored). Call once, early in main.
void install_interrupt_handlers();

// The signal that interrupted this process, 0 if none.
int interrupt_signal() noexcept;

// Throws Interrupted when a signal has arrived. Cheap (one atomic load): long loops call it
// every few thousand steps.
void throw_if_interrupted();

// While one is alive, a signal does not kill the process: its owner has something to clean up
// (a temporary path, a child) or checks throw_if_interrupted itself. When the last one ends
// normally (no exception in flight) after a signal, the process dies of that signal, as it
// would have at once.
class InterruptDeferral {
public:
    InterruptDeferral() noexcept;
    ~InterruptDeferral();
    InterruptDeferral(const InterruptDeferral&) = delete;
    InterruptDeferral& operator=(const InterruptDeferral&) = delete;
};

// While alive, the handler sends SIGTERM to `target` (a pid, or minus a process group's id) when
// a signal arrives, SIGKILL on a second one. run_process registers each child it starts.
class InterruptibleChild {
public:
    explicit InterruptibleChild(pid_t target) noexcept;
    ~InterruptibleChild();
    InterruptibleChild(const InterruptibleChild&) = delete;
    InterruptibleChild& operator=(const InterruptibleChild&) = delete;

private:
    int slot_ = -1;  // -1: every slot taken (run_process still stops the child itself)
};

}  // namespace ffp8
