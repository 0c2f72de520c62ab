// End-to-end test of the /play page: two players in two browser contexts of a headless Chromium, against a running
// Meridian server whose starter zone has its portal to forest at x 520..540, y 470..530 (PlayPageBrowserIT sets it). Run by PlayPageBrowserIT during ./mvnw verify, or by hand (docs/browser-client.md):
//
//     node web/e2e/play.e2e.mjs http://127.0.0.1:8080 server/target/e2e/play.png
//
// Exit 0 when every step passed; otherwise the failing step is printed and a screenshot of each player's page is
// written next to <screenshotPath> for the post-mortem.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
    check, checkNoProblems, launchChromium, log, openPage, PASSWORD, postMortem, run, submitPlayLogin, WAIT_MS,
} from './harness.mjs';
import { createCharacterAndJoin, entity, state, waitForEntity } from './playing.mjs';

const [baseUrl, screenshotPath] = process.argv.slice(2);
if (!baseUrl || !screenshotPath) {
    console.error('usage: node play.e2e.mjs <baseUrl> <screenshotPath>');
    process.exit(2);
}
const DEADLINE_MS = 80_000;

async function main() {
    mkdirSync(dirname(screenshotPath), { recursive: true });
    const browser = await launchChromium();
    const players = [];
    try {
        const suffix = Date.now().toString(36).slice(-5) + Math.floor(Math.random() * 36 ** 2).toString(36);
        const alice = await openPlay(browser, 'alice', players);
        const bob = await openPlay(browser, 'bob', players);

        // an unknown account is refused with the API's message on the form, and the page stays on it
        await alice.page.fill('#auth-form [name=email]', `nobody-${suffix}@e2e.meridian.test`);
        await alice.page.fill('#auth-form [name=password]', PASSWORD);
        await alice.page.click('#auth-form button[value=login]');
        await alice.page.waitForFunction(() => document.getElementById('auth-message').textContent !== '');
        check(await alice.page.evaluate(() => window.meridian.view) === 'auth', 'a failed login left the login form');
        log(`a wrong login is refused: "${await alice.page.textContent('#auth-message')}"`);

        await register(alice, `alice-${suffix}@e2e.meridian.test`);
        // bob registers, logs out and logs in again, so both ways in are exercised
        const bobEmail = `bob-${suffix}@e2e.meridian.test`;
        await register(bob, bobEmail);
        await bob.page.click('#logout');
        await login(bob, bobEmail);

        const aliceName = `alice_${suffix}`;
        const bobName = `bob_${suffix}`;
        await createCharacterAndJoin(alice, aliceName, 'mage');
        await createCharacterAndJoin(bob, bobName, 'ranger');

        await waitForEntity(bob, aliceName, () => true, 'bob sees alice');
        await waitForEntity(alice, bobName, () => true, 'alice sees bob');
        await checkHud(bob);

        // alice walks right with D: bob's view of her moves right, and she stops when the key is released
        const start = await entity(bob, aliceName);
        await hold(alice, 'KeyD', 1200);
        const right = await waitForEntity(bob, aliceName, (e) => e.x > start.x + 1, 'bob sees alice move right');
        log(`bob saw alice move right: x ${start.x.toFixed(2)} -> ${right.x.toFixed(2)}`);
        const own = (await state(alice)).entities.find((e) => e.self);
        check(own.x > start.x + 1, `alice's own view did not move: ${JSON.stringify(own)}`);
        await stopsMoving(bob, aliceName);

        // and up with the arrow key: screen y grows downwards, so y shrinks
        await hold(alice, 'ArrowUp', 800);
        const up = await waitForEntity(bob, aliceName, (e) => e.y < right.y - 1, 'bob sees alice move up');
        log(`bob saw alice move up: y ${right.y.toFixed(2)} -> ${up.y.toFixed(2)}`);

        // the connection drops: bob's page reconnects and resumes (the same entity, which waited in the world), with
        // a fresh access token from its refresh token, and keeps seeing alice move
        const before = await state(bob);
        const hudEntity = await bob.page.textContent('#hud-entity');
        check(hudEntity === `#${before.selfId}`, `bob's HUD shows entity "${hudEntity}", his view says ${before.selfId}`);
        await bob.page.evaluate(() => window.meridian.simulateDrop());
        await bob.page.waitForFunction(() => window.meridian.joins === 2 && window.meridian.state === 'connected',
            null, { timeout: WAIT_MS });
        const after = await state(bob);
        check(after.resumes === 1, `bob's page joined anew instead of resuming: ${JSON.stringify(after)}`);
        check(after.selfId === before.selfId, `bob came back as entity ${after.selfId}, not ${before.selfId}`);
        await bob.page.waitForFunction((text) => document.getElementById('hud-entity').textContent === text, hudEntity);
        if (before.tokenLifetimeS < 30) {
            check(after.refreshes > before.refreshes, `bob's page did not refresh its token: ${JSON.stringify(after)}`);
        }
        check(after.storedItems === 0, 'the page stored something in localStorage, sessionStorage or a cookie');
        log(`bob resumed entity ${hudEntity} after a dropped connection (refreshes: ${after.refreshes})`);
        const beforeDown = await waitForEntity(bob, aliceName, () => true, 'bob sees alice after reconnecting');
        await hold(alice, 'KeyS', 800);
        await waitForEntity(bob, aliceName, (e) => e.y > beforeDown.y + 1, 'bob sees alice move down after reconnecting');

        // settle the smoothing, then the picture of bob's screen: both players, names, tick, ping, connected
        await bob.page.waitForTimeout(300);
        await bob.page.screenshot({ path: screenshotPath });
        log(`screenshot written to ${screenshotPath}`);

        // alice leaves: she disappears from bob's view
        await alice.page.click('#leave');
        await alice.page.waitForSelector('#characters-view:not([hidden])', { timeout: WAIT_MS });
        await bob.page.waitForFunction(
            (name) => !window.meridian.entities.some((e) => e.name === name), aliceName, { timeout: WAIT_MS });
        log('alice left and bob no longer sees her');

        // alice comes back and walks east into the portal beside the spawn point (the test server moves starter's
        // gate to forest there): bob sees her go, and her page names the new zone and draws its portals
        await alice.page.locator('#character-list li', { hasText: aliceName }).getByRole('button', { name: 'Play' }).click();
        await alice.page.waitForFunction(() => window.meridian.state === 'connected', null, { timeout: WAIT_MS });
        await waitForEntity(bob, aliceName, () => true, 'bob sees alice back');
        const gates = await alice.page.evaluate(() => window.meridian.portals);
        check(gates.some((p) => p.to_zone === 'forest'), `alice's page has no portal to forest: ${JSON.stringify(gates)}`);
        await alice.page.waitForFunction(() => document.getElementById('hud-zone').textContent === 'starter');
        await alice.page.keyboard.down('KeyD');
        await alice.page.waitForFunction(() => window.meridian.zoneChanges === 1, null, { timeout: WAIT_MS })
            .finally(() => alice.page.keyboard.up('KeyD'));
        await alice.page.waitForFunction(() => document.getElementById('hud-zone').textContent === 'forest');
        const forest = await state(alice);
        check(forest.zone === 'forest', `alice's page is in zone ${forest.zone}`);
        check(forest.portals.some((p) => p.to_zone === 'starter'), `forest's portals: ${JSON.stringify(forest.portals)}`);
        check(forest.entities.some((e) => e.self), `alice does not see herself in the forest: ${JSON.stringify(forest)}`);
        check(forest.state === 'connected' && forest.joins === 1, `the crossing cost alice's session: ${JSON.stringify(forest)}`);
        await bob.page.waitForFunction(
            (name) => !window.meridian.entities.some((e) => e.name === name), aliceName, { timeout: WAIT_MS });
        await alice.page.screenshot({ path: screenshotPath.replace(/\.png$/, '') + '-forest.png' });
        log('alice walked through the portal into the forest; bob saw her go');

        checkNoProblems(players);
        log('PASSED');
    } catch (error) {
        await postMortem(players, screenshotPath, state);
        throw error;
    } finally {
        await browser.close();
    }
}

