`default_nettype none
// -----------------------------------------------------------------------------
// iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_mul: y = RNE_Y(a * b * 2^scale), with a single rounding.
//   a : format (A_EXP_BITS, A_MAN_BITS)
//   b : format (B_EXP_BITS, B_MAN_BITS)
//   y : format (Y_EXP_BITS, Y_MAN_BITS)
//   scale : signed exact power-of-two adjustment of the exponent.
// LAT = 0: purely combinational; LAT = 1: one register before the rounder (the
// unrounded value); LAT = 2: also one inside the rounder (its CUT); LAT = 3: also
// one after the unpacking (cut U, before the multiplier); LAT = 4: also one between
// the two partial products and their sum (cut M). The result appears LAT clock edges
// (with en = 1) later.
//
// Datapath (the rounding itself is done by iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_round):
//  1. Unpack both operands; subnormals are normalised there, so every finite
//     non-zero operand is 1.f * 2^e.
//  2. Significand product: (1.fa) * (1.fb) is exact on PW = A_MAN_BITS +
//     B_MAN_BITS + 2 bits and lies in [1, 4): two integer bits, exactly the
//     rounder's input convention.
//  3. Exponent: e = ea + eb + scale (exact, no bias involved; the rounder adds
//     the output bias, so products that overflow or underflow the output format,
//     deep into its subnormal range, are rounded correctly).
//  4. Reduction to the rounder width RSW = Y_MAN_BITS + 4: when the product is
//     wider, its low bits are ORed into one sticky bit (round to odd), which
//     keeps at least two bits below the output LSB exact and hence RNE exact;
//     when narrower, it is padded with zeros.
// Specials: NaN operand, or 0 * inf, gives the canonical NaN; otherwise an
// infinite operand gives inf and a zero operand gives zero; the sign of every
// product (zeros and infinities included) is sign(a) xor sign(b).
//
// Exponent widths. Unpacked exponents need XA = max(A_EXP_BITS,
// clog2(A_MAN_BITS+1)) + 2 and XB likewise (proof in iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_unpack:
// |ea| < 2^(XA-1)). With XW = max(XA, XB, SCALE_BITS) + 2:
//   |ea| < 2^(XW-3), |eb| < 2^(XW-3), |scale| <= 2^(SCALE_BITS-1) <= 2^(XW-3),
//   so |ea + eb + scale| < 3 * 2^(XW-3) < 2^(XW-1): the sum never wraps.
// (For E = 11, M = 40 and SCALE_BITS = 16: XA = XB = 13, XW = 18.)
// -----------------------------------------------------------------------------
module iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_mul #(
  parameter A_EXP_BITS = 8,
  parameter A_MAN_BITS = 23,
  parameter B_EXP_BITS = 8,
  parameter B_MAN_BITS = 23,
  parameter Y_EXP_BITS = 8,
  parameter Y_MAN_BITS = 23,
  parameter SCALE_BITS = 16,
  parameter LAT        = 0                 // pipeline registers, 0..4
) (
  input  wire                           clk,
  input  wire                           en,
  input  wire [A_EXP_BITS+A_MAN_BITS:0] a,
  input  wire [B_EXP_BITS+B_MAN_BITS:0] b,
  input  wire signed [SCALE_BITS-1:0]   scale,
  output wire [Y_EXP_BITS+Y_MAN_BITS:0] y
);

  localparam KA  = (A_EXP_BITS > $clog2(A_MAN_BITS + 1)) ? A_EXP_BITS : $clog2(A_MAN_BITS + 1);
  localparam KB  = (B_EXP_BITS > $clog2(B_MAN_BITS + 1)) ? B_EXP_BITS : $clog2(B_MAN_BITS + 1);
  localparam XA  = KA + 2;
  localparam XB  = KB + 2;
  localparam XAB = (XA > XB) ? XA : XB;
  localparam XW  = ((XAB > SCALE_BITS) ? XAB : SCALE_BITS) + 2;
  localparam PW  = A_MAN_BITS + B_MAN_BITS + 2;      // exact product width
  localparam RSW = Y_MAN_BITS + 4;                   // rounder significand width

  // ---- 1. unpack ---------------------------------------------------------------
  wire                 a_nan, a_inf, a_zero, a_sign;
  wire                 b_nan, b_inf, b_zero, b_sign;
  wire signed [XA-1:0] a_exp;
  wire signed [XB-1:0] b_exp;
  wire [A_MAN_BITS-1:0] a_frac;
  wire [B_MAN_BITS-1:0] b_frac;

  iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_unpack #(.EXP_BITS(A_EXP_BITS), .MAN_BITS(A_MAN_BITS), .XW(XA)) u_unpack_a (
    .a(a), .is_nan(a_nan), .is_inf(a_inf), .is_zero(a_zero), .sign(a_sign),
    .exp(a_exp), .frac(a_frac)
  );
  iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_unpack #(.EXP_BITS(B_EXP_BITS), .MAN_BITS(B_MAN_BITS), .XW(XB)) u_unpack_b (
    .a(b), .is_nan(b_nan), .is_inf(b_inf), .is_zero(b_zero), .sign(b_sign),
    .exp(b_exp), .frac(b_frac)
  );

  // ---- 3. exponent of the exact product (before cut U: it is short) -------------------
  wire signed [XW-1:0] exp_e = $signed({ {(XW-XA){a_exp[XA-1]}}, a_exp})
                             + $signed({ {(XW-XB){b_exp[XB-1]}}, b_exp})
                             + $signed({ {(XW-SCALE_BITS){scale[SCALE_BITS-1]}}, scale});

  // ---- specials ------------------------------------------------------------------------
  wire e_nan  = a_nan | b_nan | (a_inf & b_zero) | (a_zero & b_inf);
  wire e_inf  = a_inf | b_inf;
  wire e_zero = a_zero | b_zero;
  wire e_sign = a_sign ^ b_sign;

  // ---- pipeline cut U (LAT >= 3): the unpacked operands, before the multiplier ----------
  wire [A_MAN_BITS-1:0] a_frac_u;
  wire [B_MAN_BITS-1:0] b_frac_u;
  wire signed [XW-1:0]  exp_p;
  wire                  r_nan, r_inf, r_zero, r_sign;
  generate
    if (LAT >= 3) begin : g_cut_u
      iterl2norm_bf16_d8_p2_e10m30_nr3_t6_delay #(.WIDTH(A_MAN_BITS + B_MAN_BITS + XW + 4), .DEPTH(1)) cut_u (
        .clk(clk), .rst(1'b0), .en(en),
        .d({a_frac,   b_frac,   exp_e, e_nan, e_inf, e_zero, e_sign}),
        .q({a_frac_u, b_frac_u, exp_p, r_nan, r_inf, r_zero, r_sign})
      );
    end else begin : g_no_cut_u
      assign a_frac_u = a_frac;
      assign b_frac_u = b_frac;
      assign exp_p = exp_e;
      assign r_nan = e_nan;
      assign r_inf = e_inf;
      assign r_zero = e_zero;
      assign r_sign = e_sign;
    end
  endgenerate

  // ---- 2. exact significand product, in [1, 4) ------------------------------------
  // With cut M (LAT >= 4): (1.fa) * (1.fb) = ma * mb_hi * 2^BL + ma * mb_lo, mb split at
  // bit BL, two narrower exact products registered and added after the cut, so that the
  // multiplier trees and the final addition fall into different stages. Otherwise one
  // product (the same value).
  wire [A_MAN_BITS:0] ma = {1'b1, a_frac_u};
  wire [B_MAN_BITS:0] mb = {1'b1, b_frac_u};
  wire [PW-1:0]        prod;
  wire signed [XW-1:0] exp_m;
  wire                 m_nan, m_inf, m_zero, m_sign;
  generate
    if (LAT >= 4) begin : g_cut_m
      localparam BL  = (B_MAN_BITS + 1) / 2;            // low part of mb: bits BL-1..0
      localparam BH  = B_MAN_BITS + 1 - BL;             // high part: bits B_MAN_BITS..BL
      localparam PLW = A_MAN_BITS + 1 + BL;             // exact widths of the two products
      localparam PHW = A_MAN_BITS + 1 + BH;             // (PHW + BL = PW)
      wire [PLW-1:0] p_lo = { {BL{1'b0}}, ma } * { {(A_MAN_BITS+1){1'b0}}, mb[BL-1:0] };
      wire [PHW-1:0] p_hi = { {BH{1'b0}}, ma } * { {(A_MAN_BITS+1){1'b0}}, mb[B_MAN_BITS:BL] };
      wire [PLW-1:0] p_lo_m;
      wire [PHW-1:0] p_hi_m;
      iterl2norm_bf16_d8_p2_e10m30_nr3_t6_delay #(.WIDTH(PLW + PHW + XW + 4), .DEPTH(1)) cut_m (
        .clk(clk), .rst(1'b0), .en(en),
        .d({p_lo,   p_hi,   exp_p, r_nan, r_inf, r_zero, r_sign}),
        .q({p_lo_m, p_hi_m, exp_m, m_nan, m_inf, m_zero, m_sign})
      );
      assign prod = {p_hi_m, {BL{1'b0}}} + { {(PW-PLW){1'b0}}, p_lo_m };
    end else begin : g_no_cut_m
      assign prod = { {(PW-A_MAN_BITS-1){1'b0}}, ma } * { {(PW-B_MAN_BITS-1){1'b0}}, mb };
      assign exp_m = exp_p;
      assign m_nan = r_nan;
      assign m_inf = r_inf;
      assign m_zero = r_zero;
      assign m_sign = r_sign;
    end
  endgenerate

  // ---- 4. reduce (with sticky) or pad to the rounder width --------------------------
  wire [RSW-1:0] sig_r;
  generate
    if (PW >= RSW) begin : g_reduce
      // Keep the top RSW-1 bits, OR everything below into the sticky LSB.
      assign sig_r = {prod[PW-1:PW-RSW+1], |prod[PW-RSW:0]};
    end else begin : g_pad
      assign sig_r = {prod, {(RSW-PW){1'b0}}};
    end
  endgenerate

  // ---- pipeline cut R (LAT >= 1): the unrounded value ------------------------------------
  wire                 u_nan, u_inf, u_zero, u_sign;
  wire signed [XW-1:0] u_exp;
  wire [RSW-1:0]       u_sig;
  // (A generate branch rather than a zero-depth delay line: without registers the signals are
  // plain wires, which also keeps event-driven simulators fast.)
  generate
    if (LAT >= 1) begin : g_cut_r
      iterl2norm_bf16_d8_p2_e10m30_nr3_t6_delay #(.WIDTH(RSW + XW + 4), .DEPTH(1)) cut_r (
        .clk(clk), .rst(1'b0), .en(en),
        .d({m_nan, m_inf, m_zero, m_sign, exp_m, sig_r}),
        .q({u_nan, u_inf, u_zero, u_sign, u_exp, u_sig})
      );
    end else begin : g_no_cut_r
      assign u_nan = m_nan;
      assign u_inf = m_inf;
      assign u_zero = m_zero;
      assign u_sign = m_sign;
      assign u_exp = exp_m;
      assign u_sig = sig_r;
      wire unused_cut_r = clk ^ en;
    end
  endgenerate

  // ---- round ------------------------------------------------------------------------------
  iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_round #(
    .EXP_BITS(Y_EXP_BITS), .MAN_BITS(Y_MAN_BITS), .XW(XW), .SW(RSW), .CUT(LAT >= 2 ? 1 : 0)
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
