/**
 * The writer thread of the "rows only, on a writer thread" server (bench/api/server.ts): the
 * event loop of the API hands each Create's input over, and this thread writes its rows through
 * a group commit of its own and answers with the campaign's id once the rows are on disk.
 * Messages each way carry a batch: [request number, input] in, [request number, id] out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { GroupCommit } from '../../src/store/sqlite/groupCommit.ts';
import { openSqliteWriter } from '../../src/store/sqlite/openSqlite.ts';
import { batchedPerTurn, type CreateInput, createRowWriter } from './createRows.ts';

const port = parentPort!;
const writer = openSqliteWriter((workerData as { file: string }).file);
const group = new GroupCommit(writer);
const write = createRowWriter(writer);
const answer = batchedPerTurn<[number, number]>((answers) => port.postMessage(answers));

port.on('message', (batch: Array<[number, CreateInput]>) => {
  for (const [request, input] of batch) {
    void group.transaction(() => write(input)).then((id) => answer([request, id]));
  }
});
