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

export class Api {
    #token = null;

    get loggedIn() {
        return this.#token !== null;
    }

    /** The access token, for the world WebSocket (browsers cannot set an Authorization header there). */
    get token() {
        return this.#token;
    }

    async register(email, password) {
        this.#token = (await this.request('POST', '/v1/auth/register', { email, password })).access_token;
    }

    async login(email, password) {
        this.#token = (await this.request('POST', '/v1/auth/login', { email, password })).access_token;
    }

    logout() {
        this.#token = null;
    }

    characters() {
        return this.request('GET', '/v1/characters');
    }

    createCharacter(name, characterClass) {
        return this.request('POST', '/v1/characters', { name, class: characterClass });
    }

    /** Where the realtime world listens: its own port, so the server says ({websocket_url, grpc_target}). */
    world() {
        return this.request('GET', '/v1/world');
    }

    /** Any call of the API with this session's token; @throws ApiError for an error answer */
    async request(method, path, body) {
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
