#!/usr/bin/env bash
# The README's main job on the default configuration (A = ue4m4b7 activations, W = se4m3b7
# weights): describe the formats, run golden MACs, and measure the golden model.
set -euo pipefail
build=${1:-build}
ffp8="$build/app/ffp8"
act=ue4m4b7
wgt=se4m3b7

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
echo "== golden model throughput"
"$ffp8" bench --act "$act" --wgt "$wgt" --ops 4000000
