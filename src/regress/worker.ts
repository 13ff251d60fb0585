/**
 * Worker-thread entry for `bytebos test --jobs N`: receives {index, file}, runs the scenario,
 * posts back {index, result}. One scenario at a time per worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runScenarioFile, type RunnerOptions } from './runner.js';

const options = (workerData as { options: RunnerOptions }).options;

parentPort!.on('message', (msg: { index: number; file: string }) => {
  void runScenarioFile(msg.file, options).then((result) => parentPort!.postMessage({ index: msg.index, result }));
});
