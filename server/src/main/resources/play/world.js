// The realtime half of the client: one WebSocket to /v1/world/ws speaking the JSON subprotocol (docs/protocol.md),
// and the view of the world that the server's snapshots describe.

export const SUBPROTOCOL = 'meridian.v1.json';

const PING_EVERY_MS = 2000;
// Each Move walks for one tick only, so Moves go out a little more often than the zone ticks while a key is held: timer
// jitter then never leaves a tick without one (two in a tick are harmless, the last counts). Capped well below the
// server's default limit of 60 messages a second (world.session.messages-per-second) for zones that tick faster.
const MOVES_PER_TICK = 1.25;
const MAX_MOVES_PER_SECOND = 50;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 8000;

// Close codes after which connecting again cannot help (docs/protocol.md): 4401 the token is bad or expired (log in
// again), 4409 the same character joined from somewhere else (two tabs taking it from each other helps nobody), 4403
// an operator kicked the player, 4451 the account is banned. Every other close (server restart 1001, idle 4408, slow
// consumer 4413, rate limit 4429, network) is retried.
const FINAL_CLOSE_CODES = new Set([4401, 4403, 4409, 4451]);
// Server errors that end the session for good.
const FINAL_ERRORS = new Set(['unauthorized', 'not_found', 'session_replaced', 'kicked', 'banned']);
// A join refused for a passing reason: the page reconnects (with the usual delay) and joins again. zone_unavailable: no
// node runs the character's zone this moment (several world nodes); by the next join one does, or will redirect there.
const RETRY_JOIN_ERRORS = new Set(['unavailable', 'zone_unavailable']);
// The close that follows a redirect (docs/protocol.md, "Redirects"): connect to the node it named at once.
const REDIRECT_CLOSE_CODE = 4307;
// Redirects followed without a welcome in between; more means the nodes disagree, and the page gives up (as the SDK).
const MAX_REDIRECTS = 3;
// Close codes that say goodbye (docs/protocol.md, "Resume"): the server lets the character leave at once. A simulated
// drop closes with another code, so the character waits for the resume like after a real network failure.
const DROP_CLOSE_CODE = 4000;

/**
 * Everything in view, as the last snapshot said, plus what is needed to draw it smoothly: each entity moves from where
 * it was drawn when a snapshot arrived to its new position over one tick. The server sends a snapshot only when
 * something in view changed, so while anything moves there is one per tick.
 */
export class WorldView {
    selfId = null;
    characterId = null;
    zone = null;
    zoneWidth = 1000;
    zoneHeight = 1000;
    tick = 0;
    tickRate = 20;
    /** The zone's portals, world units: {to_zone, x, y, width, height}; walking into one changes zone. */
    portals = [];
    ack = 0;
    /** When the last snapshot arrived (performance.now()). */
    #snapshotAt = 0;
    /** @type {Map<number, {id: number, name: string, x: number, y: number, fromX: number, fromY: number}>} */
    entities = new Map();

    welcome(message, now) {
        this.selfId = message.entity_id;
        this.characterId = message.character_id;
        this.zone = message.zone;
        this.zoneWidth = message.zone_width ?? this.zoneWidth;
        this.zoneHeight = message.zone_height ?? this.zoneHeight;
        this.tickRate = message.tick_rate || this.tickRate;
        this.#enter(message, now);
    }

    /**
     * A portal took the player into another zone: a new entity id, another zone's size, portals and tick counter. The
     * view starts over (the next snapshot is the whole view of the new zone).
     */
    zoneChanged(message, now) {
        this.selfId = message.entity_id;
        this.zone = message.zone;
        this.zoneWidth = message.zone_width ?? this.zoneWidth;
        this.zoneHeight = message.zone_height ?? this.zoneHeight;
        this.#enter(message, now);
    }

