import jsqr from 'jsqr';
import type { Locator, Page } from 'playwright-core';

// jsqr is CommonJS: under NodeNext its default import is the module, whose
// `default` is the decoder.
const decode = jsqr.default;

/**
 * Reads the QR code a person would see: a screenshot of the element, decoded
 * to pixels on a blank page (no CSP there) and read with jsQR. Returns null
 * when there is no readable code.
 */
export async function readQrCode(element: Locator, blank: Page): Promise<string | null> {
  const png = await element.screenshot();
  const image = await blank.evaluate(async (base64) => {
    // Runs in the browser; the project compiles without the DOM library.
    const { document, Image } = globalThis as any;
    const img = new Image();
    img.src = `data:image/png;base64,${base64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const context = canvas.getContext('2d');
    context.drawImage(img, 0, 0);
    return { width: img.width as number, height: img.height as number, pixels: Array.from(context.getImageData(0, 0, img.width, img.height).data as number[]) };
  }, png.toString('base64'));
  return decode(Uint8ClampedArray.from(image.pixels), image.width, image.height)?.data ?? null;
}
