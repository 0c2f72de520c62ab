// Keyboard to movement intent. KeyboardEvent.code names physical keys, so WASD sits in the same place on every layout.

const DIRECTIONS = {
    KeyW: [0, -1],
    ArrowUp: [0, -1],
    KeyS: [0, 1],
    ArrowDown: [0, 1],
    KeyA: [-1, 0],
    ArrowLeft: [-1, 0],
    KeyD: [1, 0],
    ArrowRight: [1, 0],
};

export class KeyboardInput {
    #held = new Set();
    #onKeyDown = (event) => this.#key(event, true);
    #onKeyUp = (event) => this.#key(event, false);
    // a key released while another window had focus never sends keyup: forget everything instead of walking forever
    #onBlur = () => this.#held.clear();

    attach() {
        window.addEventListener('keydown', this.#onKeyDown);
        window.addEventListener('keyup', this.#onKeyUp);
        window.addEventListener('blur', this.#onBlur);
    }

    detach() {
        window.removeEventListener('keydown', this.#onKeyDown);
        window.removeEventListener('keyup', this.#onKeyUp);
        window.removeEventListener('blur', this.#onBlur);
        this.#held.clear();
    }

    /** The held keys as a direction of length 0 or 1 (diagonals are not faster). Screen y grows downwards. */
    direction() {
        let dx = 0;
        let dy = 0;
        for (const code of this.#held) {
            dx += DIRECTIONS[code][0];
            dy += DIRECTIONS[code][1];
        }
        const length = Math.hypot(dx, dy);
        return length === 0 ? [0, 0] : [dx / length, dy / length];
    }

    #key(event, down) {
        if (!(event.code in DIRECTIONS) || isTyping(event.target)) return;
        event.preventDefault(); // arrow keys would scroll the page
        if (down) this.#held.add(event.code);
        else this.#held.delete(event.code);
    }
}

function isTyping(target) {
    return target instanceof HTMLInputElement || target instanceof HTMLSelectElement
        || target instanceof HTMLTextAreaElement;
}
