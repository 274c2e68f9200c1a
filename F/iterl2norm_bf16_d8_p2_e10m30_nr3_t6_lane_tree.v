`default_nettype none
// iterl2norm_bf16_d8_p2_e10m30_nr3_t6_lane_tree: the P lane sums reduced to one, m = sum of squares (line-rate engine).
// The tree has its own 1 adder(s) (e10m30, 0 pipeline register(s) each), so that the lane
// adders accumulate the next vector meanwhile. Registers r[s*P + j]: lane j's partial sum s
// (1 a lane). The golden model's order: each lane's partial sums folded, r[j] += r[s*P + j] for
// s = 1, 2, ...; then pairwise and in place, level by level: level l adds r[i + 2^l] into r[i]
// for i = 0, 2^(l+1), 2*2^(l+1), ... (an odd one out waits). The schedule is
// static (generator/plan.ts, scheduleTree): an addition issues when its operands are final and
// an adder is free, and is written 0 cycle(s) later; 1 cycle(s) in all.
// Schedule (cycle: additions issued):
//   0: r[0] += r[1] (adder 0)
// Ports:
//   load, sums   the lane sums of a complete vector, registered on an edge where load is high
//   m, m_valid   m is the vector's sum in the cycle where m_valid is high (1 cycle(s) after load);
//                the scalar unit takes it on that edge. A new load may come on that same edge.
// Reset (rst, synchronous): the step bits.
module iterl2norm_bf16_d8_p2_e10m30_nr3_t6_lane_tree (
    input  wire                 clk,
    input  wire                 rst,
    input  wire                 load,
    input  wire [1*2*41-1:0] sums,
    output wire [41-1:0]   m,
    output wire                 m_valid
);
    localparam integer P = 2, WI = 41;
    localparam integer E_I = 10, M_I = 30;
    reg [1*P*WI-1:0] r;
    reg [1:0]     st;      // st[i]: cycle i of the schedule; st[1]: m is ready
    always @(posedge clk) begin
        if (rst) st <= 2'd0;
        else     st <= {st[0:0], load};
    end
    assign m       = r[WI-1:0];
    assign m_valid = st[1];

    // Tree adder 0.
    reg  [WI-1:0] ta0, tb0;
    wire [WI-1:0] ts0;
    always @* begin
        ta0 = r[0*WI +: WI]; tb0 = r[1*WI +: WI];
        if (st[0]) begin ta0 = r[0*WI +: WI]; tb0 = r[1*WI +: WI]; end
    end
    iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_add #(.EXP_BITS(E_I), .MAN_BITS(M_I), .LAT(0)) adder0 (
        .clk(clk), .en(1'b1), .a(ta0), .b(tb0), .sub(1'b0), .y(ts0)
    );

    always @(posedge clk) begin
        if (load) r <= sums;
        else if (st[0]) begin r[0*WI +: WI] <= ts0; end
    end
endmodule
`default_nettype wire
