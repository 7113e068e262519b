// The two views of a synthesized design. They answer two questions a designer asks:
//   built        "what does this unit cost as I would build it?": the whole design flattened,
//                constants propagated across blocks (a narrow FFP8 operand prunes the FMA core);
//   blocks kept  "what does FFP8 compliance add to a classical FP datapath?" (the paper's claim):
//                every generator block mapped on its own, so the FMA core is the baseline's very
//                cells and the difference is exactly the FFP8 blocks.
#pragma once

#include <string>
#include <string_view>

namespace ffp8::synth {

enum class SynthView { built, blocks_kept };

// Which views a run maps (`--view built|blocks|both`).
enum class ViewSelection { built, blocks, both };

// "built" or "blocks" (the `--view` words; JSON and CSV use them too).
std::string to_string(SynthView v);
std::string to_string(ViewSelection s);
// Throws std::invalid_argument naming the value when it is not built, blocks or both.
ViewSelection parse_view_selection(std::string_view name);

bool includes(ViewSelection s, SynthView v);
// The view whose figures a report leads with: built whenever it ran.
SynthView headline_view(ViewSelection s);

// The view's name in reports ("as built", "blocks kept") and the question it answers.
std::string view_title(SynthView v);
std::string view_question(SynthView v);

}  // namespace ffp8::synth
