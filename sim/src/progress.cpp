#include "ffp8/sim/progress.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>
#include <string>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ffp8::sim {

ProgressBar::ProgressBar(uint64_t total_ops, bool enabled, std::string heartbeat)
    : total_(std::max<uint64_t>(total_ops, 1)),
      enabled_(enabled && isatty(STDERR_FILENO)),
      heartbeat_(std::move(heartbeat)),
      start_(std::chrono::steady_clock::now()),
      last_(start_),
      last_beat_(start_) {}

void ProgressBar::tick(uint64_t ops) {
    if (!heartbeat_.empty()) {
        const auto now = std::chrono::steady_clock::now();
        if (now - last_beat_ >= std::chrono::milliseconds(500)) {
            last_beat_ = now;
            ::utimensat(AT_FDCWD, heartbeat_.c_str(), nullptr, 0);  // best effort: a missed beat only risks a stop
        }
    }
    if (enabled_) redraw(ops);
}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::redraw(uint64_t ops) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double fraction = std::min(1.0, static_cast<double>(ops) / static_cast<double>(total_));
    constexpr int width = 30;
    const int filled = static_cast<int>(fraction * width);
    fmt::print(stderr, "\r[{}{}] {:5.1f}% {}/{} ops {:.3g} ops/s ", std::string(filled, '#'),
               std::string(width - filled, ' '), 100.0 * fraction, ops, total_,
               seconds > 0 ? static_cast<double>(ops) / seconds : 0.0);
    std::fflush(stderr);
    drawn_ = true;
}

void ProgressBar::finish() {
    if (!drawn_) return;
    fmt::print(stderr, "\r\033[K");
    std::fflush(stderr);
    drawn_ = false;
}

}  // namespace ffp8::sim
