#include "ffp8/dnn/model.hpp"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "ffp8/dnn/calibrate.hpp"
#include "ffp8/checked_json.hpp"
#include "ffp8/dnn/npy.hpp"
#include "ffp8/input_file.hpp"
#include "ffp8/quoted_text.hpp"

namespace ffp8::dnn {

namespace {

[[noreturn]] void model_error(const std::string& where, const std::string& problem) {
    throw std::runtime_error(fmt::format("{}: {}", where, problem));
}

LayerType parse_type(const std::string& t, const std::string& where) {
    static const std::map<std::string, LayerType> types{{"conv2d", LayerType::conv2d}, {"linear", LayerType::linear},
                                                        {"relu", LayerType::relu},     {"maxpool", LayerType::maxpool},
                                                        {"avgpool", LayerType::avgpool}, {"add", LayerType::add}};
    const auto it = types.find(t);
    if (it == types.end())
        model_error(where, fmt::format("unknown layer type {} (conv2d, linear, relu, maxpool, avgpool, add)", quoted_text(t)));
    return it->second;
}

int pooled(int n, int k, int s) { return (n - k) / s + 1; }

std::string shape_text(const std::vector<std::size_t>& shape) {
    return fmt::format("({})", fmt::join(shape, ", "));
}

// Reads a layer's tensor and checks its shape against the one model.json implies.
std::vector<float> read_tensor(const std::filesystem::path& path, const std::vector<std::size_t>& want, const std::string& layer) {
    NpyArray a = read_npy(path);
    if (a.shape != want)
        throw std::runtime_error(fmt::format("{}: shape {}, layer {} needs {}", path.string(), shape_text(a.shape), layer,
                                             shape_text(want)));
    try {
        require_finite(a.data);
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(fmt::format("{}: {}", path.string(), e.what()));
    }
    return std::move(a.data);
}

}  // namespace

std::size_t Layer::dot_length() const {
    if (type == LayerType::linear) return in_shape.size();
    if (type == LayerType::conv2d) return static_cast<std::size_t>(in_shape.c / groups) * kernel * kernel;
    return 0;
}

void Model::finalize() {
    const std::string where = fmt::format("model {}", name);
    if (layers.empty()) model_error(where, "no layers");
    for (std::size_t i = 0; i < layers.size(); ++i) {
        Layer& L = layers[i];
        const std::string lw = fmt::format("{}, layer {}", where, L.name);
        const std::size_t want_inputs = L.type == LayerType::add ? 2 : 1;
        if (L.inputs.size() != want_inputs) model_error(lw, fmt::format("needs {} input(s)", want_inputs));
        for (int in : L.inputs)
            if (in < -1 || in >= static_cast<int>(i)) model_error(lw, "an input is not an earlier layer");
        auto shape_of = [&](int in) { return in < 0 ? input : layers[static_cast<std::size_t>(in)].out_shape; };
        L.in_shape = shape_of(L.inputs[0]);
        const Shape s = L.in_shape;
        if (L.declared_inputs > 0) {
            const std::size_t gets = L.type == LayerType::linear ? s.size() : static_cast<std::size_t>(s.c);
            if (gets != static_cast<std::size_t>(L.declared_inputs))
                model_error(lw, fmt::format("declares {} input {} but its input layer '{}' gives {}", L.declared_inputs,
                                            L.type == LayerType::linear ? "features" : "channels",
                                            L.inputs[0] < 0 ? "input" : layers[static_cast<std::size_t>(L.inputs[0])].name, gets));
        }
        switch (L.type) {
            case LayerType::conv2d: {
                if (L.kernel < 1 || L.stride < 1 || L.padding < 0 || L.groups < 1 || L.out_channels < 1 ||
                    s.c % L.groups != 0 || L.out_channels % L.groups != 0)
                    model_error(lw, "bad kernel, stride, padding, groups or channel counts");
                L.out_shape = {L.out_channels, (s.h + 2 * L.padding - L.kernel) / L.stride + 1,
                               (s.w + 2 * L.padding - L.kernel) / L.stride + 1};
                if (L.out_shape.h < 1 || L.out_shape.w < 1) model_error(lw, "kernel larger than the padded input");
                break;
            }
            case LayerType::linear:
                if (L.out_channels < 1) model_error(lw, "bad out_features");
                L.out_shape = {L.out_channels, 1, 1};
                break;
            case LayerType::relu: L.out_shape = s; break;
            case LayerType::maxpool:
            case LayerType::avgpool:
                if (L.kernel < 1 || L.stride < 1 || L.kernel > s.h || L.kernel > s.w)
                    model_error(lw, "bad pooling kernel or stride");
                L.out_shape = {s.c, pooled(s.h, L.kernel, L.stride), pooled(s.w, L.kernel, L.stride)};
                break;
            case LayerType::add:
                if (!(shape_of(L.inputs[1]) == s)) model_error(lw, "the two inputs differ in shape");
                L.out_shape = s;
                break;
        }
        if (L.is_mac()) {
            const std::size_t want = static_cast<std::size_t>(L.out_channels) * L.dot_length();
            if (L.weight.size() != want)
                model_error(lw, fmt::format("weight has {} values, the shapes need {}", L.weight.size(), want));
            if (L.bias.size() != static_cast<std::size_t>(L.out_channels))
                model_error(lw, fmt::format("bias has {} values, expected {}", L.bias.size(), L.out_channels));
        }
    }
    if (output < 0 || output >= static_cast<int>(layers.size())) output = static_cast<int>(layers.size()) - 1;
}

std::vector<int> Model::mac_layers() const {
    std::vector<int> out;
    for (std::size_t i = 0; i < layers.size(); ++i)
        if (layers[i].is_mac()) out.push_back(static_cast<int>(i));
    return out;
}

std::size_t Model::macs_per_image() const {
    std::size_t n = 0;
    for (const Layer& L : layers)
        if (L.is_mac()) n += L.out_shape.size() * L.dot_length();
    return n;
}

Model load_model(const std::filesystem::path& dir) {
    const auto json_path = dir / "model.json";
    std::string text;
    try {
        text = read_input_file(json_path);
    } catch (const InputError& e) {
        throw std::runtime_error(fmt::format("{} (is {} a model folder?)", e.what(), dir.string()));
    }
    // Limits far beyond any model here, so that no count overflows the shape arithmetic.
    constexpr int max_extent = 1 << 16, max_window = 1 << 10;
    try {
        const CheckedJson j = CheckedJson::parse(text, json_path.string());
        Model m;
        m.name = j.at("name").text();
        m.description = j.find("description") ? j.at("description").text() : "";
        const std::vector<CheckedJson> shape = j.at("input").at("shape").items();
        if (shape.size() != 3) j.at("input").at("shape").fail("must be [channels, height, width]");
        m.input = {shape[0].whole_int(1, max_extent), shape[1].whole_int(1, max_extent), shape[2].whole_int(1, max_extent)};
        m.classes = j.at("classes").whole_int(2, max_extent);
        std::map<std::string, int> index{{"input", -1}};
        for (const CheckedJson& jl : j.at("layers").items()) {
            Layer L;
            L.name = jl.at("name").text();
            L.type = parse_type(jl.at("type").text(), json_path.string());
            const std::vector<std::string> srcs =
                jl.find("inputs") ? jl.at("inputs").texts() : std::vector<std::string>{jl.at("input").text()};
            for (const auto& s : srcs) {
                const auto it = index.find(s);
                if (it == index.end()) throw std::runtime_error(fmt::format("layer {}: unknown input {}", L.name, quoted_text(s)));
                L.inputs.push_back(it->second);
            }
            if (L.type == LayerType::conv2d) {
                L.declared_inputs = jl.at("in_channels").whole_int(1, max_extent);
                L.out_channels = jl.at("out_channels").whole_int(1, max_extent);
                L.kernel = jl.at("kernel").whole_int(1, max_window);
                L.stride = jl.at("stride").whole_int(1, max_window);
                L.padding = jl.at("padding").whole_int(0, max_window);
                L.groups = jl.at("groups").whole_int(1, max_extent);
            } else if (L.type == LayerType::linear) {
                L.declared_inputs = jl.at("in_features").whole_int(1, 1 << 30);
                L.out_channels = jl.at("out_features").whole_int(1, max_extent);
            } else if (L.type == LayerType::maxpool || L.type == LayerType::avgpool) {
                L.kernel = jl.at("kernel").whole_int(1, max_window);
                L.stride = jl.at("stride").whole_int(1, max_window);
            }
            if (L.is_mac()) {
                if (L.declared_inputs % L.groups)
                    throw std::runtime_error(fmt::format("layer {}: bad channel, feature, kernel or group counts", L.name));
                const auto out = static_cast<std::size_t>(L.out_channels), in = static_cast<std::size_t>(L.declared_inputs);
                const auto k = static_cast<std::size_t>(L.kernel);
                const std::vector<std::size_t> w_shape = L.type == LayerType::linear
                    ? std::vector<std::size_t>{out, in} : std::vector<std::size_t>{out, in / static_cast<std::size_t>(L.groups), k, k};
                L.weight = read_tensor(dir / jl.at("weight").text(), w_shape, L.name);
                L.bias = read_tensor(dir / jl.at("bias").text(), {out}, L.name);
            }
            if (index.count(L.name)) throw std::runtime_error(fmt::format("duplicate layer name {}", quoted_text(L.name)));
            index[L.name] = static_cast<int>(m.layers.size());
            m.layers.push_back(std::move(L));
        }
        const CheckedJson output = j.at("output");
        if (!index.count(output.text()) || index[output.text()] < 0)
            output.fail(fmt::format("{} is no layer", quoted_text(output.text())));
        m.output = index[output.text()];
        m.finalize();
        if (const std::size_t logits = m.layers[static_cast<std::size_t>(m.output)].out_shape.size();
            logits != static_cast<std::size_t>(m.classes))
            output.fail(fmt::format("layer {} gives {} values, but the model has {} classes", quoted_text(output.text()),
                                    logits, m.classes));
        return m;
    } catch (const std::runtime_error& e) {
        const std::string msg = e.what();
        if (msg.starts_with(json_path.string()) || msg.starts_with(dir.string())) throw;
        throw std::runtime_error(fmt::format("{}: {}", json_path.string(), msg));
    }
}

std::filesystem::path default_models_dir() {
    if (const char* env = std::getenv("FFP8_DNN_MODELS"); env && *env) return env;
    return FFP8_DNN_MODELS_DIR;
}

std::vector<std::string> list_models(const std::filesystem::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.is_directory() && std::filesystem::exists(e.path() / "model.json")) out.push_back(e.path().filename().string());
    if (ec) throw std::runtime_error(fmt::format("{}: cannot list models ({})", dir.string(), ec.message()));
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace ffp8::dnn
