/**
 * The writer thread of the "rows only, on a writer thread" server (bench/api/server.ts): the
 * event loop of the API hands each Create's input over, and this thread writes its rows through
 * a group commit of its own and answers with the campaign's id once the rows are on disk.
 * Messages each way carry a batch: [request number, input] in, [request number, id] out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { GroupCommit } from '../../src/store/sqlite/groupCommit.ts';
import { type CreateInput, createRowWriter, openRowsWriter } from './createRows.ts';

const port = parentPort!;
const writer = openRowsWriter((workerData as { file: string }).file);
const group = new GroupCommit(writer);
const write = createRowWriter(writer);
const answers: Array<[number, number]> = [];

function answer(request: number, id: number): void {
  if (answers.length === 0) setImmediate(() => port.postMessage(answers.splice(0)));
  answers.push([request, id]);
}

port.on('message', (batch: Array<[number, CreateInput]>) => {
  for (const [request, input] of batch) {
    void group.transaction(() => write(input)).then((id) => answer(request, id));
  }
});
