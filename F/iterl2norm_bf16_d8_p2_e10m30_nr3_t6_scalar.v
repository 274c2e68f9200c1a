`default_nettype none
// iterl2norm_bf16_d8_p2_e10m30_nr3_t6_scalar: seed and scalar loop, from m (the sum of squares) to the output factor b and
// its power-of-two scale (line-rate engine). One multiplier and one adder of e10m30, one
// rounded operation a cycle, the micro-program of generator/model/scalar-program.ts:
//   step     t = b * b     (3 steps)
//   step     t = t * halfS     (3 steps)
//   step     t = THREE_HALVES - t     (3 steps)
//   step     b = b * t     (3 steps)
// Seed: m = 1.f * 2^e, k = e + (e mod 2), s = m * 2^-k in [0.5, 2) and s/2 (the mantissa bits of m
// with a new exponent: no rounding), scale = -k/2 + SCALE_ADJ, b0 from the table on 6 fraction bits (128 entries).
// C = 12 cycle(s) a vector; a new vector may start on the edge on which the previous one's last
// operation completes (its result goes out on that edge, b0 comes in).
// Ports:
//   start, m             a sum of squares, taken on an edge where start is high (at most one
//                        every CS = 12 cycles: the input's admission guarantees it)
//   res_valid, res_b,    the vector's factor: b (NaN for a NaN or infinite m, +0 for a zero m) and
//   res_scale            the exponent of the output scale, valid in the cycle res_valid is high
// Reset (rst, synchronous): the loop control.
module iterl2norm_bf16_d8_p2_e10m30_nr3_t6_scalar (
    input  wire                  clk,
    input  wire                  rst,
    input  wire                  start,
    input  wire [41-1:0]    m,
    output wire                  res_valid,
    output wire [41-1:0]    res_b,
    output wire signed [12-1:0] res_scale
);
    localparam integer WI = 41, E_I = 10, M_I = 30;
    localparam integer XW = 12, SB = 12, OW = 2, NW = 2, SUBW = 1;
    localparam [SUBW-1:0] LAT_A = 1'd0, LAT_M = 1'd0;   // registers inside the adder, the multiplier
    localparam [E_I-1:0] BIAS_I      = 10'd511;
    localparam [WI-1:0] ONE          = 41'h07fc0000000;   // 1.0
    localparam [WI-1:0] THREE_HALVES = 41'h07fe0000000;   // 1.5
    localparam [WI-1:0] LAMBDA       = 41'h07f80000000;   // lambda = 0.5 (Euler rate)
    localparam [WI-1:0] SQRT_D       = 41'h0801a82799a;   // sqrt(d), rounded
    localparam [WI-1:0] NAN_I        = 41'h0ffe0000000;   // canonical NaN
    localparam signed [SB-1:0] SCALE_ADJ = 12'sd0;   // sqrt(d) power of two and the input scale 2^-K, added to -k/2

    // ---- seed ------------------------------------------------------------------------------
    wire          m_nan, m_inf, m_zero, m_sign;
    wire signed [XW-1:0] m_exp;
    wire [M_I-1:0] m_frac;
    iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_unpack #(.EXP_BITS(E_I), .MAN_BITS(M_I), .XW(XW)) unpack_m (
        .a(m), .is_nan(m_nan), .is_inf(m_inf), .is_zero(m_zero), .sign(m_sign),
        .exp(m_exp), .frac(m_frac)
    );
    wire unused_m_sign = m_sign;                      // m >= +0: a sum of squares
    wire                 parity   = m_exp[0];         // e mod 2 (two's complement)
    wire signed [XW-1:0] k_even   = m_exp + $signed({ {(XW-1){1'b0}}, parity });
    wire signed [XW-1:0] neg_half = -(k_even >>> 1);  // -k/2, exact since k is even
    wire [E_I-1:0] s_exp      = BIAS_I - { {(E_I-1){1'b0}}, parity };
    wire [WI-1:0]  s_bits     = {1'b0, s_exp, m_frac};
    wire [WI-1:0]  half_bits  = {1'b0, s_exp - 10'd1, m_frac};
    reg  [WI-1:0]  b0;
    // Seed ROM: b0 = 2 / (sqrt(lo) + sqrt(hi)) over the entry's interval [lo, hi) of s, rounded to
    // e10m30; index = {parity, top 6 fraction bits of m}. Worst |b0*sqrt(s) - 1| = 3.88e-3.
    always @* begin
        case ({parity, m_frac[M_I-1 -: 6]})
            7'd0: b0 = 41'h07fbf80fd87;   // s in [1.000000, 1.015625)
            7'd1: b0 = 41'h07fbe86db54;   // s in [1.015625, 1.031250)
            7'd2: b0 = 41'h07fbd926310;   // s in [1.031250, 1.046875)
            7'd3: b0 = 41'h07fbca35ed4;   // s in [1.046875, 1.062500)
            7'd4: b0 = 41'h07fbbb99b7c;   // s in [1.062500, 1.078125)
            7'd5: b0 = 41'h07fbad4e877;   // s in [1.078125, 1.093750)
            7'd6: b0 = 41'h07fb9f517a5;   // s in [1.093750, 1.109375)
            7'd7: b0 = 41'h07fb919fd26;   // s in [1.109375, 1.125000)
            7'd8: b0 = 41'h07fb8436f3b;   // s in [1.125000, 1.140625)
            7'd9: b0 = 41'h07fb7714624;   // s in [1.140625, 1.156250)
            7'd10: b0 = 41'h07fb6a35c01;   // s in [1.156250, 1.171875)
            7'd11: b0 = 41'h07fb5d98cb4;   // s in [1.171875, 1.187500)
            7'd12: b0 = 41'h07fb513b5ca;   // s in [1.187500, 1.203125)
            7'd13: b0 = 41'h07fb451b65c;   // s in [1.203125, 1.218750)
            7'd14: b0 = 41'h07fb3936eff;   // s in [1.218750, 1.234375)
            7'd15: b0 = 41'h07fb2d8c1a9;   // s in [1.234375, 1.250000)
            7'd16: b0 = 41'h07fb22191a0;   // s in [1.250000, 1.265625)
            7'd17: b0 = 41'h07fb16dc368;   // s in [1.265625, 1.281250)
            7'd18: b0 = 41'h07fb0bd3caf;   // s in [1.281250, 1.296875)
            7'd19: b0 = 41'h07fb00fe43e;   // s in [1.296875, 1.312500)
            7'd20: b0 = 41'h07faf65a1ec;   // s in [1.312500, 1.328125)
            7'd21: b0 = 41'h07faebe5e8d;   // s in [1.328125, 1.343750)
            7'd22: b0 = 41'h07fae1a03e5;   // s in [1.343750, 1.359375)
            7'd23: b0 = 41'h07fad787c9e;   // s in [1.359375, 1.375000)
            7'd24: b0 = 41'h07facd9b439;   // s in [1.375000, 1.390625)
            7'd25: b0 = 41'h07fac3d9705;   // s in [1.390625, 1.406250)
            7'd26: b0 = 41'h07faba41216;   // s in [1.406250, 1.421875)
            7'd27: b0 = 41'h07fab0d1337;   // s in [1.421875, 1.437500)
            7'd28: b0 = 41'h07faa7888e8;   // s in [1.437500, 1.453125)
            7'd29: b0 = 41'h07fa9e6624d;   // s in [1.453125, 1.468750)
            7'd30: b0 = 41'h07fa9568f2d;   // s in [1.468750, 1.484375)
            7'd31: b0 = 41'h07fa8c8ffe6;   // s in [1.484375, 1.500000)
            7'd32: b0 = 41'h07fa83da569;   // s in [1.500000, 1.515625)
            7'd33: b0 = 41'h07fa7b47130;   // s in [1.515625, 1.531250)
            7'd34: b0 = 41'h07fa72d553b;   // s in [1.531250, 1.546875)
            7'd35: b0 = 41'h07fa6a84408;   // s in [1.546875, 1.562500)
            7'd36: b0 = 41'h07fa625308d;   // s in [1.562500, 1.578125)
            7'd37: b0 = 41'h07fa5a40e34;   // s in [1.578125, 1.593750)
            7'd38: b0 = 41'h07fa524d0d5;   // s in [1.593750, 1.609375)
            7'd39: b0 = 41'h07fa4a76cb3;   // s in [1.609375, 1.625000)
            7'd40: b0 = 41'h07fa42bd673;   // s in [1.625000, 1.640625)
            7'd41: b0 = 41'h07fa3b2031e;   // s in [1.640625, 1.656250)
            7'd42: b0 = 41'h07fa339e816;   // s in [1.656250, 1.671875)
            7'd43: b0 = 41'h07fa2c37b19;   // s in [1.671875, 1.687500)
            7'd44: b0 = 41'h07fa24eb237;   // s in [1.687500, 1.703125)
            7'd45: b0 = 41'h07fa1db83d4;   // s in [1.703125, 1.718750)
            7'd46: b0 = 41'h07fa169e6a0;   // s in [1.718750, 1.734375)
            7'd47: b0 = 41'h07fa0f9d198;   // s in [1.734375, 1.750000)
            7'd48: b0 = 41'h07fa08b3bff;   // s in [1.750000, 1.765625)
            7'd49: b0 = 41'h07fa01e1d5f;   // s in [1.765625, 1.781250)
            7'd50: b0 = 41'h07f9fb26d83;   // s in [1.781250, 1.796875)
            7'd51: b0 = 41'h07f9f482476;   // s in [1.796875, 1.812500)
            7'd52: b0 = 41'h07f9edf3a81;   // s in [1.812500, 1.828125)
            7'd53: b0 = 41'h07f9e77a827;   // s in [1.828125, 1.843750)
            7'd54: b0 = 41'h07f9e116624;   // s in [1.843750, 1.859375)
            7'd55: b0 = 41'h07f9dac6d6c;   // s in [1.859375, 1.875000)
            7'd56: b0 = 41'h07f9d48b725;   // s in [1.875000, 1.890625)
            7'd57: b0 = 41'h07f9ce63cab;   // s in [1.890625, 1.906250)
            7'd58: b0 = 41'h07f9c84f786;   // s in [1.906250, 1.921875)
            7'd59: b0 = 41'h07f9c24e172;   // s in [1.921875, 1.937500)
            7'd60: b0 = 41'h07f9bc5f455;   // s in [1.937500, 1.953125)
            7'd61: b0 = 41'h07f9b682a41;   // s in [1.953125, 1.968750)
            7'd62: b0 = 41'h07f9b0b7d73;   // s in [1.968750, 1.984375)
            7'd63: b0 = 41'h07f9aafe851;   // s in [1.984375, 2.000000)
            7'd64: b0 = 41'h07fda28aa66;   // s in [0.500000, 0.507813)
            7'd65: b0 = 41'h07fd977cb61;   // s in [0.507813, 0.515625)
            7'd66: b0 = 41'h07fd8caeda0;   // s in [0.515625, 0.523438)
            7'd67: b0 = 41'h07fd821eb02;   // s in [0.523438, 0.531250)
            7'd68: b0 = 41'h07fd77c9f5f;   // s in [0.531250, 0.539063)
            7'd69: b0 = 41'h07fd6dae861;   // s in [0.539063, 0.546875)
            7'd70: b0 = 41'h07fd63ca569;   // s in [0.546875, 0.554688)
            7'd71: b0 = 41'h07fd5a1b770;   // s in [0.554688, 0.562500)
            7'd72: b0 = 41'h07fd50a00f3;   // s in [0.562500, 0.570313)
            7'd73: b0 = 41'h07fd47565d5;   // s in [0.570313, 0.578125)
            7'd74: b0 = 41'h07fd3e3cb4f;   // s in [0.578125, 0.585938)
            7'd75: b0 = 41'h07fd35517d7;   // s in [0.585938, 0.593750)
            7'd76: b0 = 41'h07fd2c93310;   // s in [0.593750, 0.601563)
            7'd77: b0 = 41'h07fd24005b7;   // s in [0.601563, 0.609375)
            7'd78: b0 = 41'h07fd1b97995;   // s in [0.609375, 0.617188)
            7'd79: b0 = 41'h07fd135796b;   // s in [0.617188, 0.625000)
            7'd80: b0 = 41'h07fd0b3f0ea;   // s in [0.625000, 0.632813)
            7'd81: b0 = 41'h07fd034cca2;   // s in [0.632813, 0.640625)
            7'd82: b0 = 41'h07fcfb7f9f7;   // s in [0.640625, 0.648438)
            7'd83: b0 = 41'h07fcf3d6715;   // s in [0.648438, 0.656250)
            7'd84: b0 = 41'h07fcec502e7;   // s in [0.656250, 0.664063)
            7'd85: b0 = 41'h07fce4ebd08;   // s in [0.664063, 0.671875)
            7'd86: b0 = 41'h07fcdda85c2;   // s in [0.671875, 0.679688)
            7'd87: b0 = 41'h07fcd684dfd;   // s in [0.679688, 0.687500)
            7'd88: b0 = 41'h07fccf8073c;   // s in [0.687500, 0.695313)
            7'd89: b0 = 41'h07fcc89a391;   // s in [0.695313, 0.703125)
            7'd90: b0 = 41'h07fcc1d159c;   // s in [0.703125, 0.710938)
            7'd91: b0 = 41'h07fcbb2507e;   // s in [0.710938, 0.718750)
            7'd92: b0 = 41'h07fcb4947d4;   // s in [0.718750, 0.726563)
            7'd93: b0 = 41'h07fcae1efb5;   // s in [0.726563, 0.734375)
            7'd94: b0 = 41'h07fca7c3ca8;   // s in [0.734375, 0.742188)
            7'd95: b0 = 41'h07fca18239e;   // s in [0.742188, 0.750000)
            7'd96: b0 = 41'h07fc9b599f1;   // s in [0.750000, 0.757813)
            7'd97: b0 = 41'h07fc954955e;   // s in [0.757813, 0.765625)
            7'd98: b0 = 41'h07fc8f50bfd;   // s in [0.765625, 0.773438)
            7'd99: b0 = 41'h07fc896f441;   // s in [0.773438, 0.781250)
            7'd100: b0 = 41'h07fc83a44f2;   // s in [0.781250, 0.789063)
            7'd101: b0 = 41'h07fc7def52a;   // s in [0.789063, 0.796875)
            7'd102: b0 = 41'h07fc784fc51;   // s in [0.796875, 0.804688)
            7'd103: b0 = 41'h07fc72c5218;   // s in [0.804688, 0.812500)
            7'd104: b0 = 41'h07fc6d4ee79;   // s in [0.812500, 0.820313)
            7'd105: b0 = 41'h07fc67ec9b2;   // s in [0.820313, 0.828125)
            7'd106: b0 = 41'h07fc629dc43;   // s in [0.828125, 0.835938)
            7'd107: b0 = 41'h07fc5d61eea;   // s in [0.835938, 0.843750)
            7'd108: b0 = 41'h07fc5838aa0;   // s in [0.843750, 0.851563)
            7'd109: b0 = 41'h07fc532189a;   // s in [0.851563, 0.859375)
            7'd110: b0 = 41'h07fc4e1c242;   // s in [0.859375, 0.867188)
            7'd111: b0 = 41'h07fc4928139;   // s in [0.867188, 0.875000)
            7'd112: b0 = 41'h07fc4444f50;   // s in [0.875000, 0.882813)
            7'd113: b0 = 41'h07fc3f7268d;   // s in [0.882813, 0.890625)
            7'd114: b0 = 41'h07fc3ab0121;   // s in [0.890625, 0.898438)
            7'd115: b0 = 41'h07fc35fd96d;   // s in [0.898438, 0.906250)
            7'd116: b0 = 41'h07fc315a9fb;   // s in [0.906250, 0.914063)
            7'd117: b0 = 41'h07fc2cc6d81;   // s in [0.914063, 0.921875)
            7'd118: b0 = 41'h07fc2841edb;   // s in [0.921875, 0.929688)
            7'd119: b0 = 41'h07fc23cb90d;   // s in [0.929688, 0.937500)
            7'd120: b0 = 41'h07fc1f6373f;   // s in [0.937500, 0.945313)
            7'd121: b0 = 41'h07fc1b094bf;   // s in [0.945313, 0.953125)
            7'd122: b0 = 41'h07fc16bccfb;   // s in [0.953125, 0.960938)
            7'd123: b0 = 41'h07fc127db83;   // s in [0.960938, 0.968750)
            7'd124: b0 = 41'h07fc0e4bc07;   // s in [0.968750, 0.976563)
            7'd125: b0 = 41'h07fc0a26a57;   // s in [0.976563, 0.984375)
            7'd126: b0 = 41'h07fc060e25f;   // s in [0.984375, 0.992188)
            7'd127: b0 = 41'h07fc0202028;   // s in [0.992188, 1.000000)
            default: b0 = {WI{1'b0}};
        endcase
    end
    wire unused_seed_frac = ^m_frac[M_I-6-1:0];   // below the table index

    // ---- loop ------------------------------------------------------------------------------
    localparam [1:0] PH_PRO = 2'd0, PH_ITER = 2'd1, PH_EPI = 2'd2;
    localparam [OW-1:0] LAST_OP  = 2'd3;
    localparam [OW-1:0] LAST_PRO = 2'd0;
    localparam [OW-1:0] LAST_EPI = 2'd0;
    localparam [NW-1:0] STEPS    = 2'd3;
    reg           run;           // a vector is in the loop
    reg  [1:0]    phase;
    reg  [OW-1:0] op;            // micro-op within the prologue, a step or the epilogue
    reg  [NW-1:0] step;          // completed steps
    reg  [WI-1:0] s_q, hs_q, b_q, t_q, ls_q;
    reg  signed [SB-1:0] scale_q;
    reg           nan_q, zero_q;  // special sum of squares: the loop result is replaced
    reg  [WI-1:0] mul_a, mul_b, add_a_s, add_b_s;
    reg           add_sub;
    reg  [SUBW-1:0] op_lat;      // registers of the current operation's operator
    reg  [SUBW-1:0] sub;         // cycles the current operation has waited for them
    wire          op_done = (sub == op_lat);   // its result is at the operator's output
    wire [WI-1:0] mul_y, add_y;
    wire unused_consts = ^ls_q ^ ^LAMBDA ^ ^THREE_HALVES ^ ^ONE ^ ^hs_q ^ ^s_q ^ ^SQRT_D ^ ^add_y ^ ^mul_y ^ ^t_q;
    always @* begin
        mul_a = b_q; mul_b = b_q; add_a_s = ONE; add_b_s = t_q; add_sub = 1'b1;
        op_lat = LAT_A;
        case (phase)
            PH_PRO: begin
                case (op)
                    default: ;
                endcase
            end
            PH_EPI: begin
                case (op)
                    default: ;
                endcase
            end
            default: begin
                case (op)
                    2'd0: begin mul_a = b_q; mul_b = b_q; op_lat = LAT_M; end   // t = b * b
                    2'd1: begin mul_a = t_q; mul_b = hs_q; op_lat = LAT_M; end   // t = t * halfS
                    2'd2: begin add_a_s = THREE_HALVES; add_b_s = t_q; add_sub = 1'b1; end   // t = THREE_HALVES - t
                    2'd3: begin mul_a = b_q; mul_b = t_q; op_lat = LAT_M; end   // b = b * t
                    default: ;
                endcase
            end
        endcase
    end
    iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_mul #(
        .A_EXP_BITS(E_I), .A_MAN_BITS(M_I), .B_EXP_BITS(E_I), .B_MAN_BITS(M_I),
        .Y_EXP_BITS(E_I), .Y_MAN_BITS(M_I), .SCALE_BITS(2), .LAT(0)
    ) scalar_mul (.clk(clk), .en(1'b1), .a(mul_a), .b(mul_b), .scale(2'sd0), .y(mul_y));
    iterl2norm_bf16_d8_p2_e10m30_nr3_t6_fp_add #(.EXP_BITS(E_I), .MAN_BITS(M_I), .LAT(0)) scalar_add (
        .clk(clk), .en(1'b1), .a(add_a_s), .b(add_b_s), .sub(add_sub), .y(add_y)
    );

    // An operation holds its operands until op_done: the pipelined operators see the same inputs
    // on every cycle, so their output then is the operation's result.
    always @(posedge clk) begin
        if (rst || start) sub <= {SUBW{1'b0}};
        else              sub <= (run && !op_done) ? sub + 1'd1 : {SUBW{1'b0}};
    end
    // The last operation of the program: b = b * t of the last step.
    wire fin = run && op_done && (phase == PH_ITER) && (op == LAST_OP) && (step + 2'd1 == STEPS);
    always @(posedge clk) begin
        if (rst) begin
            run <= 1'b0;
        end else if (start) begin
            run   <= 1'b1;
            phase <= PH_ITER;
            op    <= {OW{1'b0}};
            step  <= {NW{1'b0}};
        end else if (run && op_done) begin
            op <= op + 2'd1;
            case (phase)
                PH_PRO: if (op == LAST_PRO) begin op <= {OW{1'b0}}; phase <= PH_ITER; end
                PH_ITER: if (op == LAST_OP) begin
                    op   <= {OW{1'b0}};
                    step <= step + 2'd1;
                    if (step + 2'd1 == STEPS) phase <= PH_EPI;
                end
                default: if (op == LAST_EPI) op <= {OW{1'b0}};
            endcase
            if (fin) run <= 1'b0;
        end
    end

    // Scalar registers: loaded by the seed, updated by the micro-program.
    always @(posedge clk) begin
        if (start) begin
            s_q     <= s_bits;
            hs_q    <= half_bits;
            b_q     <= b0;
            t_q     <= {WI{1'b0}};
            ls_q    <= {WI{1'b0}};
            scale_q <= neg_half + SCALE_ADJ;
            nan_q   <= m_nan || m_inf;
            zero_q  <= m_zero;
        end else if (run && op_done && phase == PH_PRO) begin
            case (op)
                default: ;
            endcase
        end else if (run && op_done && phase == PH_ITER) begin
            case (op)
                2'd0: t_q <= mul_y;
                2'd1: t_q <= mul_y;
                2'd2: t_q <= add_y;
                2'd3: b_q <= mul_y;
                default: ;
            endcase
        end else if (run && op_done && phase == PH_EPI) begin
            case (op)
                default: ;
            endcase
        end
    end

    // The result: on the edge of the loop's last operation.
    wire [WI-1:0] b_fin   = mul_y;
    wire          nan_fin = nan_q, zero_fin = zero_q;
    wire signed [SB-1:0] scale_fin = scale_q;
    assign res_valid = fin;
    assign res_b     = nan_fin ? NAN_I : (zero_fin ? {WI{1'b0}} : b_fin);
    assign res_scale = (nan_fin || zero_fin) ? {SB{1'b0}} : scale_fin;
endmodule
`default_nettype wire
