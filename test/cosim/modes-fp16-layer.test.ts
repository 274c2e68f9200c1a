// RMSNorm / LayerNorm acceptance matrix, fp16 layer (see describeModeMatrix in helpers.ts).
import { describeModeMatrix } from './helpers.ts';

describeModeMatrix('fp16', 'layer');
