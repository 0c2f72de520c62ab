// The page's controller: three views (log in, characters, world) and the wiring between the API, the world
// connection, the keyboard and the canvas. docs/browser-client.md walks through it.
import { Api, ApiError } from './api.js';
import { KeyboardInput } from './input.js';
import { draw } from './render.js';
import { WorldConnection } from './world.js';

const $ = (id) => document.getElementById(id);
const api = new Api();
const input = new KeyboardInput();

const MAX_NOTICES = 5;

/** The session in the world, while there is one. */
let world = null;

function show(view) {
    for (const id of ['auth-view', 'characters-view', 'world-view']) $(id).hidden = id !== view;
}

function describe(error) {
    if (!(error instanceof ApiError)) return 'Cannot reach the server: ' + error.message;
    return error.retryAfterSeconds ? `${error.message} (try again in ${error.retryAfterSeconds} s)` : error.message;
}

function setConnection(state, reason = '') {
    const badge = $('connection');
    badge.dataset.state = state;
    badge.textContent = reason ? `${state}: ${reason}` : state;
}

// --- log in / register -------------------------------------------------------------------------------------------

$('auth-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const email = form.elements.email.value;
    const password = form.elements.password.value;
    $('auth-message').textContent = '';
    try {
        if (event.submitter?.value === 'register') await api.register(email, password);
        else await api.login(email, password);
        form.reset();
        await showCharacters();
    } catch (error) {
        $('auth-message').textContent = describe(error);
    }
});

$('logout').addEventListener('click', () => {
    api.logout();
    show('auth-view');
});

// --- characters ----------------------------------------------------------------------------------------------------

async function showCharacters() {
    show('characters-view');
    $('characters-message').textContent = '';
    let characters;
    try {
        characters = await api.characters();
    } catch (error) {
        return handleApiError(error, 'characters-message');
    }
    $('character-list').replaceChildren(...characters.map(characterItem));
    $('no-characters').hidden = characters.length > 0;
}

function characterItem(character) {
    const item = document.createElement('li');
    item.dataset.characterId = character.id;
    const label = document.createElement('span');
    label.textContent = `${character.name} · ${character.class} · level ${character.level} · ${character.zone} `
        + `(${character.x.toFixed(0)}, ${character.y.toFixed(0)})`;
    const play = document.createElement('button');
    play.type = 'button';
    play.textContent = 'Play';
    play.addEventListener('click', () => joinWorld(character));
    item.append(label, play);
    return item;
}

$('create-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    try {
        await api.createCharacter(form.elements.name.value, form.elements.class.value);
        form.reset();
        await showCharacters();
    } catch (error) {
        handleApiError(error, 'characters-message');
    }
});

function handleApiError(error, messageId) {
    if (error instanceof ApiError && error.status === 401) {
        // the token expired or was revoked: only a new login helps
        api.logout();
        show('auth-view');
        $('auth-message').textContent = 'Your session has ended; please log in again.';
        return;
    }
    $(messageId).textContent = describe(error);
}

// --- the world -----------------------------------------------------------------------------------------------------

/** The world's WebSocket URL, asked of the server once (GET /v1/world): the world has a port of its own. */
let worldAddress = null;

async function worldUrl() {
    // an expired access token is renewed from the refresh token first (the password is never asked again for it);
    // browsers cannot send an Authorization header with a WebSocket upgrade, so the token travels in the query
    const token = await api.freshToken();
    return `${worldAddress}?token=${encodeURIComponent(token)}`;
}

async function joinWorld(character) {
    if (worldAddress === null) {
        try {
            worldAddress = (await api.world()).websocket_url;
        } catch (error) {
            handleApiError(error, 'characters-message');
            return;
        }
    }
    show('world-view');
    for (const id of ['world-message', 'hud-entity', 'hud-zone', 'hud-position', 'hud-tick', 'hud-ping']) {
        $(id).textContent = '';
    }
    $('entity-list').replaceChildren();
    $('notices').replaceChildren();
    $('hud-character').textContent = character.name;
    const connection = new WorldConnection(worldUrl, character.id, () => input.direction());
    connection.addEventListener('state', (event) => onState(connection, event.detail));
    connection.addEventListener('snapshot', () => updateHud(connection));
    connection.addEventListener('zonechanged', () => updateHud(connection));
    connection.addEventListener('pong', () => {
        $('hud-ping').textContent = `${connection.rttMs.toFixed(0)} ms`;
        $('hud-tick').textContent = String(connection.view.tick);
    });
    connection.addEventListener('notice', (event) => showNotice(event.detail.text));
    connection.addEventListener('servererror', (event) => {
        $('world-message').textContent = `${event.detail.code}: ${event.detail.message}`;
    });

    const frame = (now) => {
        if (world?.connection !== connection) return;
        draw($('world'), connection.view, now);
        requestAnimationFrame(frame);
    };

    world = { connection };
    input.attach();
    connection.start();
    requestAnimationFrame(frame);
    $('world').focus();
}

