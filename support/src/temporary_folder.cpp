#include "ffp8/temporary_folder.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace ffp8 {

std::string unusable_folder_cause(const std::filesystem::path& dir, bool may_be_created) {
    std::filesystem::path existing = dir;
    struct stat st {};
    while (::stat(existing.c_str(), &st) != 0) {
        if (errno != ENOENT || !may_be_created || !existing.has_relative_path()) return std::strerror(errno);
        existing = existing.parent_path();
    }
    if (!S_ISDIR(st.st_mode)) return existing == dir ? std::strerror(ENOTDIR) : fmt::format("{} is not a folder", existing.string());
    if (::access(existing.c_str(), W_OK | X_OK) != 0) return std::strerror(errno);
    return {};
}

std::filesystem::path temporary_folder() {
    const char* tmpdir = std::getenv("TMPDIR");
    const bool given = tmpdir && *tmpdir;
    const std::filesystem::path dir = given ? tmpdir : "/tmp";
    if (const std::string cause = unusable_folder_cause(dir, false); !cause.empty())
        throw std::runtime_error(given ? fmt::format("TMPDIR={}: {} (it must name a folder ffp8 can write in)", dir.string(), cause)
                                       : fmt::format("the temporary folder {}: {}", dir.string(), cause));
    return dir;
}

}  // namespace ffp8
