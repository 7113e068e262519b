#!/usr/bin/env bash
# The README's main job on the default configuration (activations ue4m4b7, weights se4m3b7):
# describe the formats, run golden MACs, generate the MAC's RTL, co-simulate it against the
# golden model (random and from a TestFloat-format vector file), run and co-simulate the 8-lane
# dot-product unit, synthesize the MAC beside the FP32 baseline, evaluate a model, measure the
# golden model.
set -euo pipefail
build=${1:-build}
ffp8="$build/app/ffp8"
data="$(dirname "$0")/../tests/sim/data"
work="$build/main-job"
act=ue4m4b7
wgt=se4m3b7
mkdir -p "$work"

echo "== ffp8 format $act"
"$ffp8" format "$act"
echo
echo "== ffp8 format $wgt"
"$ffp8" format "$wgt"
echo
echo "== golden MAC: acc <- round_fp32(acc + a*w); 'ACC A W' -> 'RESULT FLAGS'"
# 1.5 + 1.5*1.5 = 3.75; 1 + max*max = 1 + 496*480 (exact); +0 + min*min subnormals = 2^-19;
# -2.25 + 1.5*1.5 cancels to +0; 2^24 + 1*1 is inexact (flags 01)
input=$'3fc00000 78 3c\n3f800000 ff 7f\n00000000 01 01\nc0100000 78 3c\n4b800000 70 38'
paste -d'|' <(printf '%s\n' "$input") <(printf '%s\n' "$input" | "$ffp8" golden mac --act "$act" --wgt "$wgt") \
  | sed 's/|/  ->  /'
echo
echo "== ffp8 gen: the static MAC for A = $act, W = $wgt, output format $wgt"
"$ffp8" gen --act "$act" --wgt "$wgt" --out "$wgt" -o "$work/rtl" --force
echo "written to $work/rtl:"; ls "$work/rtl"
echo
echo "== ffp8 sim: that RTL (Verilator, built on first use and cached) against the golden cycle model"
"$ffp8" sim --rtl "$work/rtl" --ops 200000 --trace "$work/mismatch.fst"
echo
echo "== ffp8 sim --vectors: TestFloat f32_mulAdd-format lines (written by the test oracle) through that RTL"
"$ffp8" sim --rtl "$work/rtl" --vectors "$data/ue4m4b7_se4m3b7_mulAdd.tf" --trace "$work/mismatch.fst"
echo
echo "== ffp8 sim: the runtime-configurable unit built with the project, OCP E4M3 x OCP E5M2"
"$ffp8" sim --mode runtime --act ocp-e4m3 --wgt ocp-e5m2 --ops 200000 --trace "$work/mismatch.fst"
echo
echo "== golden dot product, 2 lanes: acc <- round_fp32(acc + a0*w0 + a1*w1), rounded once"
# 1 + 1.5*1.5 - 1.5*1.5 = 1 exactly; 2^24 + 1*1 + 1*1 = 2^24 + 2 (exact, where two MACs round twice)
input=$'3f800000 78 78 3c bc\n4b800000 70 70 38 38'
paste -d'|' <(printf '%s\n' "$input") <(printf '%s\n' "$input" | "$ffp8" golden dot --act "$act" --wgt "$wgt" --lanes 2) \
  | sed 's/|/  ->  /'
echo
echo "== ffp8 gen + sim --lanes 8: the 8-lane fused dot-product unit against the golden DotUnit"
"$ffp8" gen --act "$act" --wgt "$wgt" --lanes 8 --stages 1 --input-stage -o "$work/rtl-dot8" --force
"$ffp8" sim --rtl "$work/rtl-dot8" --ops 100000 --trace "$work/mismatch.fst"
echo
echo "== ffp8 synth: FFP8 MAC vs FP32 baseline MAC (Yosys + OpenSTA, OSU 0.18 um cells)"
"$ffp8" synth --act "$act" --wgt "$wgt" --json "$work/synth.json"
echo
echo "== ffp8 eval: Fashion-MNIST MLP, FP32 vs FFP8 (calibrated per tensor) vs OCP and INT8"
"$ffp8" eval --model mlp --json "$work/eval.json"
echo
echo "== golden model throughput"
"$ffp8" bench --act "$act" --wgt "$wgt" --ops 4000000
