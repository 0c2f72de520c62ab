// End-to-end test of the /play page across two world nodes: the page is served by the node that runs forest (and the
// other zones but starter); starter, where a new character enters, runs on the other node, with its portal to forest
// beside the spawn point (PlayPageBrowserIT sets both). The page follows the join's redirect to the starter node, and
// the portal's redirect back, by itself. Run by PlayPageBrowserIT during ./mvnw verify, or by hand against such a pair:
//
//     node web/e2e/play-redirect.e2e.mjs http://127.0.0.1:<port of the forest node> server/target/e2e/play-redirect.png
//
// Exit 0 when every step passed; otherwise the failing step is printed and a screenshot of the page is written next
// to <screenshotPath>.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { check, checkNoProblems, launchChromium, log, openPage, postMortem, run, submitPlayLogin, WAIT_MS } from './harness.mjs';
import { createCharacterAndJoin, state } from './playing.mjs';

const [baseUrl, screenshotPath] = process.argv.slice(2);
if (!baseUrl || !screenshotPath) {
    console.error('usage: node play-redirect.e2e.mjs <baseUrl> <screenshotPath>');
    process.exit(2);
}
const DEADLINE_MS = 60_000;

async function main() {
    mkdirSync(dirname(screenshotPath), { recursive: true });
    const browser = await launchChromium();
    const pages = [];
    try {
        const suffix = Date.now().toString(36).slice(-5) + Math.floor(Math.random() * 36 ** 2).toString(36);
        const carol = await openPage(browser, baseUrl, 'carol', '/play', pages);
        await carol.page.waitForFunction(() => window.meridian?.view === 'auth');
        await submitPlayLogin(carol, `carol-${suffix}@e2e.meridian.test`, 'register');
        const name = `carol_${suffix}`;

        // a new character enters starter, which the other node runs: the join there is redirected, and followed
        await createCharacterAndJoin(carol, name, 'mage');
        const joined = await state(carol);
        check(joined.redirects === 1, `the join was not redirected once: ${JSON.stringify(joined)}`);
        check(joined.zone === 'starter', `carol plays in ${joined.zone}, not starter`);
        await carol.page.waitForFunction(() => document.getElementById('hud-zone').textContent === 'starter');
        check(joined.portals.some((p) => p.to_zone === 'forest'), `starter's portals: ${JSON.stringify(joined.portals)}`);
        log(`carol was redirected to the node that runs starter and plays there`);

        // east into the portal: forest runs on the first node, so the page is redirected back and enters forest there
        await carol.page.keyboard.down('KeyD');
        await carol.page.waitForFunction(
            () => window.meridian.zone === 'forest' && window.meridian.state === 'connected', null, { timeout: WAIT_MS })
            .finally(() => carol.page.keyboard.up('KeyD'));
        const forest = await state(carol);
        check(forest.redirects === 2, `the portal did not end in a redirect: ${JSON.stringify(forest)}`);
        check(forest.zoneChanges === 0, `a zone change on the same node instead: ${JSON.stringify(forest)}`);
        const self = forest.entities.find((e) => e.self);
        check(self && Math.abs(self.x - 40) < 5 && Math.abs(self.y - 400) < 5,
            `carol did not enter forest at the portal's point (40, 400): ${JSON.stringify(self)}`);
        check(forest.portals.some((p) => p.to_zone === 'starter'), `forest's portals: ${JSON.stringify(forest.portals)}`);
        await carol.page.waitForFunction(() => document.getElementById('hud-zone').textContent === 'forest');
        await carol.page.screenshot({ path: screenshotPath });
        log(`carol walked through the portal and was redirected into forest on the other node`);

        checkNoProblems(pages);
        log('PASSED');
    } catch (error) {
        await postMortem(pages, screenshotPath, state);
        throw error;
    } finally {
        await browser.close();
    }
}

await run(main, DEADLINE_MS);
