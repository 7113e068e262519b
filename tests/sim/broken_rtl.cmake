# A deliberately broken RTL must make `ffp8 sim --rtl DIR` fail with a clear report.
# Generates the default MAC into WORK/rtl, flips bit 0 of the acc output on the results whose low
# nibble is 0xA (the accumulator register itself is untouched), and expects: a non-zero exit, the
# first mismatching cycle, acc expected and actual, and the FST trace of the window.
# With -DLANES=K (K > 1): the K-lane dot-product unit, broken instead by feeding lane K-2's
# product into the sum in place of lane K-1's (wrong only when those two lanes differ).
# With -DSLOTS=L (L > 1): the unit with L interleaved accumulators, broken instead by removing the
# register cut after the addition inside the fused add (its flop becomes a wire: the sum reaches
# the slot write a cycle before the operation's valid and slot do).
#   cmake -DFFP8=<ffp8> -DWORK=<dir> [-DLANES=K] [-DSLOTS=L] -P broken_rtl.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
if(NOT DEFINED LANES)
  set(LANES 1)
endif()
if(NOT DEFINED SLOTS)
  set(SLOTS 1)
endif()
execute_process(COMMAND ${FFP8} gen --lanes ${LANES} --slots ${SLOTS} -o ${WORK}/rtl RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ffp8 gen failed")
endif()

if(SLOTS GREATER 1)
  if(LANES GREATER 1)
    set(top ${WORK}/rtl/ffp8_dot_dot_add.v)
  else()
    set(top ${WORK}/rtl/ffp8_mac_fma_add.v)
  endif()
  # The cut after the addition is the loop's first with 2 slots, its second with 4 or 8.
  if(SLOTS EQUAL 2)
    set(q mag_q1)
  else()
    set(q mag_q2)
  endif()
  file(READ ${top} verilog)
  string(REGEX REPLACE "reg \\[([0-9]+):0\\] ${q};" "wire [\\1:0] ${q} = mag;" broken "${verilog}")
  string(REGEX REPLACE "\n *${q} <= [^;]*;" "" broken "${broken}")
  if(broken MATCHES "${q} <=" OR NOT broken MATCHES "wire \\[[0-9]+:0\\] ${q} = mag;")
    message(FATAL_ERROR "found no register ${q} to remove in ${top}")
  endif()
elseif(LANES GREATER 1)
  set(top ${WORK}/rtl/ffp8_dot.v)
  file(READ ${top} verilog)
  math(EXPR last "${LANES} - 1")
  math(EXPR other "${LANES} - 2")
  string(REPLACE ".row${last}(lane${last}_row)" ".row${last}(lane${other}_row)" broken "${verilog}")
else()
  set(top ${WORK}/rtl/ffp8_mac.v)
  file(READ ${top} verilog)
  string(REGEX REPLACE "assign acc = ([A-Za-z_0-9]+);"
         "assign acc = \\1 ^ {31'd0, out_valid & (\\1[3:0] == 4'ha)};" broken "${verilog}")
endif()
if(broken STREQUAL verilog)
  message(FATAL_ERROR "found nothing to break in ${top}")
endif()
file(WRITE ${top} "${broken}")

execute_process(COMMAND ${FFP8} sim --rtl ${WORK}/rtl --ops 20000 --trace ${WORK}/mismatch.fst
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(rc EQUAL 0)
  message(FATAL_ERROR "ffp8 sim passed a broken RTL")
endif()
foreach(expected "MISMATCH" "first difference at cycle [0-9]+" "acc +[0-9a-f]+ +[0-9a-f]+ +<-- differs"
                 "expected out_valid=1 acc=" "actual   out_valid=1 acc=" "trace of cycles [0-9]+\\.\\.[0-9]+"
                 "ffp8: error: ")
  if(NOT err MATCHES "${expected}")
    message(FATAL_ERROR "the report lacks '${expected}'")
  endif()
endforeach()
if(NOT EXISTS ${WORK}/mismatch.fst)
  message(FATAL_ERROR "no trace written at ${WORK}/mismatch.fst")
endif()

# A K-lane unit takes no vector files (a line is one MAC operation), and the trace below has no
# slots: their checks end here.
if(LANES GREATER 1 OR SLOTS GREATER 1)
  return()
endif()

# The same broken RTL fed a recorded operand trace (`--vectors`, batch lines without expected
# results): the golden comparison fails and the report and the JUnit file name the trace's line.
set(trace_lines "# a recorded operand trace: ACC A W\n")
foreach(i RANGE 0 399)
  math(EXPR acc "0x3F800000 + ${i} * 977" OUTPUT_FORMAT HEXADECIMAL)
  math(EXPR a "(${i} * 7 + 3) % 256" OUTPUT_FORMAT HEXADECIMAL)
  math(EXPR w "(${i} * 13 + 5) % 128" OUTPUT_FORMAT HEXADECIMAL)
  string(APPEND trace_lines "${acc} ${a} ${w}\n")
endforeach()
file(WRITE ${WORK}/trace.txt "${trace_lines}")
execute_process(COMMAND ${FFP8} sim --rtl ${WORK}/rtl --vectors ${WORK}/trace.txt --vector-format batch
                        --trace ${WORK}/vectors.fst --junit ${WORK}/vectors.xml
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(rc EQUAL 0)
  message(FATAL_ERROR "ffp8 sim --vectors passed a broken RTL")
endif()
foreach(expected "first difference at cycle [0-9]+ \\(latency 1\\), the result of [^ ]*trace.txt:[0-9]+"
                 "operation \\(entered at cycle [0-9]+, [^ ]*trace.txt:[0-9]+\\)" "acc +[0-9a-f]+ +[0-9a-f]+ +<-- differs")
  if(NOT err MATCHES "${expected}")
    message(FATAL_ERROR "the vector report lacks '${expected}'")
  endif()
endforeach()
file(READ ${WORK}/vectors.xml junit)
if(NOT junit MATCHES "<failure message=\"[^\"]*trace.txt:[0-9]+: the result differs from the golden model")
  message(FATAL_ERROR "the JUnit report does not name the line:\n${junit}")
endif()
if(NOT EXISTS ${WORK}/vectors.fst)
  message(FATAL_ERROR "no trace written at ${WORK}/vectors.fst")
endif()
