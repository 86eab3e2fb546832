import type { Page } from 'playwright-core';

/** The parts of a <video> element these tests use. */
export interface Video {
  readyState: number;
  duration: number;
  currentTime: number;
  muted: boolean;
  error: { code: number } | null;
  play(): Promise<void>;
  addEventListener(type: string, listener: (value: unknown) => void, options: { once: boolean }): void;
}

/**
 * A video of a changing canvas, recorded by Chromium itself in `mimeType`
 * (WebM, or MP4 where MediaRecorder writes it), so the test needs no binary fixture.
 */
export async function recordVideo(on: Page, mimeType = 'video/webm;codecs=vp8'): Promise<Buffer> {
  // Runs in the page; a string, since the tests compile without DOM types.
  const bytes = await on.evaluate<number[]>(`(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const context = canvas.getContext('2d');
    const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: ${JSON.stringify(mimeType)} });
    const chunks = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    const stopped = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.start();
    for (let frame = 0; frame < 40; frame++) {
      context.fillStyle = 'rgb(' + frame * 6 + ', 0, ' + (255 - frame * 6) + ')';
      context.fillRect(0, 0, 64, 48);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    recorder.stop();
    await stopped;
    return [...new Uint8Array(await new Blob(chunks, { type: ${JSON.stringify(mimeType.split(';')[0])} }).arrayBuffer())];
  })()`);
  return Buffer.from(bytes);
}

/** Seeks a loaded <video> to 0.5 s (finding the end first, as recorded WebM has no duration); returns where it landed. */
export async function seekHalfSecond(element: import('playwright-core').Locator): Promise<number> {
  await element.evaluate(async (v: Video) => {
    if (!Number.isFinite(v.duration)) {
      v.currentTime = 1e6;
      await new Promise((resolve) => v.addEventListener('durationchange', resolve, { once: true }));
    }
  });
  return element.evaluate(async (v: Video) => {
    v.currentTime = 0.5;
    await new Promise((resolve) => v.addEventListener('seeked', resolve, { once: true }));
    return v.currentTime;
  });
}
