`default_nettype none
// iterl2norm_bf16_d8_p2_e10m30_nr3_t6_accumulate: the P lane accumulators (line-rate engine), fed one beat a cycle, no gap
// between vectors. Lane j sums elements j, j+P, j+2P, ... of a vector; beat t goes to partial sum
// s = t mod 1:
//   acc_j,s = (first beat of the partial sum ? +0 : acc_j,s) + q_j       (P adders, e10m30)
// The first beat of a partial sum adds to +0 instead of the previous vector's sum, so consecutive
// vectors need no clearing cycle; a lane without an element keeps its sum (+0 when it has none).
// Used by iterl2norm_bf16_d8_p2_e10m30_nr3_t6_lanes.
// Ports:
//   q_v, q_first, q_last, q_m, q   a beat's values (lane j at [j*41 +: 41]), valid, its vector's
//                                  first / last beat, the lanes that carry an element
//   sum_done                       high in the cycle in which lane_sum holds the partial sums of a
//                                  complete vector (its last beat's addition is at the adders'
//                                  outputs); the lane tree loads them on that edge
//   lane_sum                       partial sum s of lane j at [(s*P + j)*41 +: 41]
// Reset (rst, synchronous): the valid bits; the data registers need none.
module iterl2norm_bf16_d8_p2_e10m30_nr3_t6_accumulate (
    input  wire                 clk,
    input  wire                 rst,
    input  wire                 q_v,
    input  wire                 q_first,
    input  wire                 q_last,
    input  wire [2-1:0]          q_m,
    input  wire [2*41-1:0] q,
    output wire                 sum_done,
    output wire [1*2*41-1:0] lane_sum
);
    localparam integer P = 2, WI = 41, E_I = 10, M_I = 30;
    localparam integer NS = 1, SLW = 1;
    localparam integer TAGW = 4 + SLW + P;   // valid, first beat of the vector, first of its partial sum, last beat, partial sum, lanes

    // The beat's partial sum and whether it is that partial sum's first beat.
    wire [SLW-1:0] cur_s;
    wire           cur_f;
    assign cur_s = 1'b0;
    assign cur_f = q_first;

    // The adders' result 0 cycle(s) after their operands; the tags beside them.
    wire [P-1:0]    w_m;
    wire            w_v, w_vf, w_f, w_l;
    wire [SLW-1:0]  w_s;
    iterl2norm_bf16_d8_p2_e10m30_nr3_t6_delay #(.WIDTH(TAGW), .DEPTH(0), .RESET(1)) tags (
        .clk(clk), .rst(rst), .en(1'b1), .d({q_v, q_first, cur_f, q_last, cur_s, q_m}), .q({w_v, w_vf, w_f, w_l, w_s, w_m}));
    wire unused_vf = w_vf;
    assign sum_done = w_v && w_l;
    reg [NS*P*WI-1:0] acc;        // partial sum s of lane j at [(s*P + j)*WI +: WI]
    wire unused_slot = ^w_s ^ w_f;   // one partial sum a lane (w_base is the issue-time base)
    genvar j;
    generate
        for (j = 0; j < P; j = j + 1) begin : lane
            wire [WI-1:0] base   = cur_f ? {WI{1'b0}} : acc[j*WI +: WI];   // +0 on a vector's first beat
            wire [WI-1:0] w_base = base;
            wire [WI-1:0] sum_w;
            iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_add #(.EXP_BITS(E_I), .MAN_BITS(M_I), .LAT(0)) adder (
                .clk(clk), .en(1'b1), .a(base), .b(q[j*WI +: WI]), .sub(1'b0), .y(sum_w)
            );
            wire [WI-1:0] value = w_m[j] ? sum_w : w_base;
            assign lane_sum[j*WI +: WI] = value;
            always @(posedge clk) if (w_v) acc[j*WI +: WI] <= value;
        end
    endgenerate
endmodule
`default_nettype wire
