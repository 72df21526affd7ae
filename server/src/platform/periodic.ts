/**
 * Runs `work` every `everyMs`, never two runs at once, until stopped; stopping waits for the run
 * under way and runs it once more, so that nothing is left for the next start.
 */
export function every(everyMs: number, work: () => Promise<unknown>, onError: (err: unknown) => void) {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = running.then(work).catch(onError);
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      run();
      await running;
    },
  };
}
