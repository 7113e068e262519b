// Which Debian package installs a tool the flows run (scripts/install-deps.sh installs them all).
#pragma once

#include <string_view>

namespace ffp8 {

// The package for a program name (no directory), or empty for a tool the table does not know.
std::string_view debian_package_of(std::string_view tool);

}  // namespace ffp8
