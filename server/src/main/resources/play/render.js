// Draws a WorldView on a canvas: the camera follows the player, one world unit is PIXELS_PER_UNIT CSS pixels.

const PIXELS_PER_UNIT = 4;
const GRID_UNITS = 10;
const RADIUS_PX = 8;

const COLORS = {
    background: '#09101d',
    grid: '#16213a',
    border: '#4fb3ff',
    self: '#4fb3ff',
    other: '#f5b942',
    name: '#e6edf7',
    portal: 'rgba(155, 109, 255, 0.35)',
    portalEdge: '#9b6dff',
    zone: '#8aa0c2',
};

export function draw(canvas, view, now) {
    const context = fitToDisplay(canvas);
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    context.fillStyle = COLORS.background;
    context.fillRect(0, 0, width, height);

    const self = view.self;
    const center = self ? view.drawnPosition(self, now) : { x: view.zoneWidth / 2, y: view.zoneHeight / 2 };
    // world (x, y) -> canvas pixels, with the camera's center in the middle of the canvas
    const toScreen = (x, y) => [width / 2 + (x - center.x) * PIXELS_PER_UNIT, height / 2 + (y - center.y) * PIXELS_PER_UNIT];

    drawGrid(context, toScreen, center, width, height);
    context.strokeStyle = COLORS.border;
    context.lineWidth = 2;
    const [left, top] = toScreen(0, 0);
    context.strokeRect(left, top, view.zoneWidth * PIXELS_PER_UNIT, view.zoneHeight * PIXELS_PER_UNIT);
    drawPortals(context, toScreen, view.portals);

    context.font = '12px system-ui, sans-serif';
    context.textAlign = 'center';
    for (const entity of view.entities.values()) {
        const position = view.drawnPosition(entity, now);
        const [x, y] = toScreen(position.x, position.y);
        const isSelf = entity.id === view.selfId;
        context.fillStyle = isSelf ? COLORS.self : COLORS.other;
        context.beginPath();
        context.arc(x, y, RADIUS_PX, 0, 2 * Math.PI);
        context.fill();
        context.fillStyle = COLORS.name;
        // your own name below your dot, everyone else's above theirs: two players side by side stay readable
        context.textBaseline = isSelf ? 'top' : 'bottom';
        context.fillText(entity.name, x, isSelf ? y + RADIUS_PX + 4 : y - RADIUS_PX - 4);
    }

    // the zone's name in the corner: the HUD says it too, but the picture should not need the HUD
    context.fillStyle = COLORS.zone;
    context.font = '14px system-ui, sans-serif';
    context.textAlign = 'left';
    context.textBaseline = 'top';
    context.fillText(view.zone ?? '', 10, 10);
}

/** Each portal as a tinted rectangle, labelled with the zone it leads to. */
function drawPortals(context, toScreen, portals) {
    context.font = '11px system-ui, sans-serif';
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    for (const portal of portals) {
        const [x, y] = toScreen(portal.x, portal.y);
        const width = portal.width * PIXELS_PER_UNIT;
        const height = portal.height * PIXELS_PER_UNIT;
        context.fillStyle = COLORS.portal;
        context.fillRect(x, y, width, height);
        context.strokeStyle = COLORS.portalEdge;
        context.lineWidth = 1;
        context.strokeRect(x, y, width, height);
        context.fillStyle = COLORS.name;
        context.fillText(`→ ${portal.to_zone}`, x + width / 2, y + height / 2);
    }
}

function drawGrid(context, toScreen, center, width, height) {
    const halfW = width / 2 / PIXELS_PER_UNIT;
    const halfH = height / 2 / PIXELS_PER_UNIT;
    context.strokeStyle = COLORS.grid;
    context.lineWidth = 1;
    context.beginPath();
    for (let x = Math.ceil((center.x - halfW) / GRID_UNITS) * GRID_UNITS; x <= center.x + halfW; x += GRID_UNITS) {
        const [sx] = toScreen(x, 0);
        context.moveTo(sx, 0);
        context.lineTo(sx, height);
    }
    for (let y = Math.ceil((center.y - halfH) / GRID_UNITS) * GRID_UNITS; y <= center.y + halfH; y += GRID_UNITS) {
        const [, sy] = toScreen(0, y);
        context.moveTo(0, sy);
        context.lineTo(width, sy);
    }
    context.stroke();
}

/** Sizes the canvas backing store to its displayed size times the device pixel ratio, so lines and text stay sharp. */
function fitToDisplay(canvas) {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.round(canvas.clientWidth * ratio);
    const height = Math.round(canvas.clientHeight * ratio);
    if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
    }
    const context = canvas.getContext('2d');
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    return context;
}
