// RMSNorm / LayerNorm acceptance matrix for fp32 (see describeModeMatrix in helpers.ts).
import { describeModeMatrix } from './helpers.ts';

describeModeMatrix('fp32');
