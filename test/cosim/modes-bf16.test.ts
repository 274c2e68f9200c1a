// RMSNorm / LayerNorm acceptance matrix for bf16 (see describeModeMatrix in helpers.ts).
import { describeModeMatrix } from './helpers.ts';

describeModeMatrix('bf16');
