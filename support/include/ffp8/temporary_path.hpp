// A file or folder that exists only for the length of a run step (a staging folder, a build
// folder, a message file): removed when the guard ends unless released, e.g. because it was
// renamed into place. While the guard is alive an interrupt waits for the main thread (see
// interrupt.hpp), so the unwinding that follows Interrupted removes it.
#pragma once

#include <filesystem>

#include "ffp8/interrupt.hpp"

namespace ffp8 {

class TemporaryPath {
public:
    // Create the guard before the path, so that no signal falls between the two; a path that
    // only exists once created (mkstemp, mkdtemp) is given to assign() afterwards.
    explicit TemporaryPath(std::filesystem::path path = {}) : path_(std::move(path)) {}
    ~TemporaryPath() {
        std::error_code ignored;  // best effort: a destructor must not throw
        if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
    }
    TemporaryPath(const TemporaryPath&) = delete;
    TemporaryPath& operator=(const TemporaryPath&) = delete;

    void assign(std::filesystem::path path) { path_ = std::move(path); }
    const std::filesystem::path& path() const { return path_; }
    // It is no longer temporary (committed, or kept for the user): not removed.
    void release() noexcept { path_.clear(); }

private:
    InterruptDeferral deferral_;  // first member: alive before the path, until after its removal
    std::filesystem::path path_;
};

}  // namespace ffp8
