// What the /play scripts share: the page's state as window.meridian tells it, waiting for an entity, and making a
// character and joining the world with it.
import { check, log, WAIT_MS } from './harness.mjs';

/** Creates a character on /play's characters view, presses Play, and waits until the page plays it. */
export async function createCharacterAndJoin(player, name, characterClass) {
    const { page } = player;
    await page.fill('#create-form [name=name]', name);
    await page.selectOption('#create-form [name=class]', characterClass);
    await page.click('#create-form button[type=submit]');
    const item = page.locator('#character-list li', { hasText: name });
    await item.waitFor().catch(async () => {
        throw new Error(`${player.label}: ${name} not in the list: ${await page.textContent('#characters-message')}`);
    });
    await item.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => window.meridian.state === 'connected', null, { timeout: WAIT_MS }).catch(async () => {
        throw new Error(`${player.label}: not connected: ${JSON.stringify(await state(player))}, `
            + `badge "${await page.textContent('#connection')}", message "${await page.textContent('#world-message')}"`);
    });
    await waitForEntity(player, name, (e) => e.self, `${player.label} sees ${name} as itself`);
    log(`${player.label} joined the world as ${name}`);
}

export function state(player) {
    return player.page.evaluate(() => ({
        view: window.meridian.view,
        state: window.meridian.state,
        tick: window.meridian.tick,
        rttMs: window.meridian.rttMs,
        joins: window.meridian.joins,
        resumes: window.meridian.resumes,
        selfId: window.meridian.selfId,
        zone: window.meridian.zone,
        zoneChanges: window.meridian.zoneChanges,
        redirects: window.meridian.redirects,
        portals: window.meridian.portals,
        refreshes: window.meridian.refreshes,
        tokenLifetimeS: window.meridian.tokenLifetimeS,
        storedItems: window.meridian.storedItems,
        entities: window.meridian.entities,
    }));
}

export async function entity(player, name) {
    const found = (await state(player)).entities.find((e) => e.name === name);
    check(found, `${player.label} does not see ${name}`);
    return found;
}

/** Polls the page's view until the entity called {@code name} satisfies {@code test}; answers that entity. */
export async function waitForEntity(player, name, test, what) {
    const deadline = Date.now() + WAIT_MS;
    let last;
    while (Date.now() < deadline) {
        last = (await state(player)).entities.find((e) => e.name === name);
        if (last && test(last)) return last;
        await player.page.waitForTimeout(50);
    }
    throw new Error(`timed out waiting until ${what}; last seen: ${JSON.stringify(last ?? null)}`);
}
