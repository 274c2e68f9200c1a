`default_nettype none
// -----------------------------------------------------------------------------
// iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_add: y = RNE(a + b), or RNE(a - b) when sub = 1.
// All three words are in format (EXP_BITS, MAN_BITS), bias B = 2^(EXP_BITS-1) - 1.
// LAT = 0: purely combinational. LAT = 1: one register before the rounder (the
// unrounded value). LAT = 2: also one after step 5 (before the leading-zero
// count). LAT = 3: also one inside the rounder (its CUT, between the subnormal
// shift and the increment). LAT = 4: also one before the alignment shifter (cut S,
// after the ordering by magnitude). The result then appears LAT clock edges (with
// en = 1) after the operands.
//
// Datapath (the rounding itself is done by iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_round):
//  1. Effective operation. b's sign is flipped when sub = 1; the operation is
//     an effective subtraction when the two (effective) signs differ.
//  2. Swap by magnitude. The IEEE encoding without the sign bit is monotonic in
//     the magnitude, so comparing {exponent, mantissa} as integers orders |a| and
//     |b|: "big" is the larger magnitude, "small" the other. The result (if not
//     zero) has the sign of big, and big - small >= 0 never goes negative.
//  3. Significands. Subnormals need no normalisation for addition: a subnormal
//     is 0.m * 2^(1-B), i.e. it is aligned like any operand whose exponent field
//     reads 1 with a hidden bit of 0. Each significand is laid out on SW = MAN_BITS+5
//     bits as {carry, hidden, mantissa, G, R, S}: one bit of headroom for the
//     carry of an effective addition and three bits below the mantissa.
//  4. Alignment. small is shifted right by d = e_big - e_small (>= 0); bits
//     shifted out are ORed into S (sticky, i.e. small is rounded to odd on that
//     grid). A shift of SW or more leaves only the sticky bit, so d is clamped
//     at SW to keep the shifter narrow.
//  5. Add or subtract the aligned significands. An addition lies in [1, 4)
//     (times 2^(e_big-B)); a subtraction lies in [0, 2). If d >= 2 a subtraction
//     loses at most one leading bit and keeps >= MAN_BITS+3 bits above and
//     including the jammed sticky bit, which is enough for a correct RNE of the
//     round-to-odd value; if d <= 1 nothing was shifted out, the difference is
//     exact and any number of leading bits may cancel.
//  6. Normalisation. A leading-zero counter finds the first 1 of the sum and a
//     left shift brings it to the top bit, lowering the exponent by the count.
//     A zero sum (exact cancellation, or two zero operands) is flagged instead.
//  7. Rounding in iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_round (handles overflow and subnormal results;
//     for addition a subnormal result is always exact).
// Specials: any NaN operand, or inf - inf (effective), gives the canonical NaN;
// otherwise an infinite operand gives that infinity; an exact zero sum is +0,
// except (-0) + (-0) = -0 (round to nearest even).
//
// Exponent width. The exponent handed to the rounder is e_big - B - lz with
// e_big in [1, 2^EXP_BITS - 2] and lz in [0, SW]: its magnitude is at most
// B + SW - 1 = B + MAN_BITS + 4. With K = max(EXP_BITS, clog2(MAN_BITS+6)),
// B <= 2^(K-1) - 1 and MAN_BITS + 5 <= 2^K - 1, so the magnitude is below
// 2^(K-1) + 2^K < 2^(K+1): XW = K + 2 signed bits never wrap.
// -----------------------------------------------------------------------------
module iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_add #(
  parameter EXP_BITS = 8,
  parameter MAN_BITS = 23,
  parameter LAT      = 0                         // pipeline registers, 0..4
) (
  input  wire                       clk,
  input  wire                       en,          // the pipeline registers move
  input  wire [EXP_BITS+MAN_BITS:0] a,
  input  wire [EXP_BITS+MAN_BITS:0] b,
  input  wire                       sub,
  output wire [EXP_BITS+MAN_BITS:0] y
);

  localparam W   = 1 + EXP_BITS + MAN_BITS;
  localparam SW  = MAN_BITS + 5;                 // {carry, hidden, mantissa, G, R, S}
  localparam DW  = $clog2(SW + 1);               // alignment shift, 0..SW
  localparam LZW = $clog2(SW + 1);               // leading-zero count, 0..SW
  localparam K   = (EXP_BITS > $clog2(MAN_BITS + 6)) ? EXP_BITS : $clog2(MAN_BITS + 6);
  localparam XW  = K + 2;
  localparam signed [XW-1:0] BIAS = 2 ** (EXP_BITS - 1) - 1;
  // Width for the exponent difference: holds both an exponent field and SW
  // (the extra bit keeps every zero-extension below non-empty).
  localparam DXW = ((EXP_BITS > DW) ? EXP_BITS : DW) + 1;
  localparam        [DW-1:0]  SW_D = SW[DW-1:0];
  localparam        [DXW-1:0] SW_X = { {(DXW-DW){1'b0}}, SW_D};

  // ---- operand fields and classification -------------------------------------
  wire                sa   = a[W-1];
  wire                sb   = b[W-1] ^ sub;            // effective sign of b
  wire [W-2:0]        mag_a = a[W-2:0];
  wire [W-2:0]        mag_b = b[W-2:0];

  wire a_e_ones = &a[W-2:MAN_BITS];
  wire b_e_ones = &b[W-2:MAN_BITS];
  wire a_m_zero = ~|a[MAN_BITS-1:0];
  wire b_m_zero = ~|b[MAN_BITS-1:0];
  wire a_nan  = a_e_ones & ~a_m_zero;
  wire b_nan  = b_e_ones & ~b_m_zero;
  wire a_inf  = a_e_ones &  a_m_zero;
  wire b_inf  = b_e_ones &  b_m_zero;
  wire a_zero = ~|mag_a;
  wire b_zero = ~|mag_b;

  wire eff_sub = sa ^ sb;

  // ---- 2. order by magnitude -------------------------------------------------------
  wire                swap    = (mag_b > mag_a);
  wire [W-2:0]        mag_big = swap ? mag_b : mag_a;
  wire [W-2:0]        mag_sml = swap ? mag_a : mag_b;
  wire                s_big   = swap ? sb : sa;

  wire [EXP_BITS-1:0] e_big = mag_big[W-2:MAN_BITS];
  wire [EXP_BITS-1:0] e_sml = mag_sml[W-2:MAN_BITS];
  wire                h_big = |e_big;                  // hidden bit: 0 for subnormal/zero
  wire                h_sml = |e_sml;
  // Exponent fields of subnormals read 1 (same scale as the smallest normal).
  wire [EXP_BITS-1:0] er_big = h_big ? e_big : { {(EXP_BITS-1){1'b0}}, 1'b1};
  wire [EXP_BITS-1:0] er_sml = h_sml ? e_sml : { {(EXP_BITS-1){1'b0}}, 1'b1};

  // ---- 3. significands {carry, hidden, mantissa, G, R, S} -------------------------
  wire [SW-1:0] sig_big = {1'b0, h_big, mag_big[MAN_BITS-1:0], 3'b000};
  wire [SW-1:0] sig_sml = {1'b0, h_sml, mag_sml[MAN_BITS-1:0], 3'b000};

  // ---- 4a. alignment distance ----------------------------------------------------------
  wire [DXW-1:0]      d      = { {(DXW-EXP_BITS){1'b0}}, er_big}   // >= 0 because
                             - { {(DXW-EXP_BITS){1'b0}}, er_sml};  // |big| >= |small|
  wire [DW-1:0]       d_c    = (d > SW_X) ? SW_D : d[DW-1:0];

  // ---- specials, before the cuts ---------------------------------------------------------
  wire a_nan_x  = a_nan | b_nan | (a_inf & b_inf & eff_sub);
  wire a_inf_x  = a_inf | b_inf;
  wire inf_sign = a_inf ? sa : sb;
  wire zz_sign  = a_zero & b_zero & sa & sb;           // (-0) + (-0) = -0

  // ---- pipeline cut S (LAT >= 4): the ordered operands and the distance, before the shifter
  localparam SW_CUT = 2 * SW + DW + EXP_BITS + 6;
  wire [SW-1:0]       sig_big_s, sig_sml_s;
  wire [DW-1:0]       d_s;
  wire [EXP_BITS-1:0] er_big_s;
  wire                eff_sub_s, s_big_s, nan_s, inf_s, inf_sign_s, zz_sign_s;
  generate
    if (LAT >= 4) begin : g_cut_s
      iterl2norm_bf16_d8_p2_e10m30_nr3_t6_delay #(.WIDTH(SW_CUT), .DEPTH(1)) cut_s (
        .clk(clk), .rst(1'b0), .en(en),
        .d({sig_big,   sig_sml,   d_c, er_big,   eff_sub,   s_big,   a_nan_x, a_inf_x, inf_sign,   zz_sign}),
        .q({sig_big_s, sig_sml_s, d_s, er_big_s, eff_sub_s, s_big_s, nan_s,   inf_s,   inf_sign_s, zz_sign_s})
      );
    end else begin : g_no_cut_s
      assign sig_big_s = sig_big;
      assign sig_sml_s = sig_sml;
      assign d_s = d_c;
      assign er_big_s = er_big;
      assign eff_sub_s = eff_sub;
      assign s_big_s = s_big;
      assign nan_s = a_nan_x;
      assign inf_s = a_inf_x;
      assign inf_sign_s = inf_sign;
      assign zz_sign_s = zz_sign;
    end
  endgenerate

  // ---- 4b. alignment of the smaller operand, with sticky ----------------------------------
  wire [SW-1:0]       sml_sh = sig_sml_s >> d_s;
  wire                lost   = |(sig_sml_s & ~({SW{1'b1}} << d_s));
  wire [SW-1:0]       sig_al = {sml_sh[SW-1:1], sml_sh[0] | lost};

  // ---- 5. add or subtract magnitudes ---------------------------------------------------
  wire [SW-1:0] sum = eff_sub_s ? sig_big_s - sig_al : sig_big_s + sig_al;

  // ---- pipeline cut A (LAT >= 2): after the addition -------------------------------------
  localparam AW_CUT = SW + EXP_BITS + 5;
  wire [SW-1:0]       sum_p;
  wire [EXP_BITS-1:0] er_big_p;
  wire                r_nan, r_inf, inf_sign_p, zz_sign_p, s_big_p;
  // (A generate branch rather than a zero-depth delay line: without registers the signals are
  // plain wires, which also keeps event-driven simulators fast.)
  generate
    if (LAT >= 2) begin : g_cut_a
      iterl2norm_bf16_d8_p2_e10m30_nr3_t6_delay #(.WIDTH(AW_CUT), .DEPTH(1)) cut_a (
        .clk(clk), .rst(1'b0), .en(en),
        .d({sum,   er_big_s, nan_s,   inf_s,   inf_sign_s, zz_sign_s, s_big_s}),
        .q({sum_p, er_big_p, r_nan,   r_inf,   inf_sign_p, zz_sign_p, s_big_p})
      );
    end else begin : g_no_cut_a
      assign sum_p = sum;
      assign er_big_p = er_big_s;
      assign r_nan = nan_s;
      assign r_inf = inf_s;
      assign inf_sign_p = inf_sign_s;
      assign zz_sign_p = zz_sign_s;
      assign s_big_p = s_big_s;
      wire unused_cut_a = clk ^ en;
    end
  endgenerate

  // ---- 6. normalise: leading 1 to the top bit ------------------------------------------
  wire [LZW-1:0] lz;
  iterl2norm_bf16_d8_p2_e10m30_nr3_t6_lzc #(.WIDTH(SW)) u_lzc (.a(sum_p), .count(lz));
  wire [SW-1:0]  sig_n    = sum_p << lz;
  wire           sum_zero = ~|sum_p;

  // sum has its hidden-bit position at SW-2, of weight 2^(e_big - B); after the
  // shift the top bit has weight 2^(e_big - B - lz + 1), i.e. the rounder's
  // exponent (weight of bit SW-2) is e_big - B - lz.
  wire signed [XW-1:0] er_big_x = $signed({ {(XW-EXP_BITS){1'b0}}, er_big_p});
  wire signed [XW-1:0] lz_x     = $signed({ {(XW-LZW){1'b0}}, lz});
  wire signed [XW-1:0] exp_n    = er_big_x - BIAS - lz_x;

  // ---- sign --------------------------------------------------------------------------------
  // Specials: NaN operand or inf - inf gives NaN; an infinite operand gives that infinity.
  // Exact zero: +0 in round to nearest, except (-0) + (-0).
  wire r_sign = r_inf    ? inf_sign_p :
                sum_zero ? zz_sign_p :
                           s_big_p;

  // ---- pipeline cut R (LAT >= 1): the unrounded value ---------------------------------------
  wire                 u_nan, u_inf, u_zero, u_sign;
  wire signed [XW-1:0] u_exp;
  wire [SW-1:0]        u_sig;
  // (A generate branch rather than a zero-depth delay line: without registers the signals are
  // plain wires, which also keeps event-driven simulators fast.)
  generate
    if (LAT >= 1) begin : g_cut_r
      iterl2norm_bf16_d8_p2_e10m30_nr3_t6_delay #(.WIDTH(SW + XW + 4), .DEPTH(1)) cut_r (
        .clk(clk), .rst(1'b0), .en(en),
        .d({r_nan, r_inf, sum_zero, r_sign, exp_n, sig_n}),
        .q({u_nan, u_inf, u_zero,   u_sign, u_exp, u_sig})
      );
    end else begin : g_no_cut_r
      assign u_nan = r_nan;
      assign u_inf = r_inf;
      assign u_zero = sum_zero;
      assign u_sign = r_sign;
      assign u_exp = exp_n;
      assign u_sig = sig_n;
      wire unused_cut_r = clk ^ en;
    end
  endgenerate

  // ---- 7. round -------------------------------------------------------------------------
  iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_round #(
    .EXP_BITS(EXP_BITS), .MAN_BITS(MAN_BITS), .XW(XW), .SW(SW), .CUT(LAT >= 3 ? 1 : 0)
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
