// RMSNorm / LayerNorm acceptance matrix for fp16 (see describeModeMatrix in helpers.ts).
import { describeModeMatrix } from './helpers.ts';

describeModeMatrix('fp16');
