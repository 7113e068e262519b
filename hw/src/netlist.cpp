#include "ffp8/hw/netlist.hpp"

#include <fmt/format.h>
#include <stdexcept>

namespace ffp8::hw::rtl {

namespace {

[[noreturn]] void bug(const std::string& what) { throw std::logic_error("netlist: " + what); }

void same_width(const Expr& a, const Expr& b, const char* op) {
    if (a.width != b.width)
        bug(fmt::format("width mismatch in '{}': {} ({}) vs {} ({})", op, a.text, a.width, b.text, b.width));
}

// Operands of a compound expression are parenthesised unless atomic.
std::string operand(const Expr& e) {
    return e.compound ? "(" + e.text + ")" : e.text;
}

Expr binary(const Expr& a, const char* op, const Expr& b, int width) {
    return {fmt::format("{} {} {}", operand(a), op, operand(b)), width, false, true};
}

std::string range(int width) { return width == 1 ? "" : fmt::format("[{}:0] ", width - 1); }

}  // namespace

Expr Expr::net_ref(const std::string& name, int width) {
    Expr e{name, width, true};
    e.base = name;
    e.base_is_vector = width > 1;
    return e;
}

Expr Expr::bit(int i) const { return slice(i, i); }

Expr Expr::slice(int hi, int lo) const {
    if (!named) bug("slice of an unnamed expression " + text);
    if (lo < 0 || hi >= width || hi < lo) bug(fmt::format("slice [{}:{}] out of {}[{}:0]", hi, lo, text, width - 1));
    if (lo == 0 && hi == width - 1) return *this;
    Expr e = *this;
    e.width = hi - lo + 1;
    e.offset = offset + lo;
    e.text = hi == lo ? fmt::format("{}[{}]", base, offset + lo) : fmt::format("{}[{}:{}]", base, offset + hi, offset + lo);
    return e;
}

Expr lit(int width, uint64_t value) {
    if (width < 1 || width > 64) bug(fmt::format("literal width {}", width));
    if (width < 64 && (value >> width) != 0) bug(fmt::format("literal {} does not fit {} bits", value, width));
    if (width == 1) return {fmt::format("1'b{}", value), 1, false};
    if (width > 8) return {fmt::format("{}'h{:x}", width, value), width, false};  // bit patterns read better in hex
    return {fmt::format("{}'d{}", width, value), width, false};
}

Expr lit_bits(const std::vector<bool>& bits) {
    const int width = static_cast<int>(bits.size());
    if (width <= 64) {
        uint64_t value = 0;
        for (int i = 0; i < width; ++i) value |= uint64_t{bits[static_cast<std::size_t>(i)]} << i;
        return lit(width, value);
    }
    std::string hex;
    for (int nibble = (width - 1) / 4; nibble >= 0; --nibble) {
        int digit = 0;
        for (int i = 3; i >= 0; --i) {
            const int b = nibble * 4 + i;
            digit = digit * 2 + (b < width && bits[static_cast<std::size_t>(b)] ? 1 : 0);
        }
        hex += "0123456789abcdef"[digit];
    }
    return {fmt::format("{}'h{}", width, hex), width, false};
}

Expr zeros(int width) {
    if (width <= 64) return lit(width, 0);
    return {fmt::format("{{{}{{1'b0}}}}", width), width, false};
}

Expr ones(int width) { return {fmt::format("{{{}{{1'b1}}}}", width), width, false}; }

// Unary operators parenthesise anything but a plain name, literal or concatenation.
static std::string unary_operand(const Expr& e) {
    const char c = e.text.front();
    return e.compound || c == '~' || c == '!' ? "(" + e.text + ")" : e.text;
}
Expr operator~(const Expr& a) { return {"~" + unary_operand(a), a.width, false}; }
Expr operator!(const Expr& a) {
    if (a.width != 1) bug("logical not of a vector " + a.text);
    return {"!" + unary_operand(a), 1, false};
}
Expr operator&(const Expr& a, const Expr& b) { same_width(a, b, "&"); return binary(a, "&", b, a.width); }
Expr operator|(const Expr& a, const Expr& b) { same_width(a, b, "|"); return binary(a, "|", b, a.width); }
Expr operator^(const Expr& a, const Expr& b) { same_width(a, b, "^"); return binary(a, "^", b, a.width); }
Expr operator+(const Expr& a, const Expr& b) { same_width(a, b, "+"); return binary(a, "+", b, a.width); }
Expr operator-(const Expr& a, const Expr& b) { same_width(a, b, "-"); return binary(a, "-", b, a.width); }
Expr operator==(const Expr& a, const Expr& b) { same_width(a, b, "=="); return binary(a, "==", b, 1); }
Expr operator!=(const Expr& a, const Expr& b) { same_width(a, b, "!="); return binary(a, "!=", b, 1); }
Expr operator<(const Expr& a, const Expr& b) { same_width(a, b, "<"); return binary(a, "<", b, 1); }
Expr operator<=(const Expr& a, const Expr& b) { same_width(a, b, "<="); return binary(a, "<=", b, 1); }
Expr operator>(const Expr& a, const Expr& b) { same_width(a, b, ">"); return binary(a, ">", b, 1); }
Expr operator>=(const Expr& a, const Expr& b) { same_width(a, b, ">="); return binary(a, ">=", b, 1); }

Expr mux(const Expr& sel, const Expr& t, const Expr& f) {
    if (sel.width != 1) bug("mux select must be 1 bit: " + sel.text);
    same_width(t, f, "?:");
    return {fmt::format("{} ? {} : {}", operand(sel), operand(t), operand(f)), t.width, false, true};
}

Expr cat(const std::vector<Expr>& parts) {
    if (parts.empty()) bug("empty concatenation");
    if (parts.size() == 1) return parts.front();
    std::string s = "{";
    int w = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        s += (i ? ", " : "") + parts[i].text;
        w += parts[i].width;
    }
    return {s + "}", w, false};
}

