# A deliberately broken RTL must make `ffp8 sim --rtl DIR` fail with a clear report.
# Generates the default MAC into WORK/rtl, flips bit 0 of the acc output on the results whose low
# nibble is 0xA (the accumulator register itself is untouched), and expects: a non-zero exit, the
# first mismatching cycle, acc expected and actual, and the FST trace of the window.
# With -DLANES=K (K > 1): the K-lane dot-product unit, broken instead by feeding lane K-2's
# product into the sum in place of lane K-1's (wrong only when those two lanes differ).
#   cmake -DFFP8=<ffp8> -DWORK=<dir> [-DLANES=K] -P broken_rtl.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
if(NOT DEFINED LANES)
  set(LANES 1)
endif()
execute_process(COMMAND ${FFP8} gen --lanes ${LANES} -o ${WORK}/rtl RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ffp8 gen failed")
endif()

if(LANES GREATER 1)
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
