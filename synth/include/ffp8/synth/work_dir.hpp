// A private temporary folder for one tool run: removed when the run succeeded or was
// interrupted, kept (with its scripts and logs) when it failed so the user can look at what the
// tools said.
#pragma once

#include <filesystem>
#include <functional>
#include <string_view>

#include "ffp8/temporary_path.hpp"

namespace ffp8::synth {

class WorkDir {
public:
    // Creates `<parent>/<prefix>XXXXXX` (parent defaults to the system temporary folder).
    explicit WorkDir(std::string_view prefix, const std::filesystem::path& parent = {});
    WorkDir(const WorkDir&) = delete;
    WorkDir& operator=(const WorkDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // Keep the folder after destruction (call on failure, or when the user asked to keep it).
    // Its in-use marker removed: no later run removes it.
    void keep();
    bool kept() const { return keep_; }

private:
    TemporaryPath folder_;  // removed on destruction unless kept
    std::filesystem::path path_;
    bool keep_ = false;
    std::filesystem::path marker_;  // stale_temporaries.hpp's in_use_marker() in it
};

// Runs `body(folder)` in a new work folder. When it throws an error, the folder is kept and a
// ToolRunError with the message and "[work folder kept: DIR]" is thrown (Interrupted passes
// through, the folder removed). Returns the folder when
// `keep` asked to keep it, else an empty path (the folder is gone).
std::filesystem::path run_in_work_dir(std::string_view prefix, const std::filesystem::path& parent, bool keep,
                                      const std::function<void(const std::filesystem::path&)>& body);

}  // namespace ffp8::synth
