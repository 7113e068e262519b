#include "ffp8/synth/library.hpp"

#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "ffp8/atomic_file.hpp"
#include "ffp8/input_file.hpp"
#include "ffp8/synth/liberty_file.hpp"
#include "ffp8/synth/tool_error.hpp"

namespace ffp8::synth {

namespace {

// Power-management (isolation, level shifters, keep-alive) and probe cells are not logic
// cells: a real flow never lets the mapper use them (ABC honours `dont_use`).
bool is_special_purpose(const LibertyCell& c) {
    return c.name.find("lpflow") != std::string::npos || c.name.find("probe") != std::string::npos;
}

// The text with `dont_use : true;` added to the given cells.
std::string with_dont_use(const std::string& text, const std::vector<const LibertyCell*>& cells) {
    std::string out;
    out.reserve(text.size() + cells.size() * 24);
    std::size_t pos = 0;
    for (const LibertyCell* c : cells) {
        out.append(text, pos, c->body_offset - pos);
        out += " dont_use : true; ";
        pos = c->body_offset;
    }
    out.append(text, pos, std::string::npos);
    return out;
}

}  // namespace

Library::Library(const std::filesystem::path& source)
    : scratch_(std::make_unique<WorkDir>("ffp8-liberty-")), source_(std::filesystem::absolute(source)) {
    readable_ = readable_liberty(source_, scratch_->path());
    const std::string text = read_input_file(readable_, fmt::format("Liberty file {}", source_.string()));
    LibertySummary summary;
    try {
        summary = scan_liberty(text);
        drive_ = pick_driving_cell(summary);
    } catch (const ToolOutputError& e) {
        // The user's file, not the private copy (a decompressed .gz lives in a temporary folder).
        throw std::runtime_error(fmt::format("{}: {}", source_.string(), e.what()));
    }
    std::vector<const LibertyCell*> excluded;
    for (auto& c : summary.cells)
        if (!c.dont_use && is_special_purpose(c)) {
            excluded.push_back(&c);
            c.dont_use = true;
        }
    if (!excluded.empty()) {
        readable_ = scratch_->path() / ("usable_" + readable_.filename().string());
        write_file_atomically(readable_, with_dont_use(text, excluded));
    }
    name_ = summary.name;
}

}  // namespace ffp8::synth
