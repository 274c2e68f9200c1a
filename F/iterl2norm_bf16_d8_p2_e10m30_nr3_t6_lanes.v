`default_nettype none
// iterl2norm_bf16_d8_p2_e10m30_nr3_t6_lanes: input register, squares and the P lane accumulators (line-rate engine).
// One accepted input beat a cycle, no gap between vectors:
//   stage X: x_q = the beat (lanes past d in the last beat masked off)
//   stage Q: q_j = RNE_int(x_j * x_j * 2^-2K)      (P multipliers, bf16 x bf16 -> e10m30)
//   then iterl2norm_bf16_d8_p2_e10m30_nr3_t6_accumulate: the P lane accumulators (1 partial sum(s) a lane)
// Operator registers: multipliers 0; the beats' tags travel in a delay line beside them.
// Ports:
//   in_fire, in_first, in_last, in_data   the beat accepted on this edge and its place in its vector
//   sum_done, lane_sum                    from iterl2norm_bf16_d8_p2_e10m30_nr3_t6_accumulate: a complete vector's partial sums
// Reset (rst, synchronous): the stage valid bits; the data registers need none.
module iterl2norm_bf16_d8_p2_e10m30_nr3_t6_lanes (
    input  wire                 clk,
    input  wire                 rst,
    input  wire                 in_fire,
    input  wire                 in_first,
    input  wire                 in_last,
    input  wire [2*16-1:0]  in_data,
    output wire                 sum_done,
    output wire [1*2*41-1:0] lane_sum
);
    localparam integer P = 2, W = 16, WI = 41;
    localparam integer E_IO = 8, M_IO = 7, E_I = 10, M_I = 30;
    localparam [P-1:0] ALL_LANES = {P{1'b1}};
    localparam [P-1:0] LAST_MASK = 2'b11;   // lanes that carry elements in the last beat
    localparam signed [8:0] SQ_SCALE = 9'sd0;      // squares are scaled by 2^-2K

    // Stage X.
    reg [P*W-1:0] x_q;
    reg [P-1:0]   x_m;            // lanes with an element
    reg           x_v, x_f, x_l;  // valid, first beat, last beat
    always @(posedge clk) begin
        if (rst) x_v <= 1'b0;
        else     x_v <= in_fire;
        if (in_fire) begin
            x_q <= in_data;
            x_m <= in_last ? LAST_MASK : ALL_LANES;
            x_f <= in_first;
            x_l <= in_last;
        end
    end

    // Stage Q: the multipliers' result 0 cycle(s) after stage X, registered; the tags beside them.
    wire [P*WI-1:0] sq_w;
    reg  [P*WI-1:0] sq_q;
    wire [P+2:0]    x_t;
    reg  [P-1:0]    sq_m;
    reg             sq_v, sq_f, sq_l;
    iterl2norm_bf16_d8_p2_e10m30_nr3_t6_delay #(.WIDTH(P + 3), .DEPTH(0), .RESET(1)) x_tag (
        .clk(clk), .rst(rst), .en(1'b1), .d({x_v, x_f, x_l, x_m}), .q(x_t));
    always @(posedge clk) begin
        if (rst) sq_v <= 1'b0;
        else     sq_v <= x_t[P+2];
        {sq_f, sq_l, sq_m} <= x_t[P+1:0];
        sq_q <= sq_w;
    end
    genvar j;
    generate
        for (j = 0; j < P; j = j + 1) begin : lane
            iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_mul #(
                .A_EXP_BITS(E_IO), .A_MAN_BITS(M_IO), .B_EXP_BITS(E_IO), .B_MAN_BITS(M_IO),
                .Y_EXP_BITS(E_I), .Y_MAN_BITS(M_I), .SCALE_BITS(9), .LAT(0)
            ) square (.clk(clk), .en(1'b1), .a(x_q[j*W +: W]), .b(x_q[j*W +: W]), .scale(SQ_SCALE), .y(sq_w[j*WI +: WI]));
        end
    endgenerate
    iterl2norm_bf16_d8_p2_e10m30_nr3_t6_accumulate accum (
        .clk(clk), .rst(rst), .q_v(sq_v), .q_first(sq_f), .q_last(sq_l), .q_m(sq_m), .q(sq_q),
        .sum_done(sum_done), .lane_sum(lane_sum)
    );
endmodule
`default_nettype wire
