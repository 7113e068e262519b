#include "arith.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <vector>

namespace ffp8::hw::blocks {

using rtl::cat;
using rtl::lit;
using rtl::mux;
using rtl::rep;
using rtl::zeros;

Expr named(Module& m, const std::string& name, const Expr& e) {
    return e.named ? e : m.wire(m.fresh(name), e);
}

int bits_for(int max_value) {
    int b = 1;
    while ((1 << b) <= max_value) ++b;
    return b;
}

namespace {

struct PrefixTree {
    Expr p0;  // per-bit propagate a ^ b (all n bits)
    Expr g;   // group generate G[i:0] for i < n-1
    Expr p;   // group propagate P[i:0] for i < n-1
};

// Sklansky prefix over bits 0..k-1: each level combines bit i with the top bit of the lower
// neighbouring block. Bits are scalar wires (only the ones a level changes), gathered at the end.
// `with_g` false gives the AND-only prefix of an incrementer.
void sklansky(Module& m, const std::string& name, std::vector<Expr>& g, std::vector<Expr>& p, bool with_g) {
    const int k = static_cast<int>(p.size());
    for (int level = 1; (1 << (level - 1)) < k; ++level) {
        const int span = 1 << (level - 1);
        std::vector<Expr> gn = g, pn = p;
        for (int i = 0; i < k; ++i) {
            if (!(i & span)) continue;
            const int j = ((i / span) * span) - 1;  // top bit of the lower neighbouring block
            if (with_g) gn[i] = m.wire(fmt::format("{}_g{}_{}", name, level, i), g[i] | (p[i] & g[j]));
            pn[i] = m.wire(fmt::format("{}_p{}_{}", name, level, i), p[i] & p[j]);
        }
        g = std::move(gn);
        p = std::move(pn);
    }
}

Expr gather(Module& m, const std::string& name, const std::vector<Expr>& bits) {
    std::vector<Expr> msb_first(bits.rbegin(), bits.rend());
    return m.wire(name, cat(msb_first));
}

PrefixTree prefix_tree(Module& m, const std::string& name, const Expr& a_in, const Expr& b_in) {
    const int n = a_in.width;
    const Expr a = named(m, name + "_a", a_in);
    const Expr b = named(m, name + "_b", b_in);
    const Expr p0 = m.wire(name + "_p0", a ^ b);
    if (n == 1) return {p0, {}, {}};
    const int k = n - 1;
    const Expr g0 = m.wire(name + "_g0", a.slice(k - 1, 0) & b.slice(k - 1, 0));
    std::vector<Expr> g, p;
    for (int i = 0; i < k; ++i) {
        g.push_back(g0.bit(i));
        p.push_back(p0.bit(i));
    }
    sklansky(m, name, g, p, true);
    return {p0, gather(m, name + "_group_g", g), gather(m, name + "_group_p", p)};
}

}  // namespace

Expr prefix_add(Module& m, const std::string& name, const Expr& a, const Expr& b, const Expr& cin) {
    const int n = a.width;
    if (b.width != n || cin.width != 1) throw std::logic_error("prefix_add: operand widths");
    const PrefixTree t = prefix_tree(m, name, a, b);
    if (n == 1) return m.wire(name + "_sum", t.p0 ^ cin);
    if (cin.text == "1'b0") {
        m.sink_unused(t.p);
        return m.wire(name + "_sum", t.p0 ^ cat({t.g, lit(1, 0)}));
    }
    const Expr carries = m.wire(name + "_carry", cat({t.g | (t.p & rep(n - 1, cin)), cin}));
    return m.wire(name + "_sum", t.p0 ^ carries);
}

CompoundSum prefix_add_compound(Module& m, const std::string& name, const Expr& a, const Expr& b) {
    const int n = a.width;
    if (b.width != n || n < 2) throw std::logic_error("prefix_add_compound: operand widths");
    const PrefixTree t = prefix_tree(m, name, a, b);
    const Expr c0 = m.wire(name + "_carry0", cat({t.g, lit(1, 0)}));
    const Expr c1 = m.wire(name + "_carry1", cat({t.g | t.p, lit(1, 1)}));
    return {m.wire(name + "_sum0", t.p0 ^ c0), m.wire(name + "_sum1", t.p0 ^ c1)};
}

Expr prefix_increment(Module& m, const std::string& name, const Expr& a_in, const Expr& inc) {
    const int n = a_in.width;
    const Expr a = named(m, name + "_a", a_in);
    if (n == 1) return m.wire(name + "_sum", a ^ inc);
    // all_ones[i] = a[i:0] all ones, by an AND-prefix over bits 0..n-2.
    const int k = n - 1;
    std::vector<Expr> g, p;
    for (int i = 0; i < k; ++i) p.push_back(a.bit(i));
    sklansky(m, name, g, p, false);
    const Expr ones = gather(m, name + "_all_ones", p);
    const Expr carries = m.wire(name + "_carry", cat({ones & rep(k, inc), inc}));
    return m.wire(name + "_sum", a ^ carries);
}

Expr leading_zeros(Module& m, const std::string& name, const Expr& v_in) {
    const int n = v_in.width;
    const Expr v = named(m, name + "_in", v_in);
    // Pad to a power of two with a 1 then zeros: the count of a zero v is then exactly n.
    int size = 1, levels = 0;
    while (size < n + 1) size *= 2, ++levels;
    const Expr padded = m.wire(name + "_pad", size - n - 1 > 0 ? cat({v, lit(1, 1), zeros(size - n - 1)})
                                                                 : cat({v, lit(1, 1)}));
    // Node j of level l covers bits [(j+1)*2^l - 1 : j*2^l]: z = all zero, c = leading zeros.
    std::vector<Expr> z, c;
    for (int j = 0; j < size; ++j) z.push_back(padded.bit(j));  // level 0 holds the bits themselves
    for (int l = 1; l <= levels; ++l) {
        std::vector<Expr> zn, cn;
        for (int j = 0; j < (size >> l); ++j) {
            const Expr hi = z[2 * j + 1], lo = z[2 * j];
            if (l == 1) {  // from bits: zero flags are the inverted bits
                zn.push_back(m.wire(fmt::format("{}_z1_{}", name, j), ~(hi | lo)));
                cn.push_back(m.wire(fmt::format("{}_c1_{}", name, j), ~hi));
            } else {
                zn.push_back(m.wire(fmt::format("{}_z{}_{}", name, l, j), hi & lo));
                cn.push_back(m.wire(fmt::format("{}_c{}_{}", name, l, j),
                                    mux(hi, cat({lit(1, 1), c[2 * j]}), cat({lit(1, 0), c[2 * j + 1]}))));
            }
        }
        z = std::move(zn);
        c = std::move(cn);
    }
    m.sink_unused(z[0]);  // the root's all-zero flag: never set thanks to the padding 1
    const Expr root = c[0];
    const int out_bits = bits_for(n);
    if (out_bits < levels) {
        m.sink_unused(root.slice(levels - 1, out_bits));
        return m.wire(name, root.slice(out_bits - 1, 0));
    }
    return m.wire(name, root);
}

Expr shift_right_sticky(Module& m, const std::string& name, const Expr& v, const Expr& amount_in) {
    const int n = v.width;
    const Expr amount = named(m, name + "_amount", amount_in);
    Expr cur = named(m, name + "_s0", v);
    Expr sticky = lit(1, 0);
    for (int i = 0; i < amount.width; ++i) {
        const int by = 1 << i;
        const Expr sel = amount.bit(i);
        Expr shifted, lost;
        if (by >= n) {
            shifted = zeros(n);
            lost = rtl::reduce_or(cur);
        } else {
            shifted = cat({zeros(by), cur.slice(n - 1, by)});
            lost = rtl::reduce_or(cur.slice(by - 1, 0));
        }
        sticky = m.wire(fmt::format("{}_sticky{}", name, i + 1), sticky | (sel & lost));
        cur = m.wire(fmt::format("{}_s{}", name, i + 1), mux(sel, shifted, cur));
    }
    if (n == 1) return m.wire(name, cur | sticky);
    return m.wire(name, cat({cur.slice(n - 1, 1), cur.bit(0) | sticky}));
}

Expr shift_left(Module& m, const std::string& name, const Expr& v, const Expr& amount_in) {
    const int n = v.width;
    const Expr amount = named(m, name + "_amount", amount_in);
    Expr cur = named(m, name + "_s0", v);
    for (int i = 0; i < amount.width; ++i) {
        const int by = 1 << i;
        const Expr shifted = by >= n ? zeros(n) : cat({cur.slice(n - 1 - by, 0), zeros(by)});
        cur = m.wire(fmt::format("{}_s{}", name, i + 1), mux(amount.bit(i), shifted, cur));
    }
    return m.wire(name, cur);
}

namespace {

// Radix-4 Booth partial products of unsigned x * y modulo 2^width, as bit columns. Row i holds
// the digit d_i = -2 y[2i+1] + y[2i] + y[2i-1] (in -2..2) times x, as 25 magnitude bits
// inverted when negative, plus the +1 of the negation at column 2i; the rows' sign extensions
// are replaced by their inverted sign bit and one constant (the standard sign-extension trick).
std::vector<std::vector<Expr>> booth_columns(Module& m, const std::string& name, const Expr& x, const Expr& y, int width) {
    std::vector<std::vector<Expr>> columns(static_cast<std::size_t>(width));
    auto put = [&](int col, const Expr& bit) {
        if (col < width) columns[static_cast<std::size_t>(col)].push_back(bit);
        else if (bit.named) m.sink_unused(bit);  // weighs 2^width or more: vanishes modulo 2^width
    };
    const int n = x.width;
    const int rows = (y.width + 2) / 2;  // y zero-extended so the top digit is never negative
    auto ybit = [&](int i) { return i < 0 || i >= y.width ? lit(1, 0) : y.bit(i); };
    m.comment(fmt::format("{}: {} radix-4 Booth partial-product rows", name, rows));
    uint64_t constant = 0;
    for (int r = 0; r < rows; ++r) {
        const Expr b2 = ybit(2 * r + 1), b1 = ybit(2 * r), b0 = ybit(2 * r - 1);
        const Expr neg = m.wire(fmt::format("{}_neg{}", name, r), b2);
        const Expr one = m.wire(fmt::format("{}_one{}", name, r), b1 ^ b0);
        const Expr two = m.wire(fmt::format("{}_two{}", name, r), (b2 & ~b1 & ~b0) | (~b2 & b1 & b0));
        const Expr row = m.wire(fmt::format("{}_pp{}", name, r),
                                ((cat({lit(1, 0), x}) & rep(n + 1, one)) | (cat({x, lit(1, 0)}) & rep(n + 1, two))) ^
                                    rep(n + 1, neg));
        for (int j = 0; j <= n; ++j) put(2 * r + j, row.bit(j));
        put(2 * r + n + 1, ~neg);  // sign bit s, written as (1 - s) with the 2^k moved to the constant
        put(2 * r, neg);           // +1 completing the two's complement
        if (2 * r + n + 1 < 64) constant += uint64_t{1} << (2 * r + n + 1);
    }
    const uint64_t mask = width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
    constant = (~constant + 1) & mask;  // minus the moved sign weights, modulo 2^width
    for (int col = 0; col < width; ++col)
        if ((constant >> col) & 1) put(col, lit(1, 1));
    return columns;
}

}  // namespace

ProductRows multiplier_tree(Module& m, const std::string& name, const Expr& x_in, const Expr& y_in) {
    const Expr x = named(m, name + "_x", x_in);
    const Expr y = named(m, name + "_y", y_in);
    const int width = x.width + y.width;
    std::vector<std::vector<Expr>> columns = booth_columns(m, name, x, y, width);
    // Dadda reduction: heights 2, 3, 4, 6, 9, 13, 19, 28, ...
    std::vector<int> targets{2};
    std::size_t tallest = 0;
    for (const auto& c : columns) tallest = std::max(tallest, c.size());
    while (static_cast<std::size_t>(targets.back()) < tallest) targets.push_back(targets.back() * 3 / 2);
    targets.pop_back();
    int adders = 0;
    for (int stage = static_cast<int>(targets.size()) - 1, s = 1; stage >= 0; --stage, ++s) {
        const std::size_t d = static_cast<std::size_t>(targets[static_cast<std::size_t>(stage)]);
        m.comment(fmt::format("{}: Dadda stage {}, columns reduced to height {}", name, s, d));
        std::vector<std::vector<Expr>> next(columns.size());
        for (std::size_t col = 0; col < columns.size(); ++col) {
            std::vector<Expr>& old = columns[col];
            std::size_t taken = 0;
            const bool top = col + 1 == columns.size();  // carries out of the top column are dropped
            auto height = [&] { return (old.size() - taken) + next[col].size(); };
            // Inputs come from this stage's incoming bits first, then from bits already produced
            // in this column by this stage (only if a column ever runs short).
            auto take = [&] {
                if (taken < old.size()) return old[taken++];
                Expr e = next[col].front();
                next[col].erase(next[col].begin());
                return e;
            };
            while (height() > d) {
                const std::string cell = fmt::format("{}_s{}_c{}_{}", name, s, col, adders++);
                if (height() - d >= 2) {  // full adder: 3 -> 1 here, 1 up
                    const Expr a = take(), b = take(), c = take();
                    const Expr ab = m.wire(cell + "_x", a ^ b);
                    next[col].push_back(m.wire(cell + "_sum", ab ^ c));
                    if (!top) next[col + 1].push_back(m.wire(cell + "_cy", (a & b) | (ab & c)));
                } else {  // half adder: 2 -> 1 here, 1 up
                    const Expr a = take(), b = take();
                    next[col].push_back(m.wire(cell + "_sum", a ^ b));
                    if (!top) next[col + 1].push_back(m.wire(cell + "_cy", a & b));
                }
            }
            for (std::size_t i = taken; i < old.size(); ++i) next[col].push_back(old[i]);
        }
        columns = std::move(next);
    }
    std::vector<Expr> a_bits, b_bits;
    for (int col = width - 1; col >= 0; --col) {
        const auto& c = columns[static_cast<std::size_t>(col)];
        a_bits.push_back(c.size() > 0 ? c[0] : lit(1, 0));
        b_bits.push_back(c.size() > 1 ? c[1] : lit(1, 0));
    }
    return {m.wire(name + "_row_a", cat(a_bits)), m.wire(name + "_row_b", cat(b_bits))};
}

}  // namespace ffp8::hw::blocks
