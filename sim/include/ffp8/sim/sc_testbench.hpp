// The SystemC harness: an sc_clock, the golden cycle model as an sc_module, the Verilated
// SystemC model beside it on the same input signals, and a testbench module that drives the
// inputs and compares both modules' outputs on the clock's falling edge (the RTL and the golden
// model update theirs on the rising edge, so nothing races in delta cycles). Same Session, so the
// same stimulus and checks as the C++ harness.
//
// Translation units including this header need C++17, or C++20 with -DSC_CPLUSPLUS=201703L
// (Debian's SystemC is built as C++17).
#pragma once

#include <functional>
#include <memory>
#include <systemc.h>
#include <type_traits>
#include <vector>

#include "ffp8/sim/dut.hpp"
#include "ffp8/sim/golden_model.hpp"
#include "ffp8/sim/session.hpp"

namespace ffp8::sim {

// Every signal between the testbench, the golden model and the RTL. 1-bit ports are bool, wider
// ones uint32_t: the types of a Verilated SystemC model's ports.
struct ScSignals {
    sc_core::sc_clock clk{"clk", sc_core::sc_time(10, sc_core::SC_NS), 0.5, sc_core::SC_ZERO_TIME, false};
    sc_core::sc_signal<bool> rst{"rst"}, in_valid{"in_valid"}, clear{"clear"}, load{"load"};
    sc_core::sc_signal<uint32_t> load_value{"load_value"}, a{"a"}, w{"w"};
    sc_core::sc_signal<uint32_t> pair{"pair"};  // the format pair's index, for the golden model
    // Units with slots: the slot as a 1-bit port (2 slots: bool) and as a wider one (uint32_t).
    sc_core::sc_signal<bool> slot_bit{"slot_bit"};
    sc_core::sc_signal<uint32_t> slot{"slot"};
    // K-lane units: a and w packed as the unit's ports are (n bits a lane), in the Verilated model's
    // port type for their width (uint32_t up to 32 bits: the signals a and w above; uint64_t up to
    // 64; sc_bv beyond, copied to the port's own width by ScWidePort), and the lanes for the golden
    // model at 8 bits each.
    sc_core::sc_signal<uint64_t> a64{"a64"}, w64{"w64"};
    sc_core::sc_signal<sc_dt::sc_bv<128>> a128{"a128"}, w128{"w128"};
    sc_core::sc_signal<sc_dt::sc_bv<128>> a_lanes{"a_lanes"}, w_lanes{"w_lanes"};
    sc_core::sc_signal<bool> act_signed{"act_signed"}, wgt_signed{"wgt_signed"};
    sc_core::sc_signal<uint32_t> act_exp_bits{"act_exp_bits"}, act_frac_bits{"act_frac_bits"}, act_bias{"act_bias"},
        act_policy{"act_policy"};
    sc_core::sc_signal<uint32_t> wgt_exp_bits{"wgt_exp_bits"}, wgt_frac_bits{"wgt_frac_bits"}, wgt_bias{"wgt_bias"},
        wgt_policy{"wgt_policy"};
    struct Outputs {
        sc_core::sc_signal<bool> out_valid;
        sc_core::sc_signal<uint32_t> acc, flags, q;
    };
    Outputs dut, golden;
};

// The golden cycle model as a clocked module: samples its inputs at the rising edge, like the RTL.
class ScGoldenMac : public sc_core::sc_module {
public:
    sc_core::sc_in<bool> clk, rst, in_valid, clear, load;
    sc_core::sc_in<uint32_t> load_value, a, w, pair, slot;
    sc_core::sc_in<sc_dt::sc_bv<128>> a_lanes, w_lanes;  // K-lane units
    sc_core::sc_out<bool> out_valid;
    sc_core::sc_out<uint32_t> acc, flags, q;

    ScGoldenMac(sc_core::sc_module_name name, const Session& session);

private:
    void rising_edge();
    GoldenModel golden_;
    int lanes_;
};

// Drives the next inputs and checks the previous cycle's outputs on each falling edge; stops the
// simulation at the end of the stimulus or after a mismatch's window.
class ScTestbench : public sc_core::sc_module {
public:
    sc_core::sc_in<bool> clk;

