// Core acceptance matrix for bf16 with 16 lane(s) (see describeCoreMatrix in helpers.ts).
import { describeCoreMatrix } from './helpers.ts';

describeCoreMatrix('bf16', 16);
