/**
 * Screenshots of the real workbench from inside an extension-host test.
 *
 * The extension host cannot see the browser that renders the workbench, so this is a file handshake with
 * the driver (scripts/e2e/run-code-server.mjs), which owns the browser page:
 *
 *   1. the test deletes a stale `<results>/<name>.png` and writes `<results>/.screenshot-request-<name>`;
 *   2. the driver polls for request files, screenshots the page into `<name>.png.tmp`, renames it to
 *      `<name>.png` and then deletes the request file;
 *   3. the test waits until the request file is gone and `<name>.png` exists.
 *
 * Enabled only when the driver sets MODELREADY_E2E_SCREENSHOTS=1 (it also sets MODELREADY_E2E_RESULTS to the
 * absolute results folder). Elsewhere (e.g. @vscode/test-electron on a desktop) this is a quick no-op.
 */
import * as fs from 'fs';
import * as path from 'path';

export const SCREENSHOT_REQUEST_PREFIX = '.screenshot-request-';

/** Folder the suite writes results (and screenshots) to. */
export function resultsDir(): string {
  // The bundle lives at <repo>/dist/test/e2e/index.js, so <repo>/test-results is three levels up.
  return process.env.MODELREADY_E2E_RESULTS ?? path.resolve(__dirname, '..', '..', '..', 'test-results');
}

export function screenshotsEnabled(): boolean {
  const v = process.env.MODELREADY_E2E_SCREENSHOTS;
  return v !== undefined && v !== '' && v !== '0' && v !== 'false';
}

/** Lets the workbench render the latest state (diagnostic squiggles, panels) before the picture is taken. */
const SETTLE_MS = 750;
const TIMEOUT_MS = 30_000;

/**
 * Asks the driver for a screenshot of the whole workbench window and waits until `<results>/<name>.png` is
 * written. `name` may contain letters, digits, `.`, `_` and `-`.
 */
export async function screenshot(name: string): Promise<void> {
  if (!screenshotsEnabled()) return;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new Error(`screenshot name must match [A-Za-z0-9._-]+ (got ${JSON.stringify(name)})`);
  }
  const dir = resultsDir();
  const png = path.join(dir, `${name}.png`);
  const request = path.join(dir, `${SCREENSHOT_REQUEST_PREFIX}${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(png, { force: true });

  await sleep(SETTLE_MS);
  // Write under a temporary name first so the driver never sees a half-written request.
  fs.writeFileSync(`${request}.tmp`, JSON.stringify({ name, requestedAt: new Date().toISOString() }));
  fs.renameSync(`${request}.tmp`, request);

  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!fs.existsSync(request) && fs.existsSync(png)) return;
    await sleep(100);
  }
  fs.rmSync(request, { force: true });
  throw new Error(`screenshot '${name}': the driver did not write ${png} within ${TIMEOUT_MS / 1000} s`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
