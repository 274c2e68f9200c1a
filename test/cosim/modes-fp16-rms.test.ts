// RMSNorm / LayerNorm acceptance matrix, fp16 rms (see describeModeMatrix in helpers.ts).
import { describeModeMatrix } from './helpers.ts';

describeModeMatrix('fp16', 'rms');
