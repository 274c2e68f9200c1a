// Core acceptance matrix for fp32 with 1 lane(s) (see describeCoreMatrix in helpers.ts).
import { describeCoreMatrix } from './helpers.ts';

describeCoreMatrix('fp32', 1);
