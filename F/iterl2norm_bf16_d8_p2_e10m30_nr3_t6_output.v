`default_nettype none
// iterl2norm_bf16_d8_p2_e10m30_nr3_t6_output: hand-off queue, store read-out and the output datapath (line-rate engine).
//   queue    2 entries of (b, scale), in vector order, pushed by the scalar unit (res_*);
//            one vector per occupied slot, so it cannot overflow
//   read-out a store read is issued (rd_fire) when stage R is free or being emptied and a beat is
//            left: the current vector's next, or the first of the vector at the head of the queue,
//            whose (b, scale) then move into the output registers o_b, o_scale on the same edge as
//            its first beat enters stage R
//   datapath stage R (the slot's registered read port), 0 stage(s), output register O:
//            out = RNE_io(x * b * 2^scale)
//            all stages move together when O is empty or being accepted (o_load)
// Ports:
//   res_valid, res_b, res_scale    a vector's factor and scale (from the scalar unit)
//   rd_fire                        issue the store read of the next beat (to the slot control)
//   rd_last                        that beat is its vector's last (from the slot control)
//   rd_addr                        its beat index (the parameter store reads beside it)
//   rd_data                        the beat read on the previous rd_fire
//   out_*                          the output stream (valid/ready; out_last marks a vector's last beat)
// Reset (rst, synchronous): queue, read-out and stage valid bits.
module iterl2norm_bf16_d8_p2_e10m30_nr3_t6_output (
    input  wire                 clk,
    input  wire                 rst,
    input  wire                 res_valid,
    input  wire [41-1:0]   res_b,
    input  wire signed [12-1:0] res_scale,
    output wire                 rd_fire,
    input  wire                 rd_last,
    input  wire [2-1:0]          rd_addr,
    input  wire [2*16-1:0]  rd_data,
    output wire                 out_valid,
    input  wire                 out_ready,
    output wire [2*16-1:0]  out_data,
    output wire                 out_last
);
    localparam integer P = 2, W = 16, WI = 41, SB = 12;
    localparam integer E_IO = 8, M_IO = 7, E_I = 10, M_I = 30;
    localparam integer QW = 1;
    localparam [QW-1:0] LAST_Q = 1'd1;

    // ---- hand-off queue --------------------------------------------------------------------
    reg  [2*WI-1:0] q_b;
    reg  [2*SB-1:0] q_s;
    reg  [QW-1:0]   q_wr, q_rd;
    reg  [QW:0]     q_n;          // entries held
    wire            q_pop;
    always @(posedge clk) begin
        if (rst) begin
            q_wr <= {QW{1'b0}};
            q_rd <= {QW{1'b0}};
            q_n  <= {(QW+1){1'b0}};
        end else begin
            if (res_valid) q_wr <= (q_wr == LAST_Q) ? {QW{1'b0}} : q_wr + 1'd1;
            if (q_pop)     q_rd <= (q_rd == LAST_Q) ? {QW{1'b0}} : q_rd + 1'd1;
            q_n <= q_n + { {QW{1'b0}}, res_valid } - { {QW{1'b0}}, q_pop };
        end
        if (res_valid) begin
            q_b[q_wr*WI +: WI] <= res_b;
            q_s[q_wr*SB +: SB] <= res_scale;
        end
    end

    // ---- read-out --------------------------------------------------------------------------
    reg            rd_pending;    // the current vector has beats left to read
    reg            r_valid, r_last;   // stage R
    reg            o_valid, o_last;   // stage O
    reg  [P*W-1:0] o_data;
    reg  [WI-1:0]  o_b;           // the factor of the vector in stage R
    reg  signed [SB-1:0] o_scale;
    wire           o_load  = !o_valid || out_ready;            // the output pipeline moves
    wire           r_free  = !r_valid || o_load;               // stage R is (being) emptied
    assign         q_pop   = r_free && !rd_pending && (q_n != {(QW+1){1'b0}});   // a new vector's first read
    assign         rd_fire = r_free && (rd_pending || q_pop);
    always @(posedge clk) begin
        if (q_pop) begin
            o_b     <= q_b[q_rd*WI +: WI];
            o_scale <= q_s[q_rd*SB +: SB];
        end
    end
    wire [WI-1:0]  b_use = o_b;
    wire signed [SB-1:0] s_use = o_scale;
    wire unused_rd_addr = ^rd_addr;

    // ---- datapath --------------------------------------------------------------------------
    wire [P*W-1:0] y_w;           // the value entering stage O
    reg  [1-1:0] px_v, px_l;      // valid / last bits of the intermediate stages
    genvar j;
    generate
        for (j = 0; j < P; j = j + 1) begin : out_lane
            wire [W-1:0] operand = rd_data[j*W +: W];
            // y = x * b * 2^scale, one rounding to bf16.
            iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_mul #(
                .A_EXP_BITS(E_IO), .A_MAN_BITS(M_IO), .B_EXP_BITS(E_I), .B_MAN_BITS(M_I),
                .Y_EXP_BITS(E_IO), .Y_MAN_BITS(M_IO), .SCALE_BITS(SB), .LAT(0)
            ) scale_mul (.clk(clk), .en(o_load), .a(operand), .b(b_use), .scale(s_use), .y(y_w[j*W +: W]));
        end
    endgenerate

    always @(posedge clk) begin
        if (rst) begin
            rd_pending <= 1'b0;
            r_valid    <= 1'b0;
            r_last     <= 1'b0;
            o_valid    <= 1'b0;
            o_last     <= 1'b0;
            px_v       <= 1'd0;
            px_l       <= 1'd0;
        end else begin
            if (rd_fire) begin
                rd_pending <= !rd_last;
                r_last     <= rd_last;
            end
            if (rd_fire)     r_valid <= 1'b1;
            else if (o_load) r_valid <= 1'b0;
            if (o_load) begin
                o_valid <= r_valid;
                if (r_valid) begin
                    o_last <= r_last;
                    o_data <= r_last ? y_w : y_w;
                end
            end
        end
    end
    wire unused_px = ^px_v ^ ^px_l;
    assign out_valid = o_valid;
    assign out_data  = o_data;
    assign out_last  = o_last;
endmodule
`default_nettype wire
