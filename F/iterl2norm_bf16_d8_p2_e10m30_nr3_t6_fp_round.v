`default_nettype none
// -----------------------------------------------------------------------------
// iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_round: the single rounder shared by add, mul and convert.
//
// Input: an UNROUNDED value (the structure every operator produces)
//   is_nan, is_inf, is_zero : special results (NaN wins over inf over zero)
//   sign                    : sign of the result (also for zero and inf)
//   exp  (signed, XW bits)  : exponent, unbiased
//   sig  (SW bits)          : significand with two integer bits,
//                                 value = (-1)^sign * (sig / 2^(SW-2)) * 2^exp
//                             i.e. sig is a fixed-point number in [1, 4) with
//                             the binary point between bits SW-2 and SW-3.
//                             sig[0] is a STICKY bit: the producer ORs into it
//                             every non-zero bit it dropped below (round to odd).
// Contract: for a finite non-zero value sig[SW-1:SW-2] != 0, and SW >= MAN_BITS+4,
// so that at least one bit (the jammed sticky) lies strictly below the guard bit
// in every case below.
//
// Output: y = RNE(value) in format (EXP_BITS, MAN_BITS): round to nearest, ties to
// even, gradual underflow (subnormal results rounded on the subnormal grid, never
// flushed), overflow to +-inf, canonical NaN = {0, all ones, 1, 0...0}. A finite
// value that rounds to zero gives a zero with its sign.
//
// Steps
//  1. Normalise to one integer bit: if sig[SW-1] is set, the value is
//     1x.xxx * 2^exp = 1.xxxx * 2^(exp+1); else shift sig left by one.
//     Now sig1[SW-1] = 1 and value = 1.sig1[SW-2:0] * 2^exp1.
//  2. Biased exponent be = exp1 + B (B = 2^(EXP_BITS-1) - 1).
//     be >= 1 : the result is normal (or overflows);
//     be <= 0 : the result is subnormal: on the subnormal grid the significand
//               is sig1 * 2^-(1-be); shift right by sh = 1-be, ORing shifted-out
//               bits into the LSB (sticky). Any sh >= MAN_BITS+2 puts the value
//               below 2^(emin-MAN_BITS-1) (half the smallest subnormal) with the
//               guard bit 0, so sh is clamped there: the result rounds to zero.
//  3. Round to nearest even on the kept bits sig_d[SW-1 : SW-1-MAN_BITS]
//     (hidden bit + MAN_BITS fraction bits):
//        guard  = first bit below the kept bits
//        sticky = OR of all bits below the guard
//        round up  <=>  guard & (sticky | lsb)      (ties go to the even lsb)
//     The increment may carry out of the hidden bit (1.11..1 -> 10.00..0).
//  4. Exponent field = base + carry-bits, with base = be-1 for normal and 0 for
//     subnormal: rounded = {c, h, f}; normal: {c,h} is 01 or 10 (carry) giving
//     be or be+1; subnormal: h = 0 before rounding, {c,h} = 00 or 01, the latter
//     when a subnormal rounds up to the smallest normal number. Fraction = f.
//  5. Exponent field >= 2^EXP_BITS - 1 -> overflow -> +-inf.
//
// CUT = 1 puts a pipeline register between steps 2 and 3 (the denormalised
// significand sig_d, the exponent base and the special flags), splitting the
// rounder's depth into the shift half and the increment half; the result then
// appears one clock edge (with en = 1) later. CUT = 0: purely combinational.
//
// Internal exponent width: K = max(XW, EXP_BITS, SHW), IW = K + 2 signed bits
// (SHW = clog2(MAN_BITS+3) is the width of the subnormal shift amount).
//   |exp| <= 2^(XW-1), so |exp1| <= 2^(XW-1) + 1 and
//   |be|, |base + 2| <= 2^(XW-1) + 1 + 2^(EXP_BITS-1) + 2 <= 2^K + 3 < 2^(IW-1) = 2^(K+1)
//   (K >= 4), so no intermediate exponent can wrap.
// -----------------------------------------------------------------------------
module iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_round #(
  parameter EXP_BITS = 8,
  parameter MAN_BITS = 23,
  parameter XW       = 12,
  parameter SW       = MAN_BITS + 4,
  parameter CUT      = 0                         // 1: a register between steps 2 and 3
) (
  input  wire                       clk,
  input  wire                       en,          // the pipeline register moves
  input  wire                       is_nan,
  input  wire                       is_inf,
  input  wire                       is_zero,
  input  wire                       sign,
  input  wire signed [XW-1:0]       exp,
  input  wire [SW-1:0]              sig,
  output wire [EXP_BITS+MAN_BITS:0] y
);

  // Largest useful subnormal shift (see step 2) and the width of the shift amount.
  localparam SHMAX = MAN_BITS + 2;
  localparam SHW   = $clog2(SHMAX + 1);
  // Internal exponent width (see header); also wider than the shift amount.
  localparam KXE = (XW > EXP_BITS) ? XW : EXP_BITS;
  localparam K   = (KXE > SHW) ? KXE : SHW;
  localparam IW  = K + 2;
  localparam signed [IW-1:0] BIAS  = 2 ** (EXP_BITS - 1) - 1;
  localparam signed [IW-1:0] E_INF = 2 ** EXP_BITS - 1;     // all-ones exponent field
  localparam signed [IW-1:0] ONE   = 1;
  localparam signed [IW-1:0] ZERO  = 0;
  localparam        [SHW-1:0] SHMAX_S = SHMAX[SHW-1:0];
  localparam signed [IW-1:0]  SHMAX_X = $signed({ {(IW-SHW){1'b0}}, SHMAX_S});

  // ---- 1. one integer bit --------------------------------------------------------
  wire                 top  = sig[SW-1];
  wire [SW-1:0]        sig1 = top ? sig : {sig[SW-2:0], 1'b0};
  wire signed [IW-1:0] exp_x = { {(IW-XW){exp[XW-1]}}, exp};
  wire signed [IW-1:0] exp1  = top ? exp_x + ONE : exp_x;

  // ---- 2. biased exponent and subnormal denormalisation ------------------------
  wire signed [IW-1:0] be       = exp1 + BIAS;
  wire                 normal   = (be >= ONE);
  wire signed [IW-1:0] sh_full  = ONE - be;                   // 1 - be > 0 when subnormal
  wire [SHW-1:0]       sh       = normal             ? {SHW{1'b0}} :
                                  (sh_full >= SHMAX_X) ? SHMAX_S     :
                                                         sh_full[SHW-1:0];
  wire [SW-1:0]        shifted  = sig1 >> sh;
  // Bits shifted out at the bottom: those under the mask ~(all ones << sh).
  wire                 lost     = |(sig1 & ~({SW{1'b1}} << sh));
  wire [SW-1:0]        sig_d    = {shifted[SW-1:1], shifted[0] | lost};

  wire signed [IW-1:0] base_d   = normal ? be - ONE : ZERO;   // exponent field before the carry (step 4)

  // ---- pipeline cut (CUT = 1): the denormalised significand, the base, the specials
  wire [SW-1:0]        sig_c;
  wire signed [IW-1:0] base;
  wire                 c_nan, c_inf, c_zero, c_sign;
  generate
    if (CUT != 0) begin : g_cut
      iterl2norm_bf16_d8_p2_e10m30_nr3_t6_delay #(.WIDTH(SW + IW + 4), .DEPTH(1)) cut (
        .clk(clk), .rst(1'b0), .en(en),
        .d({sig_d, base_d, is_nan, is_inf, is_zero, sign}),
        .q({sig_c, base,   c_nan,  c_inf,  c_zero,  c_sign})
      );
    end else begin : g_no_cut
      assign sig_c = sig_d;
      assign base = base_d;
      assign c_nan = is_nan;
      assign c_inf = is_inf;
      assign c_zero = is_zero;
      assign c_sign = sign;
      wire unused_cut = clk ^ en;
    end
  endgenerate

  // ---- 3. round to nearest, ties to even -----------------------------------------
  wire [MAN_BITS:0]    kept     = sig_c[SW-1:SW-1-MAN_BITS];  // hidden bit + fraction
  wire                 guard    = sig_c[SW-2-MAN_BITS];
  wire                 sticky   = |sig_c[SW-3-MAN_BITS:0];
  wire                 rnd_up   = guard & (sticky | kept[0]);
  wire [MAN_BITS+1:0]  rounded  = {1'b0, kept} + { {(MAN_BITS+1){1'b0}}, rnd_up};

  // ---- 4. exponent field -----------------------------------------------------------
  wire signed [IW-1:0] carry_x  = $signed({ {(IW-2){1'b0}}, rounded[MAN_BITS+1:MAN_BITS]});
  wire signed [IW-1:0] exp_f    = base + carry_x;

  // ---- 5. overflow and special results -------------------------------------------
  wire                 overflow = (exp_f >= E_INF);

  wire [EXP_BITS+MAN_BITS:0] y_nan    = {1'b0, {EXP_BITS{1'b1}}, 1'b1, {(MAN_BITS-1){1'b0}}};
  wire [EXP_BITS+MAN_BITS:0] y_inf    = {c_sign, {EXP_BITS{1'b1}}, {MAN_BITS{1'b0}}};
  wire [EXP_BITS+MAN_BITS:0] y_zero   = {c_sign, {(EXP_BITS+MAN_BITS){1'b0}}};
  wire [EXP_BITS+MAN_BITS:0] y_finite = {c_sign, exp_f[EXP_BITS-1:0], rounded[MAN_BITS-1:0]};

  assign y = c_nan               ? y_nan  :
             c_inf               ? y_inf  :
             c_zero              ? y_zero :
             overflow            ? y_inf  :
                                   y_finite;

endmodule
`default_nettype wire
