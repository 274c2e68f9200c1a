// RMSNorm / LayerNorm acceptance matrix, fp32 layer (see describeModeMatrix in helpers.ts).
import { describeModeMatrix } from './helpers.ts';

describeModeMatrix('fp32', 'layer');
