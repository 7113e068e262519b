#include "ffp8/sim/sc_testbench.hpp"

#include <cstdlib>
#include <exception>
#include <utility>

namespace ffp8::sim {

ScGoldenMac::ScGoldenMac(sc_core::sc_module_name name, const Session& session)
    : sc_core::sc_module(name),
      golden_(session.golden_model()),
      lanes_(session.job().design.unit.lanes) {
    SC_HAS_PROCESS(ScGoldenMac);
    SC_METHOD(rising_edge);
    sensitive << clk.pos();
    dont_initialize();
}

void ScGoldenMac::rising_edge() {
    CycleInput in;
    in.rst = rst.read();
    in.in_valid = in_valid.read();
    in.clear = clear.read();
    in.load = load.read();
    in.load_value = load_value.read();
    in.a = a.read();
    in.w = w.read();
    in.pair = static_cast<uint8_t>(pair.read());
    in.slot = static_cast<uint8_t>(slot.read());
    if (lanes_ > 1) {
        const sc_dt::sc_bv<128> av = a_lanes.read(), wv = w_lanes.read();
        for (int k = 0; k < lanes_; ++k) {
            in.a_lanes[static_cast<std::size_t>(k)] = static_cast<uint8_t>(av.range(8 * k + 7, 8 * k).to_uint());
            in.w_lanes[static_cast<std::size_t>(k)] = static_cast<uint8_t>(wv.range(8 * k + 7, 8 * k).to_uint());
        }
    }
    const CycleOutput& o = golden_.step(in);
    out_valid.write(o.out_valid);
    acc.write(o.acc);
    flags.write(o.flags);
    q.write(o.q);
}

ScTestbench::ScTestbench(sc_core::sc_module_name name, Session& session, ScSignals& signals)
    : sc_core::sc_module(name), session_(session), s_(signals) {
    SC_HAS_PROCESS(ScTestbench);
    SC_METHOD(falling_edge);
    sensitive << clk.neg();
    dont_initialize();
}

void ScTestbench::write_lanes(const std::array<uint8_t, 16>& codes, int bits, sc_core::sc_signal<uint32_t>& narrow,
                              sc_core::sc_signal<uint64_t>& word, sc_core::sc_signal<sc_dt::sc_bv<128>>& wide,
                              sc_core::sc_signal<sc_dt::sc_bv<128>>& golden) {
    const int lanes = session_.job().design.unit.lanes;
    uint64_t low = 0;  // the port's value when it has 64 bits or fewer
    sc_dt::sc_bv<128> packed, eight;
    for (int k = lanes - 1; k >= 0; --k) {
        const uint8_t c = codes[static_cast<std::size_t>(k)];
        low = (low << bits) | c;
        packed.range(bits * k + bits - 1, bits * k) = c;
        eight.range(8 * k + 7, 8 * k) = c;
    }
    narrow.write(static_cast<uint32_t>(low));
    word.write(low);
    wide.write(packed);
    golden.write(eight);
}

void ScTestbench::falling_edge() {
    if (driven_) {
        const auto outputs = [](const ScSignals::Outputs& o) {
            CycleOutput c;
            c.out_valid = o.out_valid.read();
            c.acc = o.acc.read();
            c.flags = static_cast<uint8_t>(o.flags.read());
            c.q = static_cast<uint8_t>(o.q.read());
            return c;
        };
        if (!session_.check(in_, outputs(s_.golden), outputs(s_.dut))) {
            sc_core::sc_stop();
            return;
        }
    }
    if (!session_.next(in_)) {
        sc_core::sc_stop();
        return;
    }
    driven_ = true;
    s_.rst.write(in_.rst);
    s_.in_valid.write(in_.in_valid);
    s_.clear.write(in_.clear);
    s_.load.write(in_.load);
    s_.load_value.write(in_.load_value);
    s_.slot.write(in_.slot);
    s_.slot_bit.write((in_.slot & 1u) != 0);
    if (session_.job().design.unit.lanes > 1) {
        const hw::UnitConfig& unit = session_.job().design.unit;
        write_lanes(in_.a_lanes, unit.act_lane_bits(), s_.a, s_.a64, s_.a128, s_.a_lanes);
        write_lanes(in_.w_lanes, unit.wgt_lane_bits(), s_.w, s_.w64, s_.w128, s_.w_lanes);
    } else {
        s_.a.write(in_.a);
        s_.w.write(in_.w);
    }
    if (in_.pair != pair_) {
        pair_ = in_.pair;
        s_.pair.write(in_.pair);
        const FormatPair& p = session_.pairs()[in_.pair];
        const FormatPortValues act = format_port_values(p.act), wgt = format_port_values(p.wgt);
        s_.act_signed.write(act.is_signed);
        s_.act_exp_bits.write(act.exp_bits);
        s_.act_frac_bits.write(act.frac_bits);
        s_.act_bias.write(act.bias);
        s_.act_policy.write(act.policy);
        s_.wgt_signed.write(wgt.is_signed);
        s_.wgt_exp_bits.write(wgt.exp_bits);
        s_.wgt_frac_bits.write(wgt.frac_bits);
        s_.wgt_bias.write(wgt.bias);
        s_.wgt_policy.write(wgt.policy);
    }
}

namespace {

// The simulation that sc_main() runs: SystemC's entry point is reached through sc_elab_and_sim().
std::function<void()> elaboration;
std::exception_ptr elaboration_error;

}  // namespace

SimResult run_systemc_harness(const SimJob& job, const ScDutFactory& make_dut) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    SimResult result;
    elaboration = [&] {
        Session session(job);
        ScSignals signals;
        ScGoldenMac golden("golden", session);
        golden.clk(signals.clk);
        golden.rst(signals.rst);
        golden.in_valid(signals.in_valid);
        golden.clear(signals.clear);
        golden.load(signals.load);
        golden.load_value(signals.load_value);
        golden.a(signals.a);
        golden.w(signals.w);
        golden.pair(signals.pair);
        golden.slot(signals.slot);
        golden.a_lanes(signals.a_lanes);
        golden.w_lanes(signals.w_lanes);
        golden.out_valid(signals.golden.out_valid);
        golden.acc(signals.golden.acc);
        golden.flags(signals.golden.flags);
        golden.q(signals.golden.q);
        ScTestbench testbench("testbench", session, signals);
        testbench.clk(signals.clk);
        const std::shared_ptr<sc_core::sc_module> dut = make_dut(signals);
        // The summary or the report says how the run ended, not SystemC's "stopped by user".
        sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
        sc_core::sc_start();
        result = session.finish();
    };
    static char program[] = "ffp8-sim-systemc";
    char* argv[] = {program, nullptr};
    const int status = sc_core::sc_elab_and_sim(1, argv);
    elaboration = nullptr;
    if (elaboration_error) std::rethrow_exception(std::exchange(elaboration_error, nullptr));
    if (status != 0) throw std::runtime_error("the SystemC simulation failed");
    return result;
}

}  // namespace ffp8::sim

// SystemC's entry point: runs the simulation that run_systemc_harness() set up.
int sc_main(int, char*[]) {
    try {
        ffp8::sim::elaboration();
    } catch (...) {
        ffp8::sim::elaboration_error = std::current_exception();
    }
    return 0;
}
