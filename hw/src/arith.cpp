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

// Sklansky prefix tree over bits 0..n-2 of a and b (the carries into bits 1..n-1).
PrefixTree prefix_tree(Module& m, const std::string& name, const Expr& a_in, const Expr& b_in) {
    const int n = a_in.width;
    const Expr a = named(m, name + "_a", a_in);
    const Expr b = named(m, name + "_b", b_in);
    const Expr p0 = m.wire(name + "_p0", a ^ b);
    if (n == 1) return {p0, {}, {}};
    const int k = n - 1;
    Expr g = m.wire(name + "_g0", a.slice(k - 1, 0) & b.slice(k - 1, 0));
    Expr p = p0.slice(k - 1, 0);
    for (int level = 1; (1 << (level - 1)) < k; ++level) {
        const int span = 1 << (level - 1);
        const Expr gn = m.net(fmt::format("{}_g{}", name, level), k);
        const Expr pn = m.net(fmt::format("{}_p{}", name, level), k);
        for (int i = 0; i < k; ++i) {
            if (i & span) {
                const int j = ((i / span) * span) - 1;  // top bit of the lower neighbouring block
                m.assign_bit(gn, i, g.bit(i) | (p.bit(i) & g.bit(j)));
                m.assign_bit(pn, i, p.bit(i) & p.bit(j));
            } else {
                m.assign_bit(gn, i, g.bit(i));
                m.assign_bit(pn, i, p.bit(i));
            }
        }
        g = gn;
        p = pn;
    }
    return {p0, g, p};
}

}  // namespace

Expr prefix_add(Module& m, const std::string& name, const Expr& a, const Expr& b, const Expr& cin) {
    const int n = a.width;
    if (b.width != n || cin.width != 1) throw std::logic_error("prefix_add: operand widths");
    const PrefixTree t = prefix_tree(m, name, a, b);
    if (n == 1) return m.wire(name + "_sum", t.p0 ^ cin);
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
    // all_ones[i] = a[i:0] all ones, by a Sklansky AND-prefix over bits 0..n-2.
    const int k = n - 1;
    Expr p = a.slice(k - 1, 0);
    for (int level = 1; (1 << (level - 1)) < k; ++level) {
        const int span = 1 << (level - 1);
        const Expr pn = m.net(fmt::format("{}_ones{}", name, level), k);
        for (int i = 0; i < k; ++i) {
            if (i & span) m.assign_bit(pn, i, p.bit(i) & p.bit(((i / span) * span) - 1));
            else m.assign_bit(pn, i, p.bit(i));
        }
        p = pn;
    }
    const Expr carries = m.wire(name + "_carry", cat({p & rep(k, inc), inc}));
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
    // Level l has size >> l nodes; node j covers bits [(j+1)*2^l - 1 : j*2^l]. z: all zero, c: count.
    Expr z = m.wire(name + "_z0", ~padded);
    Expr c;  // empty at level 0 (count width 0)
    for (int l = 1; l <= levels; ++l) {
        const int nodes = size >> l;
        const Expr zn = m.net(fmt::format("{}_z{}", name, l), nodes);
        const Expr cn = m.net(fmt::format("{}_c{}", name, l), nodes * l);
        for (int j = 0; j < nodes; ++j) {
            const Expr zh = z.bit(2 * j + 1), zl = z.bit(2 * j);
            m.assign_bit(zn, j, zh & zl);
            if (l == 1) {
                m.assign_bit(cn, j, zh);
            } else {
                const int w = l - 1;
                const Expr ch = c.slice((2 * j + 2) * w - 1, (2 * j + 1) * w);
                const Expr cl = c.slice((2 * j + 1) * w - 1, 2 * j * w);
                m.assign_slice(cn, (j + 1) * l - 1, j * l, mux(zh, cat({lit(1, 1), cl}), cat({lit(1, 0), ch})));
            }
        }
        z = zn;
        c = cn;
    }
    m.sink_unused(z);  // the root's all-zero flag: never set thanks to the padding 1
    const int out_bits = bits_for(n);
    if (out_bits < levels) {
        m.sink_unused(c.slice(levels - 1, out_bits));
        return m.wire(name, c.slice(out_bits - 1, 0));
    }
    return m.wire(name, c);
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

ProductRows multiplier_tree(Module& m, const std::string& name, const Expr& x_in, const Expr& y_in) {
    const Expr x = named(m, name + "_x", x_in);
    const Expr y = named(m, name + "_y", y_in);
    const int width = x.width + y.width;
    // Partial products: row i is x AND y[i], weighted 2^i.
    std::vector<std::vector<Expr>> columns(static_cast<std::size_t>(width));
    m.comment(fmt::format("{}: {} partial-product rows", name, y.width));
    for (int i = 0; i < y.width; ++i) {
        const Expr row = m.wire(fmt::format("{}_pp{}", name, i), x & rep(x.width, y.bit(i)));
        for (int j = 0; j < x.width; ++j) columns[static_cast<std::size_t>(i + j)].push_back(row.bit(j));
    }
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
