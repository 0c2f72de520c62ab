// The admin console (docs/operations.md, "Admin console"): zones and online players, refreshed every few seconds,
// with kick and broadcast. Plain ES modules like /play, whose API client it shares; every text from the server goes
// into the page as text (textContent), never as markup.
import { Api, ApiError } from '../play/api.js';

const REFRESH_MS = 2000;
const $ = (id) => document.getElementById(id);
const api = new Api();

/** What the page shows, for the end-to-end test and the browser console. */
const state = { view: 'login', zones: [], players: [], message: '' };
let timer = null;

function show(view) {
    state.view = view;
    $('login-view').hidden = view !== 'login';
    $('console-view').hidden = view !== 'console';
}

function say(id, text, good = false) {
    state.message = text;
    $(id).textContent = text;
    $(id).classList.toggle('notice', good);
}

function describe(error) {
    if (!(error instanceof ApiError)) return 'Cannot reach the server: ' + error.message;
    if (error.status === 403 && error.code === 'forbidden') return 'This account is not an admin (403): ' + error.message;
    const fields = error.fields ? ' ' + Object.entries(error.fields).map(([k, v]) => `${k} ${v}`).join('; ') : '';
    return `${error.message}${fields}` + (error.retryAfterSeconds ? ` (retry in ${error.retryAfterSeconds} s)` : '');
}

$('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    say('login-message', '');
    try {
        await api.login(form.elements.email.value, form.elements.password.value);
        // the first listing says whether the token carries the admin role: a player's gets 403
        await refresh();
        form.reset();
        show('console');
        timer = setInterval(() => refresh().catch(onRefreshFailed), REFRESH_MS);
    } catch (error) {
        api.logout();
        say('login-message', describe(error));
    }
});

$('logout').addEventListener('click', () => {
    clearInterval(timer);
    api.logout();
    show('login');
});

function onRefreshFailed(error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        clearInterval(timer);
        api.logout();
        show('login');
        say('login-message', describe(error));
        return;
    }
    say('console-message', describe(error));
}

async function refresh() {
    const [{ zones }, { players }] = await Promise.all([
        api.request('GET', '/v1/admin/zones'),
        api.request('GET', '/v1/admin/players'),
    ]);
    state.zones = zones;
    state.players = players;
    renderZones(zones);
    renderPlayers(players);
    $('refreshed').textContent = 'updated ' + new Date().toLocaleTimeString();
}

function cells(row, values) {
    for (const value of values) {
        const cell = document.createElement('td');
        cell.textContent = value;
        row.append(cell);
    }
    return row;
}

function renderZones(zones) {
    $('zones').tBodies[0].replaceChildren(...zones.map((zone) => cells(document.createElement('tr'), [
        zone.name,
        zone.node,
        String(zone.players),
        zone.tick_p99_ms === null ? '–' : `${zone.tick_p99_ms.toFixed(2)} ms`,
        `${zone.tick_budget_ms.toFixed(0)} ms`,
    ])));
    const select = $('broadcast-form').elements.zone;
    const chosen = select.value;
    select.replaceChildren(new Option('every zone', ''), ...zones.map((zone) => new Option(zone.name, zone.name)));
    select.value = zones.some((zone) => zone.name === chosen) ? chosen : '';
}

function renderPlayers(players) {
    $('players').tBodies[0].replaceChildren(...players.map((player) => {
        const row = cells(document.createElement('tr'), [
            player.name,
            player.zone,
            player.x === null ? '–' : `${player.x.toFixed(1)}, ${player.y.toFixed(1)}`,
            player.transport,
            new Date(player.connected_since).toLocaleTimeString(),
            player.rtt_ms === null ? '–' : `${player.rtt_ms} ms`,
        ]);
        row.dataset.characterId = player.character_id;
        const kick = document.createElement('button');
        kick.type = 'button';
        kick.textContent = 'Kick';
        kick.addEventListener('click', () => kickPlayer(player));
        const cell = document.createElement('td');
        cell.append(kick);
        row.append(cell);
        return row;
    }));
}

async function kickPlayer(player) {
    const reason = $('kick-form').elements.reason.value;
    try {
        await api.request('POST', `/v1/admin/players/${encodeURIComponent(player.character_id)}/kick`, { reason });
        say('console-message', `${player.name} was kicked`, true);
        await refresh();
    } catch (error) {
        say('console-message', describe(error));
    }
}

$('broadcast-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const body = { text: form.elements.text.value };
    if (form.elements.zone.value !== '') body.zone = form.elements.zone.value;
    try {
        const { recipients } = await api.request('POST', '/v1/admin/broadcast', body);
        say('console-message', `sent to ${recipients} player(s)`, true);
        form.elements.text.value = '';
    } catch (error) {
        say('console-message', describe(error));
    }
});

Object.defineProperty(window, 'meridianAdmin', {
    value: Object.freeze({
        get view() {
            return state.view;
        },
        get zones() {
            return state.zones;
        },
        get players() {
            return state.players;
        },
        get message() {
            return state.message;
        },
    }),
});
