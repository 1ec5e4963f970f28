/**
 * `npm run bench -- pacing [flags]`: for now the pacing matrix on the plain simulation (see
 * matrix.ts for the flags); the engine-driven matrix is meant to take its place, reusing
 * matrixCells, findBestRatio, withinTarget and formatMatrix.
 */
export { main } from './matrix.ts';
