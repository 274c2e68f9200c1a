// Runs before every test file (vitest setupFiles): its temporary folders go when it is done.
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp.ts';

afterAll(removeTempDirs);
