// Shared browser-test helpers: Debian Chromium through playwright-core (never a downloaded browser),
// the built app served from build/web/dist, and waits on the app's own signals.
import { chromium } from 'playwright-core';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveFolder } from './static_server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');
export const DIST = process.env.TALKPRESS_DIST || path.join(ROOT, 'build/web/dist');
export const ARTIFACTS = path.join(ROOT, 'build/test-artifacts');

// Flags: software WebGL2 via SwiftShader (headless has no GPU), and no background networking
// (this machine's closed network refuses those connections noisily).
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-gl=angle',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

// Windows a first visit opens in: the code their start-up runs must all be in talkpress.wasm
// (scripts/wasm_first_frame.mjs records it in each; tests/e2e/start_split.test.mjs checks each).
export const START_VIEWPORTS = [
  { name: 'laptop', viewport: { width: 1280, height: 800 } },
  { name: 'desktop-hd', viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 },
  { name: 'laptop-small', viewport: { width: 1366, height: 768 } },
  { name: 'retina', viewport: { width: 1440, height: 900 }, deviceScaleFactor: 2 },
  { name: 'narrow', viewport: { width: 800, height: 600 } },
  { name: 'tablet', viewport: { width: 768, height: 1024 }, deviceScaleFactor: 2, hasTouch: true },
  { name: 'phone', viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true },
  { name: 'phone-small', viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true },
];

export async function launch() {
  if (!fs.existsSync(path.join(DIST, 'talkpress.wasm')))
    throw new Error(`No web build in ${DIST}: run scripts/build.sh first`);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
                                          args: CHROMIUM_ARGS, headless: true });
  const server = await serveFolder(DIST);
  const url = `http://127.0.0.1:${server.address().port}/`;
  return { browser, server, url,
           async close() { await browser.close(); await new Promise((r) => server.close(r)); } };
}

// Opens the app and collects console errors and page errors for the test to assert on.
export async function openApp(browser, url, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...contextOptions });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  const t0 = Date.now();
  await page.goto(url);
  await waitFirstFrame(page);
  const firstFrameMs = Date.now() - t0;
  return { context, page, problems, firstFrameMs };
}

// After a navigation or reload: the module has loaded and drawn a frame.
export async function waitFirstFrame(page) {
  await page.waitForFunction(() => window.talkpress && window.talkpress.stats &&
                                   (() => { try { return window.talkpress.stats().framesRendered > 0; } catch { return false; } })(),
                             null, { timeout: 30000 });
}

export function artifact(name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

// Saves a screenshot of what Dear ImGui drew as build/test-artifacts/<name>.png. The page's text boxes
// (textarea.tp-overlay) are hidden meanwhile: headless Chromium with software GL paints white bands across
// the canvas near a textarea that overlaps it, which would hide ImGui's own drawing (headings, rows) from
// the judge. The keyboard's text agent is left alone, and a focused box gets its focus back, so the keys a
// test presses next still reach the app.
export async function saveScreenshot(page, name) {
  const overlays = (hide) => page.evaluate((hide) => {
    if (hide) window.__tpShotFocus = document.activeElement;
    document.querySelectorAll('textarea.tp-overlay').forEach((t) => {
      if (hide) { t.dataset.tpShot = t.style.visibility; t.style.visibility = 'hidden'; } else t.style.visibility = t.dataset.tpShot || '';
    });
    const f = window.__tpShotFocus;
    if (!hide && f && f !== document.activeElement && f.focus) f.focus({ preventScroll: true });
  }, hide);
  await overlays(true);
  fs.writeFileSync(artifact(`${name}.png`), await page.screenshot());
  await overlays(false);
}

// The rectangle of a named widget once it has been drawn (see itemRect in the README).
export async function waitItem(page, name, timeout = 5000) {
  const h = await page.waitForFunction((n) => { try { return window.talkpress.itemRect(n); } catch { return null; } }, name, { timeout });
  return h.jsonValue();
}

// Clicks the middle (or a point given by fx, fy in 0..1) of a named widget with the real mouse.
export async function clickItem(page, name, fx = 0.5, fy = 0.5) {
  const r = await waitItem(page, name);
  await page.mouse.click(r.x + r.w * fx, r.y + r.h * fy);
  return r;
}
