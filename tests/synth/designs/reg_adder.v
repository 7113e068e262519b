// Small test design for the synthesis flow: an 8-bit adder block between registers, with the
// same clock/reset port names as the generated MAC.
module adder_block (
    input  wire [7:0] x,
    input  wire [7:0] y,
    output wire [8:0] s
);
  assign s = x + y;
endmodule

module reg_adder (
    input  wire       clk,
    input  wire       rst,
    input  wire [7:0] a,
    input  wire [7:0] b,
    output reg  [8:0] q
);
  reg [7:0] ra, rb;
  wire [8:0] s;
  adder_block u_add (.x(ra), .y(rb), .s(s));
  always @(posedge clk) begin
    if (rst) begin
      ra <= 8'd0;
      rb <= 8'd0;
      q <= 9'd0;
    end else begin
      ra <= a;
      rb <= b;
      q <= s;
    end
  end
endmodule
