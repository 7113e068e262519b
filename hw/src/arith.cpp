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

// A k-bit constant with bit i set where wanted(i).
template <class Wanted>
Expr mask(int k, Wanted wanted) {
    std::vector<bool> bits(static_cast<std::size_t>(k));
    for (int i = 0; i < k; ++i) bits[static_cast<std::size_t>(i)] = wanted(i);
    return rtl::lit_bits(bits);
}

// Copies the top bit of every lower half-block of 2*span bits (positions j with j % (2 span) ==
// span - 1) onto the `span` bits above it, zeros elsewhere: shifts and ORs of constant amounts,
// which synthesis folds to wiring (each output bit is exactly one source bit).
Expr spread(Module& m, const std::string& name, const Expr& x, int span) {
    const int k = x.width;
    Expr t = m.wire(name, rtl::shl(x & mask(k, [&](int j) { return j % (2 * span) == span - 1; }), 1));
    for (int by = 1; by < span; by *= 2) t = m.wire(fmt::format("{}_{}", name, 2 * by), t | rtl::shl(t, by));
    return t;
}

// Simulators evaluate up to 64 bits as one machine word; wider words are processed in chunks.
constexpr int chunk_bits = 64;

// A named word as chunks of at most chunk_bits, least significant first.
std::vector<Expr> chunks(const Expr& x) {
    std::vector<Expr> out;
    for (int lo = 0; lo < x.width; lo += chunk_bits) out.push_back(x.slice(std::min(x.width, lo + chunk_bits) - 1, lo));
    return out;
}

Expr join(const std::vector<Expr>& chunks_lsb_first) {
    return cat({chunks_lsb_first.rbegin(), chunks_lsb_first.rend()});
}

// One Sklansky level of span s on the chunk `c` (nets named name_g, name_p): bit i with
// (i & s) != 0 takes the group of the top bit of the lower neighbouring block (a black cell),
// every other bit keeps its value. Blocks up to the chunk size stay inside a chunk (spread by
// masks and shifts); a larger block broadcasts the top bit of a lower chunk over a whole chunk.
void sklansky_chunk(Module& m, const std::string& name_g, const std::string& name_p, const std::vector<Expr>& g,
                    const std::vector<Expr>& p, std::size_t c, int span, Expr* g_out, Expr& p_out) {
    const int base = static_cast<int>(c) * chunk_bits, w = p[c].width;
    Expr g_below, p_below;
    if (span < chunk_bits) {
        if (w <= span) return;  // no bit of this chunk is in an upper half-block
        const Expr keep = mask(w, [&](int i) { return ((base + i) & span) == 0; });
        p_below = spread(m, name_p + "_from", p[c], span) | keep;
        if (g_out) g_below = spread(m, name_g + "_from", g[c], span);
    } else {
        if ((base & span) == 0) return;
        const int src = (base & ~(2 * span - 1)) + span - 1;
        const auto at = [&](const std::vector<Expr>& v) {
            return rep(w, v[static_cast<std::size_t>(src / chunk_bits)].bit(src % chunk_bits));
        };
        p_below = at(p);
        if (g_out) g_below = at(g);
    }
    if (g_out) *g_out = m.wire(name_g, g[c] | (p[c] & g_below));
    p_out = m.wire(name_p, p[c] & p_below);
}

// Sklansky prefix over the k bits of g and p, a whole level per word (per 64-bit chunk).
// `with_g` false gives the AND-only prefix of an incrementer (g unused).
void sklansky(Module& m, const std::string& name, Expr& g, Expr& p, bool with_g) {
    const int k = p.width;
    std::vector<Expr> gc = with_g ? chunks(g) : std::vector<Expr>{}, pc = chunks(p);
    for (int level = 1; (1 << (level - 1)) < k; ++level) {
        const int span = 1 << (level - 1);
        m.comment(fmt::format("{}: Sklansky level {}, bits with bit {} of the index set take the group of the "
                              "block below",
                              name, level, level - 1));
        std::vector<Expr> gn = gc, pn = pc;
        for (std::size_t c = 0; c < pc.size(); ++c) {
            const std::string chunk = pc.size() > 1 ? fmt::format("_c{}", c) : "";
            sklansky_chunk(m, fmt::format("{}_g{}{}", name, level, chunk), fmt::format("{}_p{}{}", name, level, chunk),
                           gc, pc, c, span, with_g ? &gn[c] : nullptr, pn[c]);
        }
        gc = std::move(gn);
        pc = std::move(pn);
    }
    if (with_g) g = join(gc);
    p = join(pc);
}

