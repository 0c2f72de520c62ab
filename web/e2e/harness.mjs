// What the end-to-end scripts share: a run that stops by itself, timestamped log lines, checks that fail with a
// message a person can act on, and Debian's Chromium driven by playwright-core.
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const started = Date.now();

export const log = (text) => console.log(`e2e: [${((Date.now() - started) / 1000).toFixed(1)} s] ${text}`);

/** Fails the run with a message a person can act on. */
export function check(condition, message) {
    if (!condition) throw new Error(message);
}

/** The whole run stops by itself even if the browser hangs; the calling JUnit test has a longer limit still. */
export function watchdog(deadlineMs) {
    return setTimeout(() => {
        console.error(`e2e: FAILED: gave up after ${deadlineMs / 1000} s`);
        process.exit(3);
    }, deadlineMs);
}

export async function launchChromium() {
    const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        // playwright-core gives every launch a fresh, temporary user-data dir of its own and removes it on close
        args: [
            '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync',
        ],
        timeout: 30_000,
    });
    log(`chromium ${browser.version()} started`);
    return browser;
}

/**
 * Collects what a page reports as going wrong: CSP violations and failed module loads arrive as console errors. So
 * does every API answer >= 400 ("Failed to load resource"), which the pages show themselves: those are expected where
 * a test provokes them.
 */
export function collectProblems(page, baseUrl, problems) {
    page.on('console', (message) => {
        const apiAnswer = new URL(message.location().url || baseUrl).pathname.startsWith('/v1/');
        if (message.type() === 'error' && !apiAnswer) problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
}