Expr rep(int times, const Expr& a) {
    if (times < 1) bug("replication count < 1");
    if (times == 1) return a;
    return {fmt::format("{{{}{{{}}}}}", times, a.text), times * a.width, false};
}

Expr shl(const Expr& a, const Expr& amount) { return binary(a, "<<", amount, a.width); }
Expr shr(const Expr& a, const Expr& amount) { return binary(a, ">>", amount, a.width); }
Expr shl(const Expr& a, int amount) {
    if (amount < 1 || amount >= a.width) bug(fmt::format("constant shift by {} of {} bits", amount, a.width));
    int bits = 1;
    while ((1 << bits) <= amount) ++bits;
    return shl(a, lit(bits, static_cast<uint64_t>(amount)));
}
Expr reduce_or(const Expr& a) { return a.width == 1 ? a : Expr{"(|" + operand(a) + ")", 1, false}; }
Expr reduce_and(const Expr& a) { return a.width == 1 ? a : Expr{"(&" + operand(a) + ")", 1, false}; }

Expr zext(const Expr& a, int width) {
    if (width < a.width) bug(fmt::format("zext of {} bits to {}", a.width, width));
    if (width == a.width) return a;
    return cat({zeros(width - a.width), a});
}

Expr sext(const Expr& a, int width) {
    if (width < a.width) bug(fmt::format("sext of {} bits to {}", a.width, width));
    if (width == a.width) return a;
    return cat({rep(width - a.width, a.top()), a});
}

Expr eq_const(const Expr& a, uint64_t value) { return a == lit(a.width, value); }

Module::Module(std::string name, std::string description)
    : name_(std::move(name)), description_(std::move(description)) {}

void Module::claim(const std::string& name) {
    if (!names_.insert(name).second) bug(fmt::format("name '{}' used twice in module {}", name, name_));
}

std::string Module::fresh(const std::string& prefix) {
    int& n = fresh_counters_[prefix];
    for (;;) {
        std::string candidate = n == 0 ? prefix : fmt::format("{}_{}", prefix, n);
        ++n;
        if (!names_.count(candidate)) return candidate;
    }
}

Expr Module::input(const std::string& name, int width, const std::string& comment) {
    claim(name);
    ports_.push_back({name, Dir::in, width, comment});
    Expr e = Expr::net_ref(name, width);
    if (name == "clk") clk_ = e;
    if (name == "rst") rst_ = e;
    return e;
}

Expr Module::output(const std::string& name, int width, const std::string& comment) {
    claim(name);
    ports_.push_back({name, Dir::out, width, comment});
    return Expr::net_ref(name, width);
}

void Module::assign_output(const Expr& port, const Expr& value) {
    same_width(port, value, "assign");
    body_.push_back(fmt::format("  assign {} = {};", port.text, value.text));
}

Expr Module::wire(const std::string& name, const Expr& value) {
    claim(name);
    body_.push_back(fmt::format("  wire {}{} = {};", range(value.width), name, value.text));
    return Expr::net_ref(name, value.width);
}

