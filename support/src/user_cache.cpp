#include "ffp8/user_cache.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <stdexcept>

namespace ffp8 {

std::filesystem::path user_cache_dir(std::string_view what) {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (xdg && *xdg) return std::filesystem::path(xdg) / "ffp8" / what;
    const char* home = std::getenv("HOME");
    if (home && *home) return std::filesystem::path(home) / ".cache" / "ffp8" / what;
    throw std::runtime_error(fmt::format("neither XDG_CACHE_HOME nor HOME is set: no place for the {} cache", what));
}

void Fnv1a::add(std::string_view s) {
    for (unsigned char c : s) h_ = (h_ ^ c) * 0x100000001B3ull;
    h_ = (h_ ^ 0xFFu) * 0x100000001B3ull;  // separator
}

std::string Fnv1a::hex() const { return fmt::format("{:016x}", h_); }

}  // namespace ffp8
