// Writes a generated design directory atomically: staged in a temporary sibling and renamed.
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <random>
#include <stdexcept>
#include <system_error>

#include "ffp8/hw/generator.hpp"
#include "ffp8/stale_temporaries.hpp"
#include "ffp8/temporary_path.hpp"
#include "generated_folder.hpp"

namespace ffp8::hw {

namespace fs = std::filesystem;

namespace {

fs::path sibling(const fs::path& dir, const char* tag) {
    std::random_device rd;
    for (int i = 0; i < 100; ++i) {
        fs::path p = dir;
        p += fmt::format("{}-{:08x}", temporary_suffix(tag), rd());
        if (!fs::exists(p)) return p;
    }
    throw std::runtime_error(fmt::format("cannot find a free temporary name next to {}", dir.string()));
}

// Writes `path` (in the staging folder); an error names the file as the user will see it, `shown`.
void write_text(const fs::path& path, const std::string& text, const fs::path& shown) {
    errno = 0;
    std::ofstream out(path, std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out)
        throw std::runtime_error(fmt::format("cannot write {}: {}", shown.string(),
                                             errno ? std::strerror(errno) : "write failed"));
}

}  // namespace

void write_design(const GeneratedDesign& design, const std::string& dir_text, bool force) {
    if (dir_text.empty()) throw std::invalid_argument("output directory name is empty");
    fs::path dir = fs::path(dir_text);
    if (dir.has_filename() == false) dir = dir.parent_path();  // "out/" -> "out"
    // What a killed run left beside it goes first (an old design it had moved aside comes back).
    remove_stale_temporaries(dir.has_parent_path() ? dir.parent_path() : fs::path("."), dir.filename().string() + ".");
    const bool exists = fs::exists(dir);
    if (exists && !force)
        throw std::runtime_error(fmt::format("{} already exists (use --force to replace it)", dir.string()));
    if (exists && !fs::is_directory(dir))
        throw std::runtime_error(fmt::format("{} exists and is not a directory", dir.string()));
    if (exists) check_generated_folder(dir);  // --force replaces an earlier design only
    const fs::path parent = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
    if (!fs::is_directory(parent))
        throw std::runtime_error(fmt::format("parent folder {} does not exist", parent.string()));

    // Staged in a temporary sibling (removed on any way out, an interrupt included) and renamed.
    TemporaryPath staging_folder(sibling(dir, "staging"));
    const fs::path staging = staging_folder.path();
    try {
        fs::create_directory(staging);
        for (const auto& [name, text] : design.files) write_text(staging / name, text, dir / name);
        write_text(staging / "manifest.json", design.manifest.dump(2) + "\n", dir / "manifest.json");
        throw_if_interrupted();  // the last point to stop; from here the swap completes
        if (exists) {
            const fs::path old = sibling(dir, "old");
            fs::rename(dir, old);
            TemporaryPath old_folder;  // set once the new design is in place
            try {
                fs::rename(staging, dir);
            } catch (...) {
                fs::rename(old, dir);
                throw;
            }
            staging_folder.release();
            old_folder.assign(old);
        } else {
            fs::rename(staging, dir);
            staging_folder.release();
        }
    } catch (const fs::filesystem_error& e) {
        throw std::runtime_error(fmt::format("cannot write {}: {}", dir.string(), e.code().message()));
    }
    throw_if_interrupted();  // a signal during the swap: the design is whole, the run still stops
}

}  // namespace ffp8::hw