    ScTestbench(sc_core::sc_module_name name, Session& session, ScSignals& signals);

private:
    void falling_edge();
    // The lanes as each representation of the a/w port, `bits` a lane, and for the golden model
    // (sc_testbench.hpp: ScSignals).
    void write_lanes(const std::array<uint8_t, 16>& codes, int bits, sc_core::sc_signal<uint32_t>& narrow,
                     sc_core::sc_signal<uint64_t>& word, sc_core::sc_signal<sc_dt::sc_bv<128>>& wide,
                     sc_core::sc_signal<sc_dt::sc_bv<128>>& golden);
    Session& session_;
    ScSignals& s_;
    CycleInput in_;
    bool driven_ = false;
    int pair_ = -1;
};

// Creates the Verilated SystemC model, binds it to the signals and returns it (kept alive for
// the run).
using ScDutFactory = std::function<std::shared_ptr<sc_core::sc_module>(ScSignals&)>;

// Elaborates and runs one SystemC simulation (once per process: SystemC cannot re-elaborate).
SimResult run_systemc_harness(const SimJob& job, const ScDutFactory& make_dut);

// A port of N bits, 64 < N <= 128 (K-lane units): Verilator gives it type sc_bv<N>, so it gets
// its own signal, the low N bits of the 128-bit one, copied whenever that changes (a delta cycle
// after the falling edge that drives it, long before the rising edge that samples it).
template <int N>
class ScWidePort : public sc_core::sc_module {
public:
    sc_core::sc_in<sc_dt::sc_bv<128>> from;
    sc_core::sc_signal<sc_dt::sc_bv<N>> to;

    explicit ScWidePort(sc_core::sc_module_name name) : sc_core::sc_module(name) {
        SC_HAS_PROCESS(ScWidePort);
        SC_METHOD(copy);
        sensitive << from;
    }

private:
    void copy() { to.write(from.read().range(N - 1, 0)); }
};

template <class Port>
struct ScBvWidth;
template <int N>
struct ScBvWidth<sc_core::sc_in<sc_dt::sc_bv<N>>> {
    static constexpr int value = N;
};

// Binds a or w (whichever `port` is) to the signal of its type: uint32_t, uint64_t or sc_bv<N>
// (through a ScWidePort kept in `kept` unless N is 128).
template <class Port>
void bind_lanes_port(Port& port, sc_core::sc_signal<uint32_t>& narrow, sc_core::sc_signal<uint64_t>& word,
                     sc_core::sc_signal<sc_dt::sc_bv<128>>& wide, const char* name,
                     std::vector<std::shared_ptr<sc_core::sc_module>>& kept) {
    if constexpr (std::is_same_v<Port, sc_core::sc_in<uint32_t>>) {
        port(narrow);
    } else if constexpr (std::is_same_v<Port, sc_core::sc_in<uint64_t>>) {
        port(word);
    } else if constexpr (ScBvWidth<Port>::value == 128) {
        port(wide);
    } else {
        auto adapter = std::make_shared<ScWidePort<ScBvWidth<Port>::value>>(name);
        adapter->from(wide);
        port(adapter->to);
        kept.push_back(adapter);
    }
}

// Binds a Verilated SystemC model's ports; format ports and q only when the model has them.
template <class Model>
std::shared_ptr<sc_core::sc_module> make_sc_dut(ScSignals& s) {
    struct Kept {
        std::shared_ptr<Model> model;
        std::vector<std::shared_ptr<sc_core::sc_module>> adapters;
    };
    auto kept = std::make_shared<Kept>();
    kept->model = std::make_shared<Model>("dut");
    Model* m = kept->model.get();
    m->clk(s.clk);
    m->rst(s.rst);
    m->in_valid(s.in_valid);
    m->clear(s.clear);
    m->load(s.load);
    m->load_value(s.load_value);
    bind_lanes_port(m->a, s.a, s.a64, s.a128, "a_port", kept->adapters);
    bind_lanes_port(m->w, s.w, s.w64, s.w128, "w_port", kept->adapters);
    if constexpr (requires { m->slot; }) {
        if constexpr (std::is_same_v<std::remove_reference_t<decltype(m->slot)>, sc_core::sc_in<bool>>)
            m->slot(s.slot_bit);
        else
            m->slot(s.slot);
    }
    if constexpr (requires { m->act_exp_bits; }) {
        m->act_signed(s.act_signed);
        m->act_exp_bits(s.act_exp_bits);
        m->act_frac_bits(s.act_frac_bits);
        m->act_bias(s.act_bias);
        m->act_policy(s.act_policy);
        m->wgt_signed(s.wgt_signed);
        m->wgt_exp_bits(s.wgt_exp_bits);
        m->wgt_frac_bits(s.wgt_frac_bits);
        m->wgt_bias(s.wgt_bias);
        m->wgt_policy(s.wgt_policy);
    }
    m->out_valid(s.dut.out_valid);
    m->acc(s.dut.acc);
    m->flags(s.dut.flags);
    if constexpr (requires { m->q; }) m->q(s.dut.q);
    return std::shared_ptr<sc_core::sc_module>(kept, m);  // keeps the adapters alive with the model
}

}  // namespace ffp8::sim