Expr Module::net(const std::string& name, int width) {
    claim(name);
    body_.push_back(fmt::format("  wire {}{};", range(width), name));
    return Expr::net_ref(name, width);
}

void Module::assign_bit(const Expr& net, int index, const Expr& value) {
    if (value.width != 1) bug("assign_bit of a vector");
    body_.push_back(fmt::format("  assign {} = {};", net.bit(index).text, value.text));
}

void Module::assign_slice(const Expr& net, int hi, int lo, const Expr& value) {
    const Expr target = net.slice(hi, lo);
    same_width(target, value, "assign");
    body_.push_back(fmt::format("  assign {} = {};", target.text, value.text));
}

Expr Module::flop(const std::string& name, const Expr& next, const std::optional<Expr>& enable) {
    const Expr q = reg(name, next.width);
    drive(q, next, enable);
    return q;
}

Expr Module::data_flop(const std::string& name, const Expr& next) {
    if (!clk_) bug("register in module " + name_ + " without a clk input");
    claim(name);
    body_.push_back(fmt::format("  reg {}{};", range(next.width), name));
    const Expr q = Expr::net_ref(name, next.width);
    data_flops_.push_back({q, next, std::nullopt});
    return q;
}

Expr Module::reg(const std::string& name, int width) {
    if (!clk_ || !rst_) bug("register in module " + name_ + " without clk and rst inputs");
    claim(name);
    body_.push_back(fmt::format("  reg {}{};", range(width), name));
    undriven_.insert(name);
    return Expr::net_ref(name, width);
}

void Module::drive(const Expr& q, const Expr& next, const std::optional<Expr>& enable) {
    same_width(q, next, "<=");
    if (!undriven_.erase(q.text)) bug("register " + q.text + " driven twice or not declared");
    flops_.push_back({q, next, enable});
}

void Module::sink_unused(const Expr& value) { unused_.push_back(value); }

void Module::instance(const std::string& module, const std::string& instance,
                      const std::vector<std::pair<std::string, Expr>>& connections) {
    claim(instance);
    std::string s = fmt::format("  {} {} (\n", module, instance);
    for (std::size_t i = 0; i < connections.size(); ++i)
        s += fmt::format("    .{}({}){}\n", connections[i].first, connections[i].second.text,
                         i + 1 < connections.size() ? "," : "");
    body_.push_back(s + "  );");
}

void Module::comment(const std::string& text) { body_.push_back("\n  // " + text); }

std::string Module::emit(const std::string& file_header) const {
    if (!undriven_.empty()) bug("register " + *undriven_.begin() + " never driven");
    std::string s = file_header;
    s += fmt::format("// {}\n", description_);
    s += fmt::format("module {} (\n", name_);
    for (std::size_t i = 0; i < ports_.size(); ++i) {
        const Port& p = ports_[i];
        const std::string decl = fmt::format("  {} wire {}{}{}", p.dir == Dir::in ? "input " : "output",
                                             range(p.width), p.name, i + 1 < ports_.size() ? "," : "");
        s += p.comment.empty() ? decl + "\n" : fmt::format("{:<40}// {}\n", decl, p.comment);
    }
    s += ");\n";
    for (const auto& line : body_) s += line + "\n";
    if (!flops_.empty()) {
        s += "\n  always @(posedge clk) begin\n    if (rst) begin\n";
        for (const auto& f : flops_) s += fmt::format("      {} <= {};\n", f.q.text, zeros(f.q.width).text);
        s += "    end else begin\n";
        for (const auto& f : flops_) {
            if (f.enable)
                s += fmt::format("      if ({}) {} <= {};\n", f.enable->text, f.q.text, f.next.text);
            else
                s += fmt::format("      {} <= {};\n", f.q.text, f.next.text);
        }
        s += "    end\n  end\n";
    }
    if (!data_flops_.empty()) {
        s += "\n  // Datapath registers without reset: every use is gated by a valid bit that rst clears.\n"
             "  always @(posedge clk) begin\n";
        for (const auto& f : data_flops_) s += fmt::format("    {} <= {};\n", f.q.text, f.next.text);
        s += "  end\n";
    }
    if (!unused_.empty()) {
        std::vector<Expr> parts{lit(1, 0)};
        parts.insert(parts.end(), unused_.begin(), unused_.end());
        s += fmt::format("\n  // Bits this block computes but does not need (kept for readability).\n"
                         "  wire unused_bits = ^{};\n",
                         cat(parts).text);
    }
    s += "endmodule\n";
    return s;
}

}  // namespace ffp8::hw::rtl
