`default_nettype none
// -----------------------------------------------------------------------------
// iterl2norm_bf16_d8_p2_e10m30_nr3_t6_delay: a DEPTH-register delay line (DEPTH = 0: a wire).
// The pipeline cuts of the operators and the valid/tag lines beside them.
//   en    : all registers move together when en = 1 (a stalled pipeline holds);
//   RESET : 1 = the registers clear on rst (valid bits), 0 = no reset (data).
// -----------------------------------------------------------------------------
module iterl2norm_bf16_d8_p2_e10m30_nr3_t6_delay #(
  parameter WIDTH = 1,
  parameter DEPTH = 1,
  parameter RESET = 0
) (
  input  wire             clk,
  input  wire             rst,
  input  wire             en,
  input  wire [WIDTH-1:0] d,
  output wire [WIDTH-1:0] q
);
  generate
    if (DEPTH == 0) begin : g_wire
      assign q = d;
      wire unused_ctrl = clk ^ rst ^ en;
    end else begin : g_regs
      reg [WIDTH*DEPTH-1:0] r;     // stage i in r[i*WIDTH +: WIDTH]; stage 0 takes d
      genvar i;
      for (i = 0; i < DEPTH; i = i + 1) begin : g_stage
        wire [WIDTH-1:0] r_in;
        if (i == 0) begin : g_first
          assign r_in = d;
        end else begin : g_next
          assign r_in = r[(i-1)*WIDTH +: WIDTH];
        end
        if (RESET != 0) begin : g_rst
          always @(posedge clk)
            if (rst)     r[i*WIDTH +: WIDTH] <= {WIDTH{1'b0}};
            else if (en) r[i*WIDTH +: WIDTH] <= r_in;
        end else begin : g_nrst
          wire unused_rst = rst;
          always @(posedge clk)
            if (en) r[i*WIDTH +: WIDTH] <= r_in;
        end
      end
      assign q = r[(DEPTH-1)*WIDTH +: WIDTH];
    end
  endgenerate
endmodule
`default_nettype wire
