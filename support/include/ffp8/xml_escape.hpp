// Text placed in XML attributes and elements (JUnit reports, SVG charts).
#pragma once

#include <string>
#include <string_view>

namespace ffp8 {

// `text` with & < > " replaced by their entities; everything else (' included) unchanged.
std::string xml_escape(std::string_view text);

}  // namespace ffp8
