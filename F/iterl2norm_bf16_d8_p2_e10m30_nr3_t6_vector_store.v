`default_nettype none
// iterl2norm_bf16_d8_p2_e10m30_nr3_t6_vector_store: the macro's vector memory, DEPTH words of WIDTH bits (one input beat a
// word). A plain simple-dual-port RAM so that a foundry or OpenRAM macro can replace it:
//   write port: wr_en, wr_addr, wr_data          (written on the rising edge of clk)
//   read port:  rd_en, rd_addr -> rd_data        (registered: rd_data changes on the edge after
//                                                 rd_en, and holds while rd_en is low)
// The macro never reads and writes the same address on the same edge.
module iterl2norm_bf16_d8_p2_e10m30_nr3_t6_vector_store #(
    parameter integer WIDTH = 32,
    parameter integer DEPTH = 16,
    parameter integer AW    = 4
) (
    input  wire             clk,
    input  wire             wr_en,
    input  wire [AW-1:0]    wr_addr,
    input  wire [WIDTH-1:0] wr_data,
    input  wire             rd_en,
    input  wire [AW-1:0]    rd_addr,
    output reg  [WIDTH-1:0] rd_data
);
    reg [WIDTH-1:0] mem [0:DEPTH-1];
    always @(posedge clk) begin
        if (wr_en) mem[wr_addr] <= wr_data;
        if (rd_en) rd_data <= mem[rd_addr];
    end
endmodule
`default_nettype wire
