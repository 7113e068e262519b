// Many independent dot products at once, each still one fused step per product in order: the
// dot products of a DNN layer at vector throughput instead of one FMA latency per step.
//
// Chain (j, r) for j < rows, r < cols: acc = init; for k = 0..K-1: acc = fma(v[k][r], s[j][k], acc).
// `v` is k-major (row k holds the k-th operand of every column: an im2col matrix, or a transposed
// weight matrix), `s` is j-major (row j holds the other operands of chain row j).
//
//  - fma_chains: the CPU's FMA at every step: the FP32 reference arithmetic (a plain fmaf chain).
//  - mac_chains: the golden MAC (SPEC section 3) over decoded FFP8 operands, equal value for value
//    to MacKernel::dot (flags are not computed). The fast chains are exact whenever every product
//    is a multiple of 2^-149 (products_on_fp32_grid) and the result is finite: then no step can be
//    inexact in the subnormal range, and Inf/NaN never appeared. Any other chain is redone with
//    fma_exact, step by step.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ffp8/format.hpp"

namespace ffp8 {

struct ChainProblem {
    const float* v_row(std::size_t k) const { return v + (v_row_offset ? v_row_offset[k] : static_cast<std::ptrdiff_t>(k * v_stride)); }

    const float* v = nullptr;  // K rows of `cols` operands, row k at v + k * v_stride ...
    std::size_t v_stride = 0;
    const std::ptrdiff_t* v_row_offset = nullptr;  // ... or at v + v_row_offset[k] when given
    const float* s = nullptr;  // `rows` rows of K operands, row j at s + j * s_stride
    std::size_t s_stride = 0;
    std::size_t rows = 0, cols = 0, K = 0;
    const float* init_row = nullptr;  // the start of chain (j, r) is init_row[j] ...
    const float* init_col = nullptr;  // ... or init_col[r] (exactly one of the two is given)
    float* out = nullptr;             // chain (j, r) ends at out[j * out_stride + r]
    std::size_t out_stride = 0;
};

void fma_chains(const ChainProblem& p);

// True when every product of an `act` and a `wgt` value is a multiple of 2^-149 (the spacing of
// binary32 subnormals): the condition under which a finite fma_chains result is the golden MAC's.
bool products_on_fp32_grid(const Format& act, const Format& wgt);

// `v` and `s` hold decoded operands (ffp8::decode of the codes: what MacKernel multiplies).
void mac_chains(const ChainProblem& p, bool on_fp32_grid);

}  // namespace ffp8
