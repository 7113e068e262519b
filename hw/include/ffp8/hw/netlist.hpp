// A small typed builder for readable Verilog-2005: expressions carry their width (checked on
// every operation, so the output is free of width warnings), a Module collects ports, wires,
// registers and instances in insertion order and prints them deterministically.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ffp8::hw::rtl {

// A Verilog expression of a known width. `named` ones are nets or registers and can be sliced.
struct Expr {
    std::string text;
    int width = 0;
    bool named = false;
    bool compound = false;  // a binary operation or ?: (parenthesised when used as an operand)
    // For named expressions: the declared net, the index of this expression's bit 0 in it, and
    // whether the net has a range (so slices of slices print as one select).
    std::string base{};
    int offset = 0;
    bool base_is_vector = false;

    static Expr net_ref(const std::string& name, int width);

    Expr bit(int i) const;
    Expr slice(int hi, int lo) const;  // [hi:lo], requires a named expression
    Expr top() const { return bit(width - 1); }
};

Expr lit(int width, uint64_t value);          // sized constant, width <= 64
Expr lit_bits(const std::vector<bool>& bits);  // sized constant of any width, bit 0 first (hex)
Expr zeros(int width);
Expr ones(int width);
Expr operator~(const Expr& a);
Expr operator!(const Expr& a);  // 1-bit logical not
Expr operator&(const Expr& a, const Expr& b);
Expr operator|(const Expr& a, const Expr& b);
Expr operator^(const Expr& a, const Expr& b);
Expr operator+(const Expr& a, const Expr& b);  // same widths, result truncated (small counters only)
Expr operator-(const Expr& a, const Expr& b);
Expr operator==(const Expr& a, const Expr& b);
Expr operator!=(const Expr& a, const Expr& b);
Expr operator<(const Expr& a, const Expr& b);  // unsigned
Expr operator<=(const Expr& a, const Expr& b);
Expr operator>(const Expr& a, const Expr& b);
Expr operator>=(const Expr& a, const Expr& b);
Expr mux(const Expr& sel, const Expr& when_true, const Expr& when_false);
Expr cat(const std::vector<Expr>& parts);  // most significant first
Expr rep(int times, const Expr& a);
Expr shl(const Expr& a, const Expr& amount);  // logical, result width = a.width
Expr shr(const Expr& a, const Expr& amount);
Expr shl(const Expr& a, int amount);  // by a constant: wiring, no shifter
Expr reduce_or(const Expr& a);
Expr reduce_and(const Expr& a);
Expr zext(const Expr& a, int width);  // zero-extend (width >= a.width)
Expr sext(const Expr& a, int width);  // sign-extend, requires named
Expr eq_const(const Expr& a, uint64_t value);

enum class Dir { in, out };

struct Port {
    std::string name;
    Dir dir;
    int width;
    std::string comment;
};

// One Verilog module under construction.
class Module {
public:
    Module(std::string name, std::string description);

    const std::string& name() const { return name_; }
    const std::vector<Port>& ports() const { return ports_; }

    Expr input(const std::string& name, int width, const std::string& comment = "");
    // Output ports are driven with assign_output().
    Expr output(const std::string& name, int width, const std::string& comment = "");
    void assign_output(const Expr& port, const Expr& value);

    // `wire [w-1:0] name = value;`
    Expr wire(const std::string& name, const Expr& value);
    // A net declared now and driven bit by bit (assign_bits) or by an instance.
    Expr net(const std::string& name, int width);
    void assign_bit(const Expr& net, int index, const Expr& value);
    void assign_slice(const Expr& net, int hi, int lo, const Expr& value);
    // A register clocked by `clk`, cleared by synchronous `rst`; holds unless `enable`.
    Expr flop(const std::string& name, const Expr& next, const std::optional<Expr>& enable = std::nullopt);
    // A register clocked by `clk` without reset: datapath bits whose every use is gated by a valid
    // bit that reset clears (a reset flop costs a gate per bit). Emitted in its own always block.
    Expr data_flop(const std::string& name, const Expr& next);
    // A register declared now and driven later with drive() (for feedback loops).
    Expr reg(const std::string& name, int width);
    void drive(const Expr& q, const Expr& next, const std::optional<Expr>& enable = std::nullopt);
    // Marks bits as deliberately unused (a lint-visible sink named unused_*).
    void sink_unused(const Expr& value);
    void instance(const std::string& module, const std::string& instance,
                  const std::vector<std::pair<std::string, Expr>>& connections);
    void comment(const std::string& text);

    // A fresh, unique name from a prefix (prefix, prefix_1, ...).
    std::string fresh(const std::string& prefix);

    std::string emit(const std::string& file_header) const;

private:
    void claim(const std::string& name);

    struct Flop {
        Expr q;
        Expr next;
        std::optional<Expr> enable;
    };
    std::string name_;
    std::string description_;
    std::vector<Port> ports_;
    std::vector<std::string> body_;
    std::vector<Flop> flops_;
    std::vector<Flop> data_flops_;  // without reset
    std::set<std::string> names_;
    std::set<std::string> undriven_;
    std::map<std::string, int> fresh_counters_;
    std::vector<Expr> unused_;
    std::optional<Expr> clk_, rst_;
};

}  // namespace ffp8::hw::rtl
