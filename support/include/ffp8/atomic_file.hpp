// Outputs are written atomically: to a temporary next to the target, then renamed.
#pragma once

#include <filesystem>
#include <string_view>

namespace ffp8 {

// Writes `content` to `path` so that readers see the old file or the whole new one, never a
// part. Throws std::runtime_error naming the path on failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace ffp8
