// Renders build/icon.svg to the PNGs electron-builder and the window need (run: node build/render-icons.mjs).
// Uses Debian's Chromium through playwright-core, like the e2e tests.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const svg = readFileSync(join(here, 'icon.svg'), 'utf8');
const targets = [
  [join(here, 'icon.png'), 1024],
  ...[16, 32, 48, 64, 128, 256, 512].map((s) => [join(here, 'icons', `${s}x${s}.png`), s]),
  [join(here, '..', 'resources', 'icon.png'), 256],
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  for (const [file, size] of targets) {
    mkdirSync(dirname(file), { recursive: true });
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
    await page.screenshot({ path: file, omitBackground: true });
  }
} finally {
  await browser.close();
}
console.log(`wrote ${targets.length} icons`);
