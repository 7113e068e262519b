#include "ffp8/checked_json.hpp"

#include <cmath>
#include <fmt/format.h>

#include "ffp8/quoted_text.hpp"

namespace ffp8 {

namespace {

const char* type_name(const nlohmann::json& j) {
    switch (j.type()) {
        case nlohmann::json::value_t::null: return "null";
        case nlohmann::json::value_t::object: return "an object";
        case nlohmann::json::value_t::array: return "an array";
        case nlohmann::json::value_t::string: return "a string";
        case nlohmann::json::value_t::boolean: return "true or false";
        case nlohmann::json::value_t::number_float: return "a fractional number";
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned: return "a whole number";
        default: return "a binary value";
    }
}

}  // namespace

CheckedJson::CheckedJson(std::shared_ptr<const nlohmann::json> root, const nlohmann::json* node, std::string file,
                         std::string path)
    : root_(std::move(root)), node_(node), file_(std::move(file)), path_(std::move(path)) {}

CheckedJson::CheckedJson(const nlohmann::json& value, std::string file) : node_(&value), file_(std::move(file)) {}

CheckedJson CheckedJson::parse(std::string_view text, std::string file) {
    auto root = std::make_shared<nlohmann::json>(nlohmann::json::parse(text, nullptr, false));
    if (root->is_discarded()) {
        // Where it fails, by a second pass that reports the byte (no library text reaches the user).
        std::size_t byte = text.size();
        try {
            (void)nlohmann::json::parse(text);
        } catch (const nlohmann::json::parse_error& e) {
            byte = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
        }
        std::size_t line = 1, column = 1;
        for (std::size_t i = 0; i < byte; ++i) {
            if (text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        throw JsonError(fmt::format("{}{}not valid JSON (line {}, column {})", file, file.empty() ? "" : ": ", line, column));
    }
    const nlohmann::json* node = root.get();
    return CheckedJson(std::move(root), node, std::move(file), {});
}

void CheckedJson::fail(std::string_view what) const {
    std::string where = file_;
    if (!path_.empty()) where += (where.empty() ? "" : ": ") + path_;
    throw JsonError(where.empty() ? std::string(what) : fmt::format("{}: {}", where, what));
}

std::string CheckedJson::shown() const { return quoted_text(node_->dump(), 40); }

CheckedJson CheckedJson::at(std::string_view key) const {
    if (auto found = find(key)) return *found;
    if (!node_->is_object()) fail(fmt::format("must be an object, not {}", type_name(*node_)));
    CheckedJson missing(root_, node_, file_, path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key));
    missing.fail("is missing");
}

std::optional<CheckedJson> CheckedJson::find(std::string_view key) const {
    if (!node_->is_object()) fail(fmt::format("must be an object, not {}", type_name(*node_)));
    const auto it = node_->find(key);
    if (it == node_->end() || it->is_null()) return std::nullopt;
    return CheckedJson(root_, &*it, file_, path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key));
}

std::vector<CheckedJson> CheckedJson::items() const {
    if (!node_->is_array()) fail(fmt::format("must be an array, not {}", type_name(*node_)));
    std::vector<CheckedJson> out;
    for (std::size_t i = 0; i < node_->size(); ++i)
        out.push_back(CheckedJson(root_, &(*node_)[i], file_, fmt::format("{}[{}]", path_, i)));
    return out;
}

std::string CheckedJson::text() const {
    if (!node_->is_string()) fail(fmt::format("must be a string, not {}", type_name(*node_)));
    return node_->get<std::string>();
}

std::vector<std::string> CheckedJson::texts() const {
    std::vector<std::string> out;
    for (const CheckedJson& item : items()) out.push_back(item.text());
    return out;
}

bool CheckedJson::boolean() const {
    if (!node_->is_boolean()) fail(fmt::format("must be true or false, not {}", type_name(*node_)));
    return node_->get<bool>();
}

std::int64_t CheckedJson::whole(std::int64_t min, std::int64_t max) const {
    const auto refuse = [&] { fail(fmt::format("must be a whole number from {} to {}, not {}", min, max, shown())); };
    if (node_->is_number_unsigned()) {
        const std::uint64_t v = node_->get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(max)) refuse();
        return static_cast<std::int64_t>(v);
    }
    if (node_->is_number_integer()) {
        const std::int64_t v = node_->get<std::int64_t>();
        if (v < min || v > max) refuse();
        return v;
    }
    refuse();  // a fraction, 1e3, a string, ...
    return 0;
}

double CheckedJson::number(double min, double max) const {
    if (!node_->is_number()) fail(fmt::format("must be a number, not {}", type_name(*node_)));
    const double v = node_->get<double>();
    if (!std::isfinite(v) || v < min || v > max) fail(fmt::format("must be a number from {} to {}, not {}", min, max, shown()));
    return v;
}

}  // namespace ffp8
