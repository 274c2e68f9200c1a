`default_nettype none
// -----------------------------------------------------------------------------
// iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_unpack: classify a floating-point word and bring every finite
// non-zero value (subnormals included) to the normalised form
//
//     value = (-1)^sign * 1.frac * 2^exp        (exp unbiased, signed)
//
// Format (EXP_BITS, MAN_BITS): a = {sign, biased exponent E, mantissa m},
// bias B = 2^(EXP_BITS-1) - 1.
//   E == all ones, m != 0 : NaN
//   E == all ones, m == 0 : infinity
//   E == 0,        m == 0 : zero
//   E == 0,        m != 0 : subnormal, value = 0.m * 2^(1-B)
//   otherwise             : normal,    value = 1.m * 2^(E-B)
//
// Subnormal normalisation: with z = leading zeros of m (a leading-zero counter
// over the MAN_BITS mantissa bits), the leading 1 of m sits at bit
// MAN_BITS-1-z, so value = 1.f * 2^(1-B-MAN_BITS + MAN_BITS-1-z) = 1.f * 2^(-B-z)
// where f is m shifted left by z+1 (the leading 1 becomes the hidden bit and
// leaves the field).
//
// For special operands the exp/frac outputs are still well defined but carry
// no value: inf/NaN give exp = B+1 and frac = m; zero gives exp = -B-MAN_BITS
// and frac = 0. Users must qualify them with is_nan/is_inf/is_zero.
//
// Exponent width. exp ranges over [1-B-MAN_BITS, B+1] (smallest subnormal to
// inf/NaN). With k = max(EXP_BITS, clog2(MAN_BITS+1)):
//   B + MAN_BITS - 1 <= (2^(k-1) - 2) + (2^k - 1) < 2^(k+1)   and   B+1 <= 2^(k-1),
// so k+2 signed bits always hold exp; that is the default XW. The arithmetic
// below is done in max(XW, k+2) bits, so it never wraps; XW must be at least
// k+2 bits for the output itself not to be truncated (for EXP_BITS 4..11 and
// MAN_BITS 2..40, k+2 is at most 13).
// -----------------------------------------------------------------------------
module iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_unpack #(
  parameter EXP_BITS = 8,
  parameter MAN_BITS = 23,
  parameter XW = ((EXP_BITS > $clog2(MAN_BITS + 1)) ? EXP_BITS : $clog2(MAN_BITS + 1)) + 2
) (
  input  wire [EXP_BITS+MAN_BITS:0] a,
  output wire                       is_nan,
  output wire                       is_inf,
  output wire                       is_zero,
  output wire                       sign,
  output wire signed [XW-1:0]       exp,
  output wire [MAN_BITS-1:0]        frac
);

  // Safe width for the unbiased exponent (see header), and the working width.
  localparam K  = (EXP_BITS > $clog2(MAN_BITS + 1)) ? EXP_BITS : $clog2(MAN_BITS + 1);
  localparam UW = K + 2;
  localparam IW = (XW > UW) ? XW : UW;
  // Width of the leading-zero count of the mantissa (holds 0..MAN_BITS).
  localparam LZW = $clog2(MAN_BITS + 1);
  localparam signed [IW-1:0] BIAS = 2 ** (EXP_BITS - 1) - 1;

  // ---- fields --------------------------------------------------------------
  wire [EXP_BITS-1:0] e_field = a[EXP_BITS+MAN_BITS-1:MAN_BITS];
  wire [MAN_BITS-1:0] m_field = a[MAN_BITS-1:0];
  wire                e_zero  = ~|e_field;    // zero or subnormal
  wire                e_ones  = &e_field;     // infinity or NaN
  wire                m_zero  = ~|m_field;

  // ---- classification --------------------------------------------------------
  assign sign    = a[EXP_BITS+MAN_BITS];
  assign is_nan  = e_ones & ~m_zero;
  assign is_inf  = e_ones &  m_zero;
  assign is_zero = e_zero &  m_zero;

  // ---- subnormal normalisation -------------------------------------------------
  // z = number of leading zeros of the mantissa field.
  wire [LZW-1:0] z;
  iterl2norm_bf16_d8_p2_e10m30_nr3_t6_lzc #(.WIDTH(MAN_BITS)) u_lzc (.a(m_field), .count(z));

  // Shift the leading 1 up to the hidden-bit position (out of the field):
  // first by z (leading 1 reaches bit MAN_BITS-1), then by one more.
  wire [MAN_BITS-1:0] m_lead = m_field << z;
  wire [MAN_BITS-1:0] f_sub  = m_lead << 1;

  // ---- unbiased exponent -------------------------------------------------------
  // normal:    exp = E - B
  // subnormal: exp = -B - z   (see header; zero gives -B-MAN_BITS)
  wire signed [IW-1:0] e_biased = $signed({ {(IW-EXP_BITS){1'b0}}, e_field});
  wire signed [IW-1:0] z_ext    = $signed({ {(IW-LZW){1'b0}}, z});
  wire signed [IW-1:0] exp_norm = e_biased - BIAS;
  wire signed [IW-1:0] exp_sub  = -BIAS - z_ext;
  wire signed [IW-1:0] exp_int  = e_zero ? exp_sub : exp_norm;

  assign exp  = exp_int[XW-1:0];
  assign frac = e_zero ? f_sub : m_field;

endmodule
`default_nettype wire
