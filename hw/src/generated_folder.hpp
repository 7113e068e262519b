// What `ffp8 gen --force DIR` may replace: a folder an earlier `ffp8 gen` wrote, recognised by
// its manifest.json. Anything else (a home folder, a source tree, a typo) is left alone.
#pragma once

#include <filesystem>

namespace ffp8::hw {

// Throws std::runtime_error, one line naming `dir`, unless dir/manifest.json is a manifest of
// ffp8 gen (JSON, "generator": "ffp8 gen", a configuration UnitConfig::from_manifest reads).
void check_generated_folder(const std::filesystem::path& dir);

}  // namespace ffp8::hw