    #enter(message, now) {
        this.portals = Array.isArray(message.portals) ? message.portals : [];
        this.tick = message.tick;
        this.entities.clear();
        this.entities.set(this.selfId, {
            id: this.selfId, name: '', x: message.x, y: message.y, fromX: message.x, fromY: message.y,
        });
        this.#snapshotAt = now;
    }

    /** A snapshot carries the whole view: whatever it does not list has left it. */
    snapshot(message, now) {
        const next = new Map();
        for (const entity of message.entities) {
            const previous = this.entities.get(entity.id);
            const from = previous ? this.drawnPosition(previous, now) : entity;
            next.set(entity.id, { id: entity.id, name: entity.name, x: entity.x, y: entity.y, fromX: from.x, fromY: from.y });
        }
        this.entities = next;
        this.tick = Math.max(this.tick, message.tick);
        this.ack = message.ack ?? this.ack;
        this.#snapshotAt = now;
    }

    /** Pongs carry the server's tick too, so the tick shown keeps counting while nothing in view moves. */
    pong(message) {
        if (Number.isFinite(message.tick)) this.tick = Math.max(this.tick, message.tick);
    }

    get self() {
        return this.entities.get(this.selfId) ?? null;
    }

    /** Where to draw an entity at time {@code now}: on its way from the previous position to the latest one. */
    drawnPosition(entity, now) {
        const t = Math.min(1, ((now - this.#snapshotAt) * this.tickRate) / 1000);
        return { x: entity.fromX + (entity.x - entity.fromX) * t, y: entity.fromY + (entity.y - entity.fromY) * t };
    }
}

/**
 * One player's connection to the world. States: connecting → connected (welcome received) → reconnecting after an
 * unexpected close (with growing, jittered delays) → closed (stopped, or a final close). A reconnect first resumes:
 * it presents the last welcome's resume token and gets the same entity back, which waited in the world meanwhile; if
 * the server refuses (the wait was over) it joins the character anew. Events: 'state', 'snapshot', 'pong',
 * 'zonechanged', 'servererror'.
 */
export class WorldConnection extends EventTarget {
    view = new WorldView();
    rttMs = null;
    /** How many times the server welcomed this character: more than once means the connection was re-established. */
    joins = 0;
    /** How many of those welcomes gave the same entity back after a drop (a resume rather than a new join). */
    resumes = 0;
    /** How many portals the player walked through. */
    zoneChanges = 0;
    /** How many redirects to another world node the page followed. */
    redirects = 0;
    state = 'offline';
    reason = '';
    #url;
    #characterId;
    #socket = null;
    #stopped = false;
    #finalError = null;
    #retries = 0;
    #retryTimer = 0;
    #pingTimer = 0;
    #moveTimer = 0;
    #seq = 0;
    #direction;
    /** What the next socket presents to take the entity back; null: it joins. Memory only, like every token here. */
    #resumeToken = null;
    #resuming = false;
    /**
     * The WebSocket URL of the world node the last redirect named; the page stays with it (a resume must reach the
     * node that keeps the character) until a connection to it fails. null: the address the page was given.
     */
    #node = null;
    #redirectTo = null;
    #redirectsInARow = 0;
    #welcomedOnThisSocket = false;

    /**
     * @param url an async function answering the WebSocket URL, asked on every (re)connect so it carries a fresh token
     * @param direction a function answering where the player wants to walk, [dx, dy] of length 0 or 1
     */
    constructor(url, characterId, direction) {
        super();
        this.#url = url;
        this.#characterId = characterId;
        this.#direction = direction;
    }

    start() {
        this.#stopped = false;
        this.#open();
    }

    /** Leaves the world on purpose: no reconnect. */
    stop() {
        this.#stopped = true;
        clearTimeout(this.#retryTimer);
        clearInterval(this.#pingTimer);
        clearInterval(this.#moveTimer);
        this.#send({ type: 'leave' });
        // also aborts a socket that is still connecting, so it cannot join after the player left
        this.#socket?.close(1000, 'leave');
        this.#socket = null;
        this.#setState('closed', 'left the world');
    }

    /**
     * Closes the socket as a network failure would (without a goodbye, so the server keeps the character for a
     * resume), so the reconnect path can be seen working (debug and tests).
     */
    simulateDrop() {
        this.#socket?.close(DROP_CLOSE_CODE, 'simulated drop');
    }

    async #open() {
        this.#setState(this.#retries === 0 ? 'connecting' : 'reconnecting', this.reason);
        let url;
        try {
            url = await this.#url();
        } catch (error) {
            // the refresh token was refused: the session is over, as for a 4401
            if (!this.#stopped) this.#closed({ code: 4401, reason: error.message });
            return;
        }
        if (this.#stopped) return;
        if (this.#node !== null) {
            try {
                // the same token (and its fresh renewal), another node's address
                const target = new URL(this.#node);
                target.search = new URL(url).search;
                url = target.toString();
            } catch {
                this.#node = null; // not a URL: the address the page was given
            }
        }
        this.#welcomedOnThisSocket = false;
        const socket = new WebSocket(url, SUBPROTOCOL);
        this.#socket = socket;
        socket.onopen = () => {
            if (socket !== this.#socket) return;
            if (socket.protocol !== SUBPROTOCOL) {
                // the server did not pick our subprotocol: it would not understand a word we say
                this.#finalError = { code: 'protocol', message: `server chose subprotocol "${socket.protocol}"` };
                socket.close(1000, 'unsupported subprotocol');
                return;
            }
            this.#resuming = this.#resumeToken !== null;
            this.#send(this.#resuming
                ? { type: 'resume', token: this.#resumeToken }
                : { type: 'join', character_id: this.#characterId });
            this.#ping();
            this.#pingTimer = setInterval(() => this.#ping(), PING_EVERY_MS);
        };
        socket.onmessage = (event) => {
            if (socket === this.#socket) this.#receive(event.data);
        };
        socket.onclose = (event) => {
            if (socket === this.#socket) this.#closed(event);
        };
    }

    #receive(data) {
        let message;
        try {
            message = JSON.parse(data);
        } catch {
            return; // not ours to fix; the server only sends JSON text frames in this subprotocol
        }
        const now = performance.now();
        switch (message.type) {
            case 'welcome':
                this.view.welcome(message, now);
                this.joins++;
                if (this.#resuming) this.resumes++;
                this.#resuming = false;
                this.#resumeToken = message.resume_token ?? null;
                this.#retries = 0;
                this.#redirectsInARow = 0;
                this.#welcomedOnThisSocket = true;
                clearInterval(this.#moveTimer);
                this.#moveTimer = setInterval(
                    () => this.#move(), 1000 / Math.min(this.view.tickRate * MOVES_PER_TICK, MAX_MOVES_PER_SECOND));
                this.#setState('connected', '');
                break;
            case 'zone_changed':
                // the server moved the player through a portal; the session goes on as it was
                this.view.zoneChanged(message, now);
                this.zoneChanges++;
                this.dispatchEvent(new Event('zonechanged'));
                break;
            case 'snapshot':
                this.view.snapshot(message, now);
                this.dispatchEvent(new Event('snapshot'));
                break;
            case 'pong':
                this.rttMs = now - message.client_time;
                this.view.pong(message);
                this.dispatchEvent(new Event('pong'));
                break;
            case 'redirect':
                // another world node runs the zone (a join, a portal, or this node shutting down): the server closes
                // this socket with 4307 next, and the page connects there with the same token and character
                this.#redirectTo = String(message.websocket_url ?? '');
                break;
            case 'notice':
                // an operator's words: the page shows them as text (textContent), never as markup
                this.dispatchEvent(new CustomEvent('notice', { detail: { text: String(message.text) } }));
                break;
            case 'error':
                if (message.code === 'resume_refused' && this.#resuming) {
                    // the character's wait was over: join it anew on this socket (nothing for the player to see)
                    this.#resuming = false;
                    this.#resumeToken = null;
                    this.#send({ type: 'join', character_id: this.#characterId });
                    break;
                }
                if (FINAL_ERRORS.has(message.code)) this.#finalError = message;
                this.dispatchEvent(new CustomEvent('servererror', { detail: message }));
                if (RETRY_JOIN_ERRORS.has(message.code) && this.state !== 'connected') this.#socket.close(4000, message.code);
                break;
            default:
            // newer servers may add message types; an old client ignores them
        }
    }

    #closed(event) {
        clearInterval(this.#pingTimer);
        clearInterval(this.#moveTimer);
        this.#socket = null;
        if (this.#stopped) return;
        const redirectTo = this.#redirectTo;
        this.#redirectTo = null;
        if (event.code === REDIRECT_CLOSE_CODE && redirectTo) {
            this.#redirected(redirectTo);
            return;
        }
        if (!this.#welcomedOnThisSocket) {
            // the node the page was sent to may be gone: start again from the address the page was given
            this.#node = null;
        }
        if (FINAL_CLOSE_CODES.has(event.code) || this.#finalError !== null) {
            this.#stopped = true;
            this.#setState('closed', this.#finalError?.message ?? (event.reason || `closed (${event.code})`), event.code);
            return;
        }
        const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.#retries) * (0.5 + Math.random() / 2);
        this.#retries++;
        this.#setState('reconnecting', event.reason || `connection lost (${event.code})`);
        this.#retryTimer = setTimeout(() => this.#open(), delay);
    }

    #redirected(to) {
        if (++this.#redirectsInARow > MAX_REDIRECTS) {
            this.#stopped = true;
            this.#setState('closed', `${MAX_REDIRECTS} redirects without a welcome, the last to ${to}`, REDIRECT_CLOSE_CODE);
            return;
        }
        this.redirects++;
        this.#node = to;
        // the resume token belongs to the node that issued it; the new node loads the character from the database
        this.#resumeToken = null;
        this.#setState('reconnecting', `the zone runs on another node: ${to}`);
        this.#open();
    }

    /** A direction intent for the next tick: the server clamps its length to 1; no Move in a tick means standing still. */
    #move() {
        const [dx, dy] = this.#direction();
        if (dx !== 0 || dy !== 0) this.#send({ type: 'move', dx, dy, seq: ++this.#seq });
    }

    #ping() {
        // performance.now() is monotonic, unlike Date.now(); the server only echoes it back
        // the last round trip goes along: the admin console shows it (docs/protocol.md, Ping)
        this.#send({ type: 'ping', client_time: Math.round(performance.now()), rtt_ms: Math.round(this.rttMs ?? 0) });
    }

    #send(message) {
        if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(message));
    }

    #setState(state, reason, code = 0) {
        this.state = state;
        this.reason = reason;
        this.dispatchEvent(new CustomEvent('state', { detail: { state, reason, code } }));
    }
}
