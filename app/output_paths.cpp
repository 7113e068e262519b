#include "output_paths.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <stdexcept>
#include <system_error>

#include "ffp8/quoted_text.hpp"

namespace ffp8::cli {

namespace fs = std::filesystem;

namespace {

bool takes_part(const RunPath& p) { return !p.path.empty() && p.path != "-"; }

// The path with symbolic links, . and .. resolved as far as it exists.
fs::path resolved(const fs::path& p) {
    std::error_code ec;
    fs::path r = fs::weakly_canonical(fs::absolute(p, ec), ec);
    return ec ? fs::absolute(p).lexically_normal() : r;
}

bool same_file(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);  // hard links too
    return resolved(a) == resolved(b);
}

// `inner` is `outer` or lies somewhere under it.
bool within(const fs::path& inner, const fs::path& outer) {
    const fs::path i = resolved(inner), o = resolved(outer);
    auto [end, at] = std::mismatch(o.begin(), o.end(), i.begin(), i.end());
    return end == o.end();
}

std::string shown(const fs::path& p) { return quoted_text(p.string(), 200); }

}  // namespace

void check_outputs_apart(const std::vector<RunPath>& outputs, const std::vector<RunPath>& inputs) {
    for (std::size_t o = 0; o < outputs.size(); ++o) {
        const RunPath& out = outputs[o];
        if (!takes_part(out)) continue;
        for (const RunPath& in : inputs) {
            if (!takes_part(in)) continue;
            if (same_file(out.path, in.path))
                throw std::invalid_argument(fmt::format("{} {} is {}: an output never overwrites an input", out.role,
                                                        shown(out.path), in.role));
            if (out.folder && within(in.path, out.path))
                throw std::invalid_argument(fmt::format("{} {} holds {} {}: the output folder would replace an input",
                                                        out.role, shown(out.path), in.role, shown(in.path)));
            if (in.folder && within(out.path, in.path))
                throw std::invalid_argument(fmt::format("{} {} lies in {} {}: an output never writes among the inputs",
                                                        out.role, shown(out.path), in.role, shown(in.path)));
        }
        for (std::size_t other = 0; other < o; ++other)
            if (takes_part(outputs[other]) &&
                (same_file(out.path, outputs[other].path) || (outputs[other].folder && within(out.path, outputs[other].path)) ||
                 (out.folder && within(outputs[other].path, out.path))))
                throw std::invalid_argument(fmt::format("{} and {} both name {}: one output would replace the other",
                                                        outputs[other].role, out.role, shown(out.path)));
    }
}

}  // namespace ffp8::cli
