`default_nettype none
// -----------------------------------------------------------------------------
// iterl2norm_bf16_d8_p2_e10m30_nr3_t6_lzc: leading-zero counter (purely combinational).
//
//   count = number of zero bits above the most significant 1 of `a`
//         = WIDTH when a == 0.
//
// Implementation: binary search in CW = clog2(WIDTH+1) stages. The input is
// padded below with ones to PW = 2^CW bits (PW >= WIDTH+1, so a == 0 still
// meets a 1 right after its WIDTH zeros and counts WIDTH). Stage k, from the
// top, looks at the upper half of the window left by the stages above: if it
// is all zero, bit k of the count is 1 and the lower half is kept, else the
// upper half. Each stage is a zero test and a 2:1 multiplexer of a window half
// the size of the one before, so the depth is logarithmic in WIDTH (and
// simulators evaluate it as plain nets).
// -----------------------------------------------------------------------------
module iterl2norm_bf16_d8_p2_e10m30_nr3_t6_lzc #(
  parameter WIDTH = 24
) (
  input  wire [WIDTH-1:0]           a,
  output wire [$clog2(WIDTH+1)-1:0] count
);

  localparam CW = $clog2(WIDTH + 1);   // count width: holds the value WIDTH itself
  localparam PW = 1 << CW;             // padded width

  wire [PW-1:0] padded = {a, {(PW - WIDTH){1'b1}}};

  // Each stage has its own nets (no array shared between stages, so no false loop for lint).
  // Stage k sees the 2^(k+1)-bit window that can still hold the leading one: if its upper half
  // is zero, count bit k is set and the lower half goes on, else the upper half goes on.
  genvar k;
  generate
    for (k = CW - 1; k >= 0; k = k - 1) begin : stage
      wire [(2 << k)-1:0] in_v;
      if (k == CW - 1) begin : top
        assign in_v = padded;
      end else begin : below
        assign in_v = stage[k+1].shift.out_v;
      end
      wire zero_top = ~|in_v[(2 << k)-1 -: (1 << k)];
      assign count[k] = zero_top;
      if (k > 0) begin : shift
        wire [(1 << k)-1:0] out_v = zero_top ? in_v[(1 << k)-1:0] : in_v[(2 << k)-1 -: (1 << k)];
      end else begin : last
        wire unused_low = in_v[0];   // the last stage needs only the upper bit of its window
      end
    end
  endgenerate

endmodule
`default_nettype wire
