#include "ffp8/synth/abc_script.hpp"

#include <fmt/format.h>
#include <stdexcept>

#include "ffp8/quoted_text.hpp"

namespace ffp8::synth {

std::string to_string(AbcScript s) { return s == AbcScript::delay ? "delay" : "default"; }

AbcScript parse_abc_script(std::string_view name) {
    if (name == "default") return AbcScript::default_script;
    if (name == "delay") return AbcScript::delay;
    throw std::invalid_argument(fmt::format("ABC script {} is neither default nor delay", quoted_text(name)));
}

std::string delay_abc_commands(long target_ps) {
    return fmt::format("strash; map -D {0}; topo; buffer; upsize -D {0}; dnsize -D {0}; stime -p", target_ps);
}

}  // namespace ffp8::synth