/** Operators' notices, newest first, as plain text: a notice is never parsed as HTML. */
function showNotice(text) {
    const item = document.createElement('li');
    item.textContent = text;
    $('notices').prepend(item);
    while ($('notices').children.length > MAX_NOTICES) $('notices').lastElementChild.remove();
}

function leaveWorld() {
    if (world === null) return;
    const { connection } = world;
    world = null; // first, so the 'closed' state that stop() announces is not taken for a failure
    input.detach();
    connection.stop();
    setConnection('offline');
}

$('leave').addEventListener('click', () => {
    leaveWorld();
    showCharacters();
});

function onState(connection, { state, reason, code }) {
    if (world?.connection !== connection) return;
    setConnection(state, state === 'connected' ? '' : reason);
    if (state !== 'closed') return;
    if (code === 4401) {
        leaveWorld();
        handleApiError(new ApiError(401, 'unauthorized', reason), 'auth-message');
    } else {
        $('world-message').textContent = reason;
    }
}

function updateHud(connection) {
    const view = connection.view;
    $('hud-entity').textContent = view.selfId === null ? '' : `#${view.selfId}`;
    $('hud-zone').textContent = view.zone;
    $('hud-tick').textContent = String(view.tick);
    const self = view.self;
    $('hud-position').textContent = self ? `${self.x.toFixed(1)}, ${self.y.toFixed(1)}` : '';
    $('entity-list').replaceChildren(...[...view.entities.values()].map((entity) => {
        const item = document.createElement('li');
        item.dataset.entityId = entity.id;
        item.textContent = `${entity.name} (${entity.x.toFixed(1)}, ${entity.y.toFixed(1)})`
            + (entity.id === view.selfId ? ' · you' : '');
        return item;
    }));
}

// --- a read-only window onto the page's state, for debugging in the console and for the end-to-end test -------------

Object.defineProperty(window, 'meridian', {
    value: Object.freeze({
        get view() {
            if (!$('auth-view').hidden) return 'auth';
            return $('characters-view').hidden ? 'world' : 'characters';
        },
        get state() {
            return world?.connection.state ?? 'offline';
        },
        get tick() {
            return world?.connection.view.tick ?? null;
        },
        get rttMs() {
            return world?.connection.rttMs ?? null;
        },
        get joins() {
            return world?.connection.joins ?? 0;
        },
        get resumes() {
            return world?.connection.resumes ?? 0;
        },
        get refreshes() {
            return api.refreshes;
        },
        get tokenLifetimeS() {
            return api.tokenLifetimeS;
        },
        get storedItems() {
            // nothing of the session may be kept where other scripts or a later visit could read it
            return localStorage.length + sessionStorage.length + (document.cookie === '' ? 0 : 1);
        },
        get selfId() {
            return world?.connection.view.selfId ?? null;
        },
        get zone() {
            return world?.connection.view.zone ?? null;
        },
        get zoneChanges() {
            return world?.connection.zoneChanges ?? 0;
        },
        /** Redirects to another world node the page followed (several world nodes). */
        get redirects() {
            return world?.connection.redirects ?? 0;
        },
        /** The current zone's portals: {to_zone, x, y, width, height} in world units. */
        get portals() {
            return (world?.connection.view.portals ?? []).map((portal) => ({ ...portal }));
        },
        /** Server positions (not the smoothed ones drawn), one plain object per entity in view. */
        get entities() {
            const view = world?.connection.view;
            if (!view) return [];
            return [...view.entities.values()].map(({ id, name, x, y }) => ({ id, name, x, y, self: id === view.selfId }));
        },
        /** The notices shown, newest first. */
        get notices() {
            return [...$('notices').children].map((item) => item.textContent);
        },
        simulateDrop() {
            world?.connection.simulateDrop();
        },
    }),
});
