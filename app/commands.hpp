// Every subcommand of `ffp8` lives in its own app/cmd_*.cpp and registers itself here with
//   static const ffp8::cli::Registration reg{<order>, add_xxx_command};
// so adding a subcommand touches no shared file. `order` sorts the help listing.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

namespace ffp8::cli {

using AddCommand = void (*)(CLI::App&);

struct Registration {
    Registration(int order, AddCommand add);
};

// All registered commands, sorted by order.
std::vector<AddCommand> registered_commands();

}  // namespace ffp8::cli
