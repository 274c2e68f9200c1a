`default_nettype none
// iterl2norm_bf16_d8_p2_e10m30_nr3_t6_slots: the ring of 2 vector slots and their control (line-rate engine).
// Each slot is one iterl2norm_bf16_d8_p2_e10m30_nr3_t6_vector_store (4 words of P x W bits, simple dual port, registered
// read), a module an SRAM macro replaces. Vectors take the slots in turn; a vector holds its slot
// from its first input beat to its last store read. 2 slots are the fewest whole slots that
// sustain PERIOD = 12: a slot is busy 2B + 3 + TL + E + C = 24 cycles a vector.
// Admission (in_ready): a vector's first beat is taken only when a slot is free and at least
// 8 cycle(s) (T - B) after the previous vector's last beat, so that the lane tree and the scalar unit
// never see two vectors within T = 12 cycles; the other beats of a vector are always taken.
// Ports:
//   in_valid, in_ready, in_data     the input stream (top level)
//   in_fire, in_first, in_last      a beat is accepted on this edge; it is its vector's first / last
//   rd_fire                         read the next beat of the oldest vector (from the output stage)
//   rd_last, rd_addr                that beat is its vector's last; its beat index
//   rd_data                         the beat of the previous rd_fire (held until the next)
// Reset (rst, synchronous): pointers, slot count and the admission counter; the ring is empty.
module iterl2norm_bf16_d8_p2_e10m30_nr3_t6_slots (
    input  wire                 clk,
    input  wire                 rst,
    input  wire                 in_valid,
    output wire                 in_ready,
    input  wire [2*16-1:0]  in_data,
    output wire                 in_fire,
    output wire                 in_first,
    output wire                 in_last,
    input  wire                 rd_fire,
    output wire                 rd_last,
    output wire [2-1:0]          rd_addr,
    output wire [2*16-1:0]  rd_data
);
    localparam integer P = 2, W = 16, SAW = 2, SLW = 1;
    localparam [SAW-1:0] LAST_BEAT = 2'd3;
    localparam [SLW-1:0] LAST_SLOT = 1'd1;
    localparam [SLW:0]   SLOTS     = 2'd2;

    reg  [SAW-1:0] wr_beat, rd_beat;   // beat within the vector being written / read
    reg  [SLW-1:0] wr_slot, rd_slot;   // its slot
    reg  [SLW:0]   used;               // slots holding a vector
    reg  [4-1:0] hold;               // cycles before a first beat may be taken
    wire           admit = (used != SLOTS) && (hold == 4'd0);
    assign in_first = (wr_beat == {SAW{1'b0}});
    assign in_last  = (wr_beat == LAST_BEAT);
    assign rd_last  = (rd_beat == LAST_BEAT);
    assign in_ready = !in_first || admit;
    assign in_fire  = in_valid && in_ready;
    assign rd_addr  = rd_beat;
    wire   freed    = rd_fire && rd_last;

    always @(posedge clk) begin
        if (rst) begin
            wr_beat <= {SAW{1'b0}};
            rd_beat <= {SAW{1'b0}};
            wr_slot <= {SLW{1'b0}};
            rd_slot <= {SLW{1'b0}};
            used    <= {(SLW+1){1'b0}};
            hold    <= 4'd0;
        end else begin
            if (in_fire) begin
                wr_beat <= in_last ? {SAW{1'b0}} : wr_beat + 2'd1;
                if (in_last) wr_slot <= (wr_slot == LAST_SLOT) ? {SLW{1'b0}} : wr_slot + 1'd1;
            end
            if (rd_fire) begin
                rd_beat <= rd_last ? {SAW{1'b0}} : rd_beat + 2'd1;
                if (rd_last) rd_slot <= (rd_slot == LAST_SLOT) ? {SLW{1'b0}} : rd_slot + 1'd1;
            end
            used <= used + { {SLW{1'b0}}, in_fire && in_first } - { {SLW{1'b0}}, freed };
            if (in_fire && in_last)      hold <= 4'd8;
            else if (hold != 4'd0)  hold <= hold - 4'd1;
        end
    end

    // The slots; the read data comes from the slot of the last read.
    reg  [SLW-1:0] rd_sel;
    always @(posedge clk) if (rd_fire) rd_sel <= rd_slot;
    wire [2*P*W-1:0] slot_data;
    genvar s;
    generate
        for (s = 0; s < 2; s = s + 1) begin : slot
            localparam [SLW-1:0] SLOT = s;
            iterl2norm_bf16_d8_p2_e10m30_nr3_t6_vector_store #(.WIDTH(P*W), .DEPTH(4), .AW(SAW)) store (
                .clk(clk),
                .wr_en(in_fire && wr_slot == SLOT), .wr_addr(wr_beat), .wr_data(in_data),
                .rd_en(rd_fire && rd_slot == SLOT), .rd_addr(rd_beat), .rd_data(slot_data[s*P*W +: P*W])
            );
        end
    endgenerate
    assign rd_data = slot_data[rd_sel*P*W +: P*W];
endmodule
`default_nettype wire
