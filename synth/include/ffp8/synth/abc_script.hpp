// How ABC maps the logic to Liberty cells. `default_script` is Yosys 0.23's own script for
// `abc -D -constr` (the figures of earlier releases); `delay` keeps the logic's structure (the
// generator's prefix adders and carry-save rows) and maps it for delay against the clock target.
#pragma once

#include <string>
#include <string_view>

namespace ffp8::synth {

enum class AbcScript { default_script, delay };

// "default" or "delay".
std::string to_string(AbcScript s);
// Throws std::invalid_argument naming the value when it is neither.
AbcScript parse_abc_script(std::string_view name);

// The ABC commands of `delay` at a target of `target_ps`: structural hashing only (no `dc2`,
// `&dch` or `&fraig` rewriting, which turns the prefix adders into chains of complex gates),
// delay-oriented cut mapping against the target (`map -D`; on these designs it beats `&nf -D`,
// e.g. the 48-bit product adder 2.4 ns against 3.6 ns in ABC's own timing), `topo` (ABC's
// `upsize` fails on the dangling nodes `map` can leave), then buffering of high fan-out nets and
// gate sizing (`buffer`, `upsize -D`, `dnsize -D`) against the driving cell and load of `-constr`.
std::string delay_abc_commands(long target_ps);

}  // namespace ffp8::synth
