// RMSNorm / LayerNorm acceptance matrix, bf16 rms (see describeModeMatrix in helpers.ts).
import { describeModeMatrix } from './helpers.ts';

describeModeMatrix('bf16', 'rms');
