`default_nettype none
// -----------------------------------------------------------------------------
// iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_convert: y = RNE_Y(a), format (A_EXP_BITS, A_MAN_BITS) to
// format (Y_EXP_BITS, Y_MAN_BITS). LAT = 0: purely combinational; LAT = 1: a register
// before the rounder; LAT = 2: also one inside the rounder (its CUT).
//
//  1. Unpack a; a subnormal input is normalised to 1.f * 2^e there, so a value
//     that is subnormal in the input format may become normal in a wider one.
//  2. Significand {0, 1, f}: two integer bits, value in [1, 2), the rounder's
//     input convention; exponent e passes through unchanged (the rounder
//     re-biases it for the output format).
//  3. Reduction to the rounder width RSW = Y_MAN_BITS + 4: a wider input
//     significand has its low bits ORed into one sticky bit (round to odd; at
//     least two exact bits remain below the output LSB, so RNE is exact);
//     a narrower one is padded with zeros.
//  4. The rounder rounds to nearest even, producing subnormals on the output
//     grid, overflowing to +-inf, and rounding tiny values to a signed zero.
//     Widening conversions are exact (the rounder then never rounds).
// Specials: NaN -> canonical NaN of the output format (payload not kept),
// inf -> inf, zero -> zero, sign preserved.
//
// Exponent width: the unpacked exponent needs XA = max(A_EXP_BITS,
// clog2(A_MAN_BITS+1)) + 2 signed bits (proof in iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_unpack); no
// arithmetic is done on it here, and the rounder widens internally to
// max(XA, Y_EXP_BITS) + 2 bits (proof in iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_round).
// -----------------------------------------------------------------------------
module iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_convert #(
  parameter A_EXP_BITS = 8,
  parameter A_MAN_BITS = 23,
  parameter Y_EXP_BITS = 8,
  parameter Y_MAN_BITS = 23,
  parameter LAT        = 0                 // pipeline registers, 0..2
) (
  input  wire                           clk,
  input  wire                           en,
  input  wire [A_EXP_BITS+A_MAN_BITS:0] a,
  output wire [Y_EXP_BITS+Y_MAN_BITS:0] y
);

  localparam KA  = (A_EXP_BITS > $clog2(A_MAN_BITS + 1)) ? A_EXP_BITS : $clog2(A_MAN_BITS + 1);
  localparam XA  = KA + 2;
  localparam IW  = A_MAN_BITS + 2;                   // {0, 1, frac}
  localparam RSW = Y_MAN_BITS + 4;                   // rounder significand width

  // ---- 1. unpack -------------------------------------------------------------------
  wire                  a_nan, a_inf, a_zero, a_sign;
  wire signed [XA-1:0]  a_exp;
  wire [A_MAN_BITS-1:0] a_frac;

  iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_unpack #(.EXP_BITS(A_EXP_BITS), .MAN_BITS(A_MAN_BITS), .XW(XA)) u_unpack_a (
    .a(a), .is_nan(a_nan), .is_inf(a_inf), .is_zero(a_zero), .sign(a_sign),
    .exp(a_exp), .frac(a_frac)
  );

  // ---- 2. significand with two integer bits ---------------------------------------------
  wire [IW-1:0] sig_a = {2'b01, a_frac};

  // ---- 3. reduce (with sticky) or pad to the rounder width ---------------------------------
  wire [RSW-1:0] sig_r;
  generate
    if (IW >= RSW) begin : g_reduce
      // Keep the top RSW-1 bits, OR everything below into the sticky LSB.
      assign sig_r = {sig_a[IW-1:IW-RSW+1], |sig_a[IW-RSW:0]};
    end else begin : g_pad
      assign sig_r = {sig_a, {(RSW-IW){1'b0}}};
    end
  endgenerate

  // ---- pipeline cut R (LAT >= 1): the unrounded value ------------------------------------
  wire                 u_nan, u_inf, u_zero, u_sign;
  wire signed [XA-1:0] u_exp;
  wire [RSW-1:0]       u_sig;
  // (A generate branch rather than a zero-depth delay line: without registers the signals are
  // plain wires, which also keeps event-driven simulators fast.)
  generate
    if (LAT >= 1) begin : g_cut_r
      iterl2norm_bf16_d8_p2_e10m30_nr3_t6_delay #(.WIDTH(RSW + XA + 4), .DEPTH(1)) cut_r (
        .clk(clk), .rst(1'b0), .en(en),
        .d({a_nan, a_inf, a_zero, a_sign, a_exp, sig_r}),
        .q({u_nan, u_inf, u_zero, u_sign, u_exp, u_sig})
      );
    end else begin : g_no_cut_r
      assign u_nan = a_nan;
      assign u_inf = a_inf;
      assign u_zero = a_zero;
      assign u_sign = a_sign;
      assign u_exp = a_exp;
      assign u_sig = sig_r;
      wire unused_cut_r = clk ^ en;
    end
  endgenerate

  // ---- round ------------------------------------------------------------------------------
  iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_round #(
    .EXP_BITS(Y_EXP_BITS), .MAN_BITS(Y_MAN_BITS), .XW(XA), .SW(RSW), .CUT(LAT >= 2 ? 1 : 0)
  ) u_round (
    .clk    (clk),
    .en     (en),
    .is_nan (u_nan),
    .is_inf (u_inf),
    .is_zero(u_zero),
    .sign   (u_sign),
    .exp    (u_exp),
    .sig    (u_sig),
    .y      (y)
  );

endmodule
`default_nettype wire
