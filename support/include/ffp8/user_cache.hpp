// What the project keeps between runs (simulator builds, measured stage delays): a folder under
// $XDG_CACHE_HOME/ffp8 (or ~/.cache/ffp8), and the key that names an entry.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace ffp8 {

// $XDG_CACHE_HOME/ffp8/<what> (an absolute XDG_CACHE_HOME), else $HOME/.cache/ffp8/<what>;
// throws std::runtime_error naming the variable when neither is set, or when the folder (or the
// nearest part of it that exists) is no folder this process can write in.
std::filesystem::path user_cache_dir(std::string_view what);

// FNV-1a, 64 bits, over a sequence of strings (each followed by a separator): a cache key, not a
// security measure.
class Fnv1a {
public:
    void add(std::string_view s);
    std::string hex() const;  // 16 lower-case hex digits

private:
    std::uint64_t h_ = 0xCBF29CE484222325ull;
};

}  // namespace ffp8
