// A one-line progress bar on stderr, only when stderr is a terminal (never in logs or CI); and the
// heartbeat of a simulator run by ffp8 sim: a file touched about every second, whose standstill
// tells ffp8 sim the run hangs.
#pragma once

#include <chrono>
#include <cstdint>

namespace ffp8::sim {

class ProgressBar {
public:
    // `enabled` is further limited to a terminal on stderr; `heartbeat` "": none.
    ProgressBar(uint64_t total_ops, bool enabled, std::string heartbeat = {});
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    // Cheap to call often: redraws at most ten times a second.
    void update(uint64_t ops) {
        if ((enabled_ || !heartbeat_.empty()) && ++calls_ % 64 == 0) tick(ops);
    }
    // Erases the bar (before the summary or report is printed).
    void finish();

private:
    void tick(uint64_t ops);
    void redraw(uint64_t ops);

    uint64_t total_;
    bool enabled_;
    bool drawn_ = false;
    uint64_t calls_ = 0;
    std::string heartbeat_;
    std::chrono::steady_clock::time_point start_, last_, last_beat_;
};

}  // namespace ffp8::sim
