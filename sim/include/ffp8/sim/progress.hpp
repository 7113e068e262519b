// A one-line progress bar on stderr, only when stderr is a terminal (never in logs or CI).
#pragma once

#include <chrono>
#include <cstdint>

namespace ffp8::sim {

class ProgressBar {
public:
    // `enabled` is further limited to a terminal on stderr.
    ProgressBar(uint64_t total_ops, bool enabled);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    // Cheap to call often: redraws at most ten times a second.
    void update(uint64_t ops) {
        if (enabled_ && ++calls_ % 64 == 0) redraw(ops);
    }
    // Erases the bar (before the summary or report is printed).
    void finish();

private:
    void redraw(uint64_t ops);

    uint64_t total_;
    bool enabled_;
    bool drawn_ = false;
    uint64_t calls_ = 0;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace ffp8::sim
