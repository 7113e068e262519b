#include "ffp8/user_cache.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <stdexcept>

#include "ffp8/temporary_folder.hpp"

namespace ffp8 {

std::filesystem::path user_cache_dir(std::string_view what) {
    // The XDG rule: a relative XDG_CACHE_HOME is ignored, as an unset one.
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const bool use_xdg = xdg && *xdg && std::filesystem::path(xdg).is_absolute();
    const char* home = std::getenv("HOME");
    if (!use_xdg && !(home && *home))
        throw std::runtime_error(fmt::format("neither XDG_CACHE_HOME nor HOME is set: no place for the {} cache", what));
    const std::filesystem::path dir =
        use_xdg ? std::filesystem::path(xdg) / "ffp8" / what : std::filesystem::path(home) / ".cache" / "ffp8" / what;
    if (const std::string cause = unusable_folder_cause(dir, true); !cause.empty())
        throw std::runtime_error(fmt::format("{}={}: cannot keep the {} cache in {}: {}", use_xdg ? "XDG_CACHE_HOME" : "HOME",
                                             use_xdg ? xdg : home, what, dir.string(), cause));
    return dir;
}

void Fnv1a::add(std::string_view s) {
    for (unsigned char c : s) h_ = (h_ ^ c) * 0x100000001B3ull;
    h_ = (h_ ^ 0xFFu) * 0x100000001B3ull;  // separator
}

std::string Fnv1a::hex() const { return fmt::format("{:016x}", h_); }

}  // namespace ffp8