/** /play in a browser context of its own, on its login form. */
async function openPlay(browser, label, players) {
    const player = await openPage(browser, baseUrl, label, '/play', players);
    await player.page.waitForFunction(() => window.meridian?.view === 'auth');
    return player;
}

async function register(player, email) {
    await submitPlayLogin(player, email, 'register');
    log(`${player.label} registered as ${email}`);
}

async function login(player, email) {
    await submitPlayLogin(player, email);
    log(`${player.label} logged in`);
}

async function checkHud(player) {
    const { page } = player;
    const first = (await state(player)).tick;
    await page.waitForFunction((tick) => window.meridian.tick > tick && window.meridian.rttMs !== null, first);
    const tickText = await page.textContent('#hud-tick');
    const pingText = await page.textContent('#hud-ping');
    check(/^\d+$/.test(tickText), `${player.label}: HUD tick is "${tickText}"`);
    check(/^\d+ ms$/.test(pingText), `${player.label}: HUD ping is "${pingText}"`);
    check(await page.textContent('#connection') === 'connected', `${player.label}: badge is not "connected"`);
    const listed = await page.locator('#entity-list li').count();
    check(listed === 2, `${player.label}: ${listed} entities listed in view, expected 2`);
    log(`${player.label}'s HUD: tick ${tickText}, ping ${pingText}, 2 entities in view`);
}

async function hold(player, key, ms) {
    await player.page.keyboard.down(key);
    await player.page.waitForTimeout(ms);
    await player.page.keyboard.up(key);
}

/** The character stands still once its keys are released (the page sends a zero intent). */
async function stopsMoving(player, name) {
    await player.page.waitForTimeout(400);
    const a = await entity(player, name);
    await player.page.waitForTimeout(500);
    const b = await entity(player, name);
    check(a.x === b.x && a.y === b.y, `${name} kept moving after the key was released: ${JSON.stringify([a, b])}`);
}

await run(main, DEADLINE_MS);
