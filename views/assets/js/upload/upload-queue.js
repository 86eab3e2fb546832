// The files of one visit to the upload page, sent a few at a time. Each
// succeeds or fails on its own, and a failed one can be sent again as it was
// first asked for: same file, same note, same expiration (issue 14). Each is a
// resumable upload (issue 13), so Retry continues from what the server has.
import { RateMeter } from './rate-meter.js';
import { sendResumable } from './send-resumable.js';

export class UploadQueue {
  /** `onChange` runs whenever a file starts, progresses, settles or is retried. */
  constructor({ parallel, onChange }) {
    this.parallel = parallel;
    this.onChange = onChange;
    this.jobs = [];
    this.waiting = [];
    this.running = 0;
  }

  /**
   * Queues `file` for the tus `endpoint` with `metadata`, shown by `item` (an
   * UploadItem). A `refusal` fails it at once and for good: sending it again
   * cannot help.
   */
  add({ file, endpoint, metadata, patchBytes, item, refusal }) {
    const job = { file, endpoint, metadata, patchBytes, item, state: 'waiting', loaded: 0, total: file.size, id: null, abort: null, pause: null };
    this.jobs.push(job);
    if (refusal) {
      job.state = 'failed';
      item.fail(refusal);
    } else {
      this.waiting.push(job);
    }
    this.startWaiting();
    return job;
  }

  /** Pauses or resumes a running file. */
  pause(job, paused) {
    if (job.state === 'uploading') job.pause?.(paused);
  }

  /** Sends a failed file again, to the same endpoint with the same metadata; it resumes where the server stands. */
  retry(job) {
    if (job.state !== 'failed') return;
    job.state = 'waiting';
    job.loaded = 0;
    job.item.wait();
    this.waiting.push(job);
    this.startWaiting();
    this.onChange();
  }

  /** Stops one file: a waiting one never starts, a running one is aborted (and fails as cancelled). */
  cancel(job) {
    if (job.state === 'uploading') {
      job.abort();
      return;
    }
    if (job.state !== 'waiting') return;
    this.waiting.splice(this.waiting.indexOf(job), 1);
    job.state = 'failed';
    job.item.fail('Upload cancelled.', () => this.retry(job));
    this.onChange();
  }

  get settled() {
    return this.jobs.every((job) => job.state === 'done' || job.state === 'failed');
  }

  startWaiting() {
    while (this.running < this.parallel && this.waiting.length > 0) void this.run(this.waiting.shift());
  }

  async run(job) {
    this.running++;
    job.state = 'uploading';
    job.item.showProgress(0, job.total, 0);
    const meter = new RateMeter();
    let fresh = true;
    const { done, cancel, pause, resume } = sendResumable({
      endpoint: job.endpoint,
      ...(job.patchBytes ? { patchBytes: job.patchBytes } : {}),
      file: job.file,
      metadata: { ...job.metadata, filename: job.file.name, filetype: job.file.type },
      onProgress: (loaded, total) => {
        // The first figure after a start, a resume or a retry is where the upload stands, not speed.
        if (fresh) meter.restart(loaded);
        fresh = false;
        job.loaded = loaded;
        job.total = total;
        job.item.showProgress(loaded, total, meter.update(loaded));
        this.onChange();
      },
      onRetry: (seconds) => {
        fresh = true;
        job.item.showNotice('retrying', `connection lost, retrying in ${seconds} s`);
      },
    });
    job.abort = cancel;
    job.pause = (paused) => {
      fresh = true;
      void (paused ? pause() : resume());
    };
    try {
      job.id = await done;
      job.loaded = job.total;
      job.state = 'done';
      job.item.succeed(job.id, job.file.name);
    } catch (err) {
      job.state = 'failed';
      job.item.fail(err.message, () => this.retry(job));
    }
    this.running--;
    this.startWaiting();
    this.onChange();
  }
}
