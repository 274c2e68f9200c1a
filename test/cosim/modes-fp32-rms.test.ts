// RMSNorm / LayerNorm acceptance matrix, fp32 rms (see describeModeMatrix in helpers.ts).
import { describeModeMatrix } from './helpers.ts';

describeModeMatrix('fp32', 'rms');
