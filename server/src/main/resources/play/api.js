// The REST half of the client: accounts and characters (docs/api.md). Same origin, so no CORS is involved.

/** An error answer of the API: {"error": "code", "message": "...", "fields": {...}} plus the HTTP status. */
export class ApiError extends Error {
    constructor(status, code, message, retryAfterSeconds, fields) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.fields = fields;
    }
}

// A token that expires within this margin is renewed before a world connection uses it.
const RENEW_MARGIN_MS = 30_000;

export class Api {
    #token = null;
    #expiresAt = 0;
    // The refresh token lives in this field only (never localStorage, sessionStorage or a cookie): a reload means
    // logging in again, and no other page or script can read it.
    #refreshToken = null;
    #refreshing = null;
    /** Refreshes done, and the access tokens' lifetime in seconds (for window.meridian and the end-to-end test). */
    refreshes = 0;
    tokenLifetimeS = null;

    get loggedIn() {
        return this.#token !== null;
    }

    /** The access token, for the world WebSocket (browsers cannot set an Authorization header there). */
    get token() {
        return this.#token;
    }

    async register(email, password) {
        this.#keep(await this.#request('POST', '/v1/auth/register', { email, password }));
    }

    async login(email, password) {
        this.#keep(await this.#request('POST', '/v1/auth/login', { email, password }));
    }

    /**
     * An access token good for at least another 30 s: the current one, or a new one from the refresh token (never the
     * password). Concurrent callers share one refresh: a refresh token is single use, and presenting it twice would
     * look like theft to the server and end the session. Rejects with an ApiError 401 when the session is over.
     */
    async freshToken() {
        if (this.#token !== null && Date.now() < this.#expiresAt - RENEW_MARGIN_MS) return this.#token;
        if (this.#refreshToken === null) return this.#token;
        this.#refreshing ??= this.#request('POST', '/v1/auth/refresh', { refresh_token: this.#refreshToken })
            .then((answer) => {
                this.#keep(answer);
                this.refreshes++;
            })
            .finally(() => {
                this.#refreshing = null;
            });
        await this.#refreshing;
        return this.#token;
    }

    /** Ends the session on the server too (best effort: the page forgets the tokens whatever the answer). */
    logout() {
        const refreshToken = this.#refreshToken;
        this.#token = null;
        this.#refreshToken = null;
        this.#expiresAt = 0;
        if (refreshToken !== null) {
            this.#request('POST', '/v1/auth/logout', { refresh_token: refreshToken }).catch(() => {});
        }
    }

    #keep(answer) {
        this.#token = answer.access_token;
        this.#expiresAt = Date.now() + answer.expires_in * 1000;
        this.tokenLifetimeS = answer.expires_in;
        this.#refreshToken = answer.refresh_token ?? this.#refreshToken;
    }

    characters() {
        return this.#authorized('GET', '/v1/characters');
    }

    createCharacter(name, characterClass) {
        return this.#authorized('POST', '/v1/characters', { name, class: characterClass });
    }

    /** Where the realtime world listens: its own port, so the server says ({websocket_url, grpc_target}). */
    world() {
        return this.#authorized('GET', '/v1/world');
    }

    async #authorized(method, path, body) {
        await this.freshToken();
        return this.#request(method, path, body);
    }

    /** An authorized call to any endpoint (the admin console's), the access token renewed first when due. */
    request(method, path, body) {
        return this.#authorized(method, path, body);
    }

    /** Any call of the API with this session's token; @throws ApiError for an error answer */
    async #request(method, path, body) {
        const headers = { Accept: 'application/json' };
        if (body !== undefined) headers['Content-Type'] = 'application/json';
        if (this.#token !== null) headers.Authorization = `Bearer ${this.#token}`;
        const response = await fetch(path, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            // the token lives in memory; cookies are neither needed nor wanted
            credentials: 'omit',
        });
        const text = await response.text();
        const json = text === '' ? null : parseJson(text);
        if (!response.ok) {
            const retryAfter = Number(response.headers.get('Retry-After')) || undefined;
            throw new ApiError(
                response.status,
                json?.error ?? 'http_' + response.status,
                json?.message ?? response.statusText,
                retryAfter,
                json?.fields,
            );
        }
        return json;
    }
}

function parseJson(text) {
    try {
        return JSON.parse(text);
    } catch {
        return null;
    }
}
