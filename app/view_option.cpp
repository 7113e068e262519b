#include "view_option.hpp"

namespace ffp8::cli {

CLI::Option* add_view_option(CLI::App& cmd, std::string& view) {
    return cmd
        .add_option("--view", view,
                    "Which synthesis views to report (asic): built (the whole design flattened, constants propagated "
                    "across blocks: the unit as one would build it), blocks (each generator block mapped on its own: "
                    "what FFP8 compliance adds to the classical FP datapath), or both; figures lead with built")
        ->check(CLI::IsMember({"built", "blocks", "both"}))
        ->capture_default_str();
}

}  // namespace ffp8::cli
