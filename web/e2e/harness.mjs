// What the end-to-end scripts share: a run that stops by itself, timestamped log lines, checks that fail with a
// message a person can act on, Debian's Chromium driven by playwright-core, pages opened as separate people with their
// errors collected, /play's login form, and the post-mortem of a failed run.
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const started = Date.now();

/** How long one step may wait for the page. */
export const WAIT_MS = 15_000;
/** The password of every account the scripts make. */
export const PASSWORD = 'correct horse battery staple';

export const log = (text) => console.log(`e2e: [${((Date.now() - started) / 1000).toFixed(1)} s] ${text}`);

/** Fails the run with a message a person can act on. */
export function check(condition, message) {
    if (!condition) throw new Error(message);
}

/** The whole run stops by itself even if the browser hangs; the calling JUnit test has a longer limit still. */
function watchdog(deadlineMs) {
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
function collectProblems(page, baseUrl, problems) {
    page.on('console', (message) => {
        const apiAnswer = new URL(message.location().url || baseUrl).pathname.startsWith('/v1/');
        if (message.type() === 'error' && !apiAnswer) problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
}

/**
 * A page at {@code path} in a browser context of its own (own storage, like a second person), with its errors
 * collected, served with the pages' Content-Security-Policy. The first navigation of a fresh browser is the slowest
 * step on a busy machine: it gets twice the usual wait.
 */
export async function openPage(browser, baseUrl, label, path, pages) {
    const context = await browser.newContext({ viewport: { width: 1120, height: 720 } });
    const page = await context.newPage();
    const opened = { label, page, problems: [] };
    pages.push(opened);
    collectProblems(page, baseUrl, opened.problems);
    page.setDefaultTimeout(WAIT_MS);
    const response = await page.goto(baseUrl + path, { timeout: 2 * WAIT_MS });
    check(response?.ok(), `${label}: GET ${path} answered ${response?.status()}`);
    const policy = response.headers()['content-security-policy'] ?? '';
    check(policy.includes("script-src 'self'") && policy.includes("connect-src 'self'"),
        `${label}: no Content-Security-Policy on ${path}: "${policy}"`);
    return opened;
}

/** Fills /play's login form and presses {@code button} (login or register); the page then shows its characters. */
export async function submitPlayLogin(player, email, button = 'login') {
    await player.page.fill('#auth-form [name=email]', email);
    await player.page.fill('#auth-form [name=password]', PASSWORD);
    await player.page.click(`#auth-form button[value=${button}]`);
    await player.page.waitForFunction(() => window.meridian.view === 'characters', null, { timeout: WAIT_MS })
        .catch(async () => {
            throw new Error(`${player.label}: expected the characters view, page says: `
                + `"${await player.page.textContent('#auth-message')}"`);
        });
}

/** Fails when a page reported an error along the way. */
export function checkNoProblems(pages) {
    for (const opened of pages) {
        check(opened.problems.length === 0, `${opened.label}'s page reported errors:\n  ${opened.problems.join('\n  ')}`);
    }
}

/** After a failed step: a screenshot of each page next to {@code screenshotPath}, and what each page reported. */
export async function postMortem(pages, screenshotPath, describe = async () => null) {
    for (const opened of pages) {
        const path = screenshotPath.replace(/\.png$/, '') + `-failure-${opened.label}.png`;
        await opened.page.screenshot({ path }).catch(() => {});
        const state = await describe(opened).catch(() => null);
        if (state !== null) console.error(`e2e: ${opened.label}: ${JSON.stringify(state)}`);
        for (const problem of opened.problems) console.error(`e2e: ${opened.label}: ${problem}`);
    }
}

/** Runs {@code main} under a watchdog of {@code deadlineMs}: exit 0 when it passed, 1 with the failing step if not. */
export async function run(main, deadlineMs) {
    const stopWatch = watchdog(deadlineMs);
    try {
        await main();
        clearTimeout(stopWatch);
    } catch (error) {
        console.error(`e2e: FAILED: ${error.stack ?? error}`);
        process.exit(1);
    }
}