PrefixTree prefix_tree(Module& m, const std::string& name, const Expr& a_in, const Expr& b_in) {
    const int n = a_in.width;
    const Expr a = named(m, name + "_a", a_in);
    const Expr b = named(m, name + "_b", b_in);
    const Expr p0 = m.wire(name + "_p0", a ^ b);
    if (n == 1) return {p0, {}, {}};
    const int k = n - 1;
    Expr g = m.wire(name + "_g0", a.slice(k - 1, 0) & b.slice(k - 1, 0));
    Expr p = p0.slice(k - 1, 0);
    sklansky(m, name, g, p, true);
    return {p0, m.wire(name + "_group_g", g), m.wire(name + "_group_p", p)};
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
    Expr g, p = a.slice(k - 1, 0);
    sklansky(m, name, g, p, false);
    const Expr ones = m.wire(name + "_all_ones", p);
    const Expr carries = m.wire(name + "_carry", cat({ones & rep(k, inc), inc}));
    return m.wire(name + "_sum", a ^ carries);
}

namespace {

// The count tree of leading_zeros (from_top) and trailing_zeros: the zeros before the first one
// from the near end, a 1 padded past the far end so that a zero v counts exactly v.width.
Expr zero_count(Module& m, const std::string& name, const Expr& v_in, bool from_top) {
    const int n = v_in.width;
    const Expr v = named(m, name + "_in", v_in);
    // Pad to a power of two with a 1 then zeros: the count of a zero v is then exactly n.
    int size = 1, levels = 0;
    while (size < n + 1) size *= 2, ++levels;
    const int pad = size - n - 1;
    std::vector<Expr> parts{v, lit(1, 1)};  // most significant first, for the count from the top
    if (pad > 0) parts.push_back(zeros(pad));
    if (!from_top) std::reverse(parts.begin(), parts.end());
    const Expr padded = m.wire(name + "_pad", cat(parts));
    // Node j of level l covers bits [(j+1)*2^l - 1 : j*2^l]: z = all zero, c = zeros from the near end.
    std::vector<Expr> z, c;
    for (int j = 0; j < size; ++j) z.push_back(padded.bit(j));  // level 0 holds the bits themselves
    for (int l = 1; l <= levels; ++l) {
        std::vector<Expr> zn, cn;
        for (int j = 0; j < (size >> l); ++j) {
            const std::size_t near = from_top ? 2 * j + 1 : 2 * j, far = from_top ? 2 * j : 2 * j + 1;
            const Expr hi = z[2 * j + 1], lo = z[2 * j];
            if (l == 1) {  // from bits: zero flags are the inverted bits
                zn.push_back(m.wire(fmt::format("{}_z1_{}", name, j), ~(hi | lo)));
                cn.push_back(m.wire(fmt::format("{}_c1_{}", name, j), ~z[near]));
            } else {
                zn.push_back(m.wire(fmt::format("{}_z{}_{}", name, l, j), hi & lo));
                cn.push_back(m.wire(fmt::format("{}_c{}_{}", name, l, j),
                                    mux(z[near], cat({lit(1, 1), c[far]}), cat({lit(1, 0), c[near]}))));
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

}  // namespace

Expr leading_zeros(Module& m, const std::string& name, const Expr& v) { return zero_count(m, name, v, true); }

Expr trailing_zeros(Module& m, const std::string& name, const Expr& v) { return zero_count(m, name, v, false); }

namespace {

// Bits [hi:lo] of the n-bit word held as `chunks` (least significant first), zeros where the range
// leaves the word: the slices of the chunks it covers, so no piece is wider than a chunk.
Expr bits_between(const std::vector<Expr>& chunks, int n, int hi, int lo) {
    std::vector<Expr> parts;  // most significant first
    for (int i = hi; i >= lo;) {
        int below;  // the next bit not taken by this part
        if (i >= n) {
            below = std::max(n, lo) - 1;
            parts.push_back(zeros(i - below));
        } else if (i < 0) {
            below = lo - 1;
            parts.push_back(zeros(i - below));
        } else {
            const int c = i / chunk_bits, base = c * chunk_bits;
            below = std::max(base, lo) - 1;
            parts.push_back(chunks[static_cast<std::size_t>(c)].slice(i - base, below + 1 - base));
        }
        i = below;
    }
    return parts.size() == 1 ? parts[0] : cat(parts);
}

// The chunks of a word shifted left (by > 0) or right (by < 0) by a constant, zeros shifted in.
std::vector<Expr> shifted_chunks(const std::vector<Expr>& chunks, int n, int left_by) {
    std::vector<Expr> out;
    for (int lo = 0; lo < n; lo += chunk_bits)
        out.push_back(bits_between(chunks, n, std::min(n, lo + chunk_bits) - 1 - left_by, lo - left_by));
    return out;
}

// One level of a logarithmic shifter on a chunked word: each chunk (name_c<i> when there are
// several) picks the shifted or the unshifted bits.
std::vector<Expr> shifter_level(Module& m, const std::string& name, const Expr& sel, const std::vector<Expr>& cur,
                                int n, int left_by) {
    const std::vector<Expr> shifted = shifted_chunks(cur, n, left_by);
    std::vector<Expr> out;
    for (std::size_t c = 0; c < cur.size(); ++c)
        out.push_back(m.wire(cur.size() > 1 ? fmt::format("{}_c{}", name, c) : name, mux(sel, shifted[c], cur[c])));
    return out;
}

// OR of bits [hi:0] of a chunked word.
Expr any_below(const std::vector<Expr>& chunks, int hi) {
    Expr any;
    for (std::size_t c = 0; c < chunks.size() && static_cast<int>(c) * chunk_bits <= hi; ++c) {
        const Expr& x = chunks[c];
        const Expr part = rtl::reduce_or(x.slice(std::min(x.width - 1, hi - static_cast<int>(c) * chunk_bits), 0));
        any = c == 0 ? part : any | part;
    }
    return any;
}

}  // namespace

// Wider words are shifted a 64-bit chunk at a time (each output chunk takes slices of at most two
// input chunks), which simulators evaluate as machine words; the multiplexers are the same.
Expr shift_right_sticky(Module& m, const std::string& name, const Expr& v, const Expr& amount_in) {
    const int n = v.width;
    const Expr amount = named(m, name + "_amount", amount_in);
    std::vector<Expr> cur = chunks(named(m, name + "_s0", v));
    Expr sticky = lit(1, 0);
    for (int i = 0; i < amount.width; ++i) {
        const int by = 1 << i;
        const Expr sel = amount.bit(i);
        sticky = m.wire(fmt::format("{}_sticky{}", name, i + 1), sticky | (sel & any_below(cur, std::min(by, n) - 1)));
        cur = shifter_level(m, fmt::format("{}_s{}", name, i + 1), sel, cur, n, -by);
    }
    std::vector<Expr> parts(cur.rbegin(), cur.rend() - 1);  // the chunks above chunk 0, msb first
    const Expr& c0 = cur[0];
    if (c0.width > 1) parts.push_back(c0.slice(c0.width - 1, 1));
    parts.push_back(c0.bit(0) | sticky);
    return m.wire(name, cat(parts));
}

Expr shift_right(Module& m, const std::string& name, const Expr& v, const Expr& amount_in) {
    const int n = v.width;
    const Expr amount = named(m, name + "_amount", amount_in);
    std::vector<Expr> cur = chunks(named(m, name + "_s0", v));
    for (int i = 0; i < amount.width; ++i)
        cur = shifter_level(m, fmt::format("{}_s{}", name, i + 1), amount.bit(i), cur, n, -(1 << i));
    return m.wire(name, join(cur));
}

Expr shift_left(Module& m, const std::string& name, const Expr& v, const Expr& amount_in, bool largest_first) {
    const int n = v.width;
    const Expr amount = named(m, name + "_amount", amount_in);
    std::vector<Expr> cur = chunks(named(m, name + "_s0", v));
    for (int k = 0; k < amount.width; ++k) {
        const int i = largest_first ? amount.width - 1 - k : k;
        cur = shifter_level(m, fmt::format("{}_s{}", name, k + 1), amount.bit(i), cur, n, 1 << i);
    }
    return m.wire(name, join(cur));
}

namespace {

// A width-bit word holding `field` from bit `lo` up, zeros elsewhere; field bits at or above
// 2^width are left out (they vanish modulo 2^width).
Expr place(Module& m, const Expr& field, int lo, int width) {
    const int kept = std::min(field.width, width - lo);
    if (kept < field.width) m.sink_unused(field.slice(field.width - 1, kept));
    std::vector<Expr> parts;
    if (lo + kept < width) parts.push_back(zeros(width - lo - kept));
    parts.push_back(kept < field.width ? field.slice(kept - 1, 0) : field);
    if (lo > 0) parts.push_back(zeros(lo));
    return cat(parts);
}

// -sum(2^k for k in weights) modulo 2^width, bit 0 first.
std::vector<bool> negated_weights(const std::vector<int>& weights, int width) {
    std::vector<bool> sum(static_cast<std::size_t>(width));
    for (int w : weights)  // add 2^w, rippling the carry
        for (int i = w; i < width; ++i) {
            const bool was = sum[static_cast<std::size_t>(i)];
            sum[static_cast<std::size_t>(i)] = !was;
            if (!was) break;
        }
    std::vector<bool> neg(static_cast<std::size_t>(width));
    bool carry = true;  // ~sum + 1
    for (int i = 0; i < width; ++i) {
        const bool bit = !sum[static_cast<std::size_t>(i)];
        neg[static_cast<std::size_t>(i)] = bit != carry;
        carry = bit && carry;
    }
    return neg;
}

// Radix-4 Booth partial products of unsigned x * y modulo 2^width, as width-bit rows. Row i holds
// the digit d_i = -2 y[2i+1] + y[2i] + y[2i-1] (in -2..2) times x, as n+1 magnitude bits at 2i
// inverted when negative; the rows' sign extensions are replaced by their inverted sign bit and
// one constant row (the standard sign-extension trick). The +1 completing a negative row's two's
// complement sits in the next row, in the two free columns below its digit.
std::vector<Expr> booth_rows(Module& m, const std::string& name, const Expr& x, const Expr& y, int width) {
    const int n = x.width;
    const int rows = (y.width + 2) / 2;  // y zero-extended so the top digit is never negative
    auto ybit = [&](int i) { return i < 0 || i >= y.width ? lit(1, 0) : y.bit(i); };
    m.comment(fmt::format("{}: {} radix-4 Booth partial-product rows and a constant row", name, rows));
    std::vector<Expr> words;
    std::vector<int> sign_weights;
    Expr neg_below = lit(1, 0);
    for (int r = 0; r < rows; ++r) {
        const Expr b2 = ybit(2 * r + 1), b1 = ybit(2 * r), b0 = ybit(2 * r - 1);
        if (r + 1 == rows && b2.text != "1'b0") throw std::logic_error("booth_rows: the top digit must not be negative");
        const Expr neg = m.wire(fmt::format("{}_neg{}", name, r), b2);
        const Expr one = m.wire(fmt::format("{}_one{}", name, r), b1 ^ b0);
        const Expr two = m.wire(fmt::format("{}_two{}", name, r), (b2 & ~b1 & ~b0) | (~b2 & b1 & b0));
        const Expr pp = ((cat({lit(1, 0), x}) & rep(n + 1, one)) | (cat({x, lit(1, 0)}) & rep(n + 1, two))) ^
                        rep(n + 1, neg);
        // sign bit s written as (1 - s), the 2^k moved to the constant row
        const Expr field = m.wire(fmt::format("{}_pp{}", name, r),
                                  r == 0 ? cat({~neg, pp}) : cat({~neg, pp, lit(1, 0), neg_below}));
        words.push_back(m.wire(fmt::format("{}_row{}", name, r), place(m, field, r == 0 ? 0 : 2 * r - 2, width)));
        sign_weights.push_back(2 * r + n + 1);
        neg_below = neg;
    }
    const std::vector<bool> constant = negated_weights(sign_weights, width);
    if (std::find(constant.begin(), constant.end(), true) != constant.end())
        words.push_back(m.wire(name + "_row_const", rtl::lit_bits(constant)));
    return words;
}

// Dadda-style heights for the rows: 2, 3, 4, 6, 9, 13, 19, 28, ... below `rows`, tallest first.
std::vector<int> row_targets(int rows) {
    std::vector<int> targets{2};
    while (targets.back() < rows) targets.push_back(targets.back() * 3 / 2);
    targets.pop_back();
    return {targets.rbegin(), targets.rend()};
}

}  // namespace

int carry_save_midpoint(int rows) {
    const std::vector<int> targets = row_targets(rows);
    if (targets.empty()) return rows;
    return targets[(targets.size() - 1) / 2];  // ceil(stages / 2) stages done
}

ProductRows multiplier_tree(Module& m, const std::string& name, const Expr& x_in, const Expr& y_in) {
    return carry_save_reduce(m, name, multiplier_rows(m, name, x_in, y_in, 0));
}

std::vector<Expr> multiplier_rows(Module& m, const std::string& name, const Expr& x_in, const Expr& y_in, int down_to) {
    const Expr x = named(m, name + "_x", x_in);
    const Expr y = named(m, name + "_y", y_in);
    const int width = x.width + y.width;
    std::vector<Expr> rows = booth_rows(m, name, x, y, width);
    return down_to > 0 ? carry_save_rows(m, name, std::move(rows), down_to) : rows;
}

ProductRows carry_save_reduce(Module& m, const std::string& name, std::vector<Expr> rows) {
    rows = carry_save_rows(m, name, std::move(rows), 2);
    return {m.wire(name + "_row_a", rows[0]), m.wire(name + "_row_b", rows[1])};
}

std::vector<Expr> carry_save_rows(Module& m, const std::string& name, std::vector<Expr> rows, int down_to) {
    if (rows.size() < 2 || down_to < 2) throw std::logic_error("carry_save_rows: needs two rows or more");
    // Carry-save reduction of whole rows: a 3:2 compressor is a full adder in every column
    // (synthesis folds the columns where rows hold constant zeros into half adders or wires).
    // Each stage compresses neighbouring rows until the stage's target height is reached.
    int stage = 0;
    for (int target : row_targets(static_cast<int>(rows.size()))) {
        if (target < down_to) break;
        ++stage;
        m.comment(fmt::format("{}: carry-save stage {}, {} rows reduced to {}", name, stage, rows.size(), target));
        std::vector<Expr> next;
        std::size_t i = 0;
        for (int c = 0; static_cast<int>(rows.size() - i + next.size()) > target; ++c, i += 3) {
            const std::string cell = fmt::format("{}_s{}_{}", name, stage, c);
            const Expr &a = rows[i], &b = rows[i + 1], &cin = rows[i + 2];
            const Expr ab = m.wire(cell + "_x", a ^ b);
            next.push_back(m.wire(cell + "_sum", ab ^ cin));
            next.push_back(m.wire(cell + "_cy", rtl::shl((a & b) | (ab & cin), 1)));  // carries out of the top dropped
        }
        next.insert(next.end(), rows.begin() + static_cast<std::ptrdiff_t>(i), rows.end());
        rows = std::move(next);
    }
    return rows;
}

Expr sum_plus_constant(Module& m, const std::string& name, const Expr& a, const Expr& b, int k) {
    const int n = a.width;
    return sum_of_three(m, name, a, b, lit(n, static_cast<uint64_t>(k) & ((uint64_t{1} << n) - 1)));
}

Expr sum_of_three(Module& m, const std::string& name, const Expr& a, const Expr& b, const Expr& kk) {
    const int n = a.width;
    if (b.width != n || kk.width != n || n < 2) throw std::logic_error("sum_of_three: operand widths");
    const Expr sum_bits = m.wire(name + "_cs_sum", a ^ b ^ kk);
    const Expr carries = m.wire(name + "_cs_carry", (a & b) | (a & kk) | (b & kk));
    m.sink_unused(carries.top());  // weighs 2^n: vanishes modulo 2^n
    return prefix_add(m, name, sum_bits, cat({carries.slice(n - 2, 0), lit(1, 0)}), lit(1, 0));
}

}  // namespace ffp8::hw::blocks
