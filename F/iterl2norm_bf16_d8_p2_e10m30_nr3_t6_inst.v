// iterl2norm_bf16_d8_p2_e10m30_nr3_t6_inst.v: instantiation template of iterl2norm_bf16_d8_p2_e10m30_nr3_t6 (iterl2norm 0.1.0).
// Not a design source: files.f and manifest.json "files" list the design. Every line here
// is a comment, so reading every *.v of this folder reads nothing from this file. Copy the
// lines between the marks into your module and remove the leading "// ".
// ---- BEGIN instance template
// wire        clk;        // input, clock, rising edge
// wire        rst;        // input, synchronous reset, active high
// wire        in_valid;   // input, input beat valid
// wire        in_ready;   // output, macro accepts an input beat
// wire [31:0] in_data;    // input, lanes x bf16, lane j at bits [j*16 +: 16]
// wire        out_valid;  // output, output beat valid
// wire        out_ready;  // input, consumer accepts an output beat
// wire [31:0] out_data;   // output, lanes x bf16, normalised
// wire        out_last;   // output, last beat of a vector
//
// iterl2norm_bf16_d8_p2_e10m30_nr3_t6 u_iterl2norm_bf16_d8_p2_e10m30_nr3_t6 (
//     .clk       (clk),
//     .rst       (rst),
//     .in_valid  (in_valid),
//     .in_ready  (in_ready),
//     .in_data   (in_data),
//     .out_valid (out_valid),
//     .out_ready (out_ready),
//     .out_data  (out_data),
//     .out_last  (out_last)
// );
// ---- END instance template
