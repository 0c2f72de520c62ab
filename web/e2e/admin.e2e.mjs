// End-to-end test of the /admin console, against a running Meridian server whose admin.accounts lists <adminEmail>
// and where a bot called <botName> is online. Run by AdminPageBrowserIT, or by hand (docs/operations.md):
//
//     node web/e2e/admin.e2e.mjs http://127.0.0.1:8080 ops@example.test bot_name "reason" server/target/e2e/admin.png
//
// A non-admin is refused (403) and the page says so; the admin sees the bot and kicks it with <reason> (the calling
// test checks that the bot's connection closed with it); a broadcast of markup reaches a /play page as plain text and
// runs nothing there. Exit 0 when every step passed.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
    check, checkNoProblems, launchChromium, log, openPage, PASSWORD, postMortem, run, submitPlayLogin, WAIT_MS,
} from './harness.mjs';

const [baseUrl, adminEmail, botName, kickReason, screenshotPath] = process.argv.slice(2);
if (!baseUrl || !adminEmail || !botName || !kickReason || !screenshotPath) {
    console.error('usage: node admin.e2e.mjs <baseUrl> <adminEmail> <botName> <kickReason> <screenshotPath>');
    process.exit(2);
}
const DEADLINE_MS = 80_000;
const MARKUP = '<img src=x onerror="window.__pwned=1">Server restart in 5 minutes';

/** Straight to the API (not through a page): the accounts the pages then log in with. */
async function api(method, path, body, token) {
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(baseUrl + path, { method, headers, body: JSON.stringify(body) });
    const json = await response.json();
    check(response.ok, `${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
    return json;
}

async function adminLogin({ page }, email) {
    await page.fill('#login-form [name=email]', email);
    await page.fill('#login-form [name=password]', PASSWORD);
    await page.click('#login-form button[type=submit]');
}

async function main() {
    mkdirSync(dirname(screenshotPath), { recursive: true });
    const suffix = Date.now().toString(36).slice(-5) + Math.floor(Math.random() * 36 ** 2).toString(36);
    await api('POST', '/v1/auth/register', { email: adminEmail, password: PASSWORD });
    const playerEmail = `player-${suffix}@e2e.meridian.test`;
    const player = await api('POST', '/v1/auth/register', { email: playerEmail, password: PASSWORD });
    const readerName = `reader_${suffix}`;
    await api('POST', '/v1/characters', { name: readerName, class: 'mage' }, player.access_token);

    const browser = await launchChromium();
    const pages = [];
    try {
        // a player's account is refused, and the page says why
        const outsider = await openPage(browser, baseUrl, 'outsider', '/admin', pages);
        await adminLogin(outsider, playerEmail);
        await outsider.page.waitForFunction(() => document.getElementById('login-message').textContent !== '');
        const refusal = await outsider.page.textContent('#login-message');
        check(refusal.includes('not an admin') && refusal.includes('403'), `the outsider was told "${refusal}"`);
        check(await outsider.page.evaluate(() => window.meridianAdmin.view) === 'login', 'the outsider got in');
        log(`a player is refused: "${refusal}"`);

        // the same player reads notices in /play
        const reader = await openPage(browser, baseUrl, 'reader', '/play', pages);
        await submitPlayLogin(reader, playerEmail);
        await reader.page.locator('#character-list li', { hasText: readerName }).getByRole('button', { name: 'Play' }).click();
        await reader.page.waitForFunction(() => window.meridian.state === 'connected', null, { timeout: WAIT_MS });
        log(`${readerName} plays in /play`);

        const admin = await openPage(browser, baseUrl, 'admin', '/admin', pages);
        await adminLogin(admin, adminEmail);
        await admin.page.waitForFunction(() => window.meridianAdmin.view === 'console', null, { timeout: WAIT_MS })
            .catch(async () => {
                throw new Error(`the admin did not get in: "${await admin.page.textContent('#login-message')}"`);
            });
        await admin.page.waitForFunction(
            (names) => names.every((name) => window.meridianAdmin.players.some((p) => p.name === name && p.x !== null)),
            [botName, readerName], { timeout: WAIT_MS });
        const zones = await admin.page.evaluate(() => window.meridianAdmin.zones);
        check(zones.length > 0 && zones[0].players >= 2, `zones listed: ${JSON.stringify(zones)}`);
        log(`the admin sees ${botName} and ${readerName}; zones ${JSON.stringify(zones)}`);
        await admin.page.screenshot({ path: screenshotPath });

        // a broadcast of markup arrives as text: no element made of it, nothing run
        await admin.page.fill('#broadcast-form [name=text]', MARKUP);
        await admin.page.click('#broadcast-form button[type=submit]');
        await reader.page.waitForFunction((text) => window.meridian.notices[0] === text, MARKUP, { timeout: WAIT_MS });
        const shown = await reader.page.evaluate(() => ({
            images: document.querySelectorAll('#notices img, #notices *:not(li)').length,
            pwned: window.__pwned !== undefined,
            text: document.querySelector('#notices li').textContent,
        }));
        check(shown.images === 0 && !shown.pwned && shown.text === MARKUP, `the notice was not plain text: ${JSON.stringify(shown)}`);
        log(`/play shows the broadcast as text: "${shown.text}"`);

        // the kick
        await admin.page.fill('#kick-form [name=reason]', kickReason);
        await admin.page.locator('#players tr', { hasText: botName }).getByRole('button', { name: 'Kick' }).click();
        await admin.page.waitForFunction(
            (name) => !window.meridianAdmin.players.some((p) => p.name === name), botName, { timeout: WAIT_MS });
        const told = await admin.page.textContent('#console-message');
        check(told.includes('was kicked'), `after the kick the console says "${told}"`);
        log(`the admin kicked ${botName}: "${told}"`);

        checkNoProblems(pages);
        log('PASSED');
    } catch (error) {
        await postMortem(pages, screenshotPath);
        throw error;
    } finally {
        await browser.close();
    }
}

await run(main, DEADLINE_MS);
