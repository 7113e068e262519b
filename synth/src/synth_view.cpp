#include "ffp8/synth/synth_view.hpp"

#include <fmt/format.h>
#include <stdexcept>

#include "ffp8/quoted_text.hpp"

namespace ffp8::synth {

std::string to_string(SynthView v) { return v == SynthView::built ? "built" : "blocks"; }

std::string to_string(ViewSelection s) {
    switch (s) {
        case ViewSelection::built: return "built";
        case ViewSelection::blocks: return "blocks";
        case ViewSelection::both: break;
    }
    return "both";
}

ViewSelection parse_view_selection(std::string_view name) {
    if (name == "built") return ViewSelection::built;
    if (name == "blocks") return ViewSelection::blocks;
    if (name == "both") return ViewSelection::both;
    throw std::invalid_argument(fmt::format("view {} is not built, blocks or both", quoted_text(name)));
}

bool includes(ViewSelection s, SynthView v) {
    return s == ViewSelection::both || (v == SynthView::built) == (s == ViewSelection::built);
}

SynthView headline_view(ViewSelection s) { return s == ViewSelection::blocks ? SynthView::blocks_kept : SynthView::built; }

std::string view_title(SynthView v) { return v == SynthView::built ? "as built" : "blocks kept"; }

std::string view_question(SynthView v) {
    return v == SynthView::built
               ? "what the unit costs as one would build it (whole design flattened, constants propagated across blocks)"
               : "what FFP8 compliance adds to a classical FP datapath (each block mapped on its own: the baseline's FMA "
                 "core, cell for cell, plus the FFP8 blocks)";
}

}  // namespace ffp8::synth
