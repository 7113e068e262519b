#include "commands.hpp"

#include <algorithm>
#include <utility>

namespace ffp8::cli {

namespace {
std::vector<std::pair<int, AddCommand>>& registry() {
    static std::vector<std::pair<int, AddCommand>> r;
    return r;
}
}  // namespace

Registration::Registration(int order, AddCommand add) { registry().emplace_back(order, add); }

std::vector<AddCommand> registered_commands() {
    auto r = registry();
    std::stable_sort(r.begin(), r.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<AddCommand> out;
    for (const auto& [order, add] : r) out.push_back(add);
    return out;
}

}  // namespace ffp8::cli
