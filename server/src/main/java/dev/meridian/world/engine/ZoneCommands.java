package dev.meridian.world.engine;

import dev.meridian.character.domain.CharacterId;
import java.lang.System.Logger.Level;
import java.util.Queue;

/**
 * Applies what the zone's inbox holds at the start of a tick: joins and takeovers, resumes, moves, leaves, and
 * arrivals through portals. Tick thread only.
 */
final class ZoneCommands {
    private static final System.Logger LOG = System.getLogger(ZoneCommands.class.getName());

    private final Zone zone;
    private final ZoneSettings settings;
    private final Roster roster;
    private final Grid grid;
    private final PositionCadence positions;
    private final Placements placements;

    ZoneCommands(Zone zone, Roster roster, Grid grid, PositionCadence positions, Placements placements) {
        this.zone = zone;
        this.settings = zone.settings();
        this.roster = roster;
        this.grid = grid;
        this.positions = positions;
        this.placements = placements;
    }

    /**
     * Takes everything the inbox holds: applies it in order up to the last command that is not a Move, and leaves the
     * Moves after that one to {@code pending} (the fan-out applies them; the order they keep with each other is the
     * one that matters, see {@link PendingMoves}).
     *
     * @return how many commands were drained
     */
    int drain(Queue<Command> inbox, long now, PendingMoves pending) {
        pending.startTick(now);
        Command command;
        int drained = 0;
        while ((command = inbox.poll()) != null) {
            drained++;
            if (command instanceof Command.Move move) {
                pending.add(move);
                continue;
            }
            // moves queued before this command take effect before it, as they would one by one
            applyPending(pending);
            if (command.fromSession()) {
                command.viewer().commandDrained();
            }
            apply(command, now);
        }
        return drained;
    }

    /** Applies the moves pending so far, in order, on the tick thread (a join, leave or arrival comes next). */
    private void applyPending(PendingMoves pending) {
        for (int i = 0, n = pending.count(); i < n; i++) {
            Command.Move move = pending.get(i);
            move.viewer().commandDrained();
            intend(move);
        }
        pending.clear();
    }

    private void apply(Command command, long now) {
        switch (command) {
            case Command.Join join -> join(join, now);
            case Command.Resume resume -> resume(resume, now);
            case Command.Move move -> intend(move);
            case Command.Leave leave -> leave(leave.viewer());
            case Command.Arrive arrive -> arrive(arrive, now);
            case Command.Forwarded forwarded -> apply(forwarded.command(), now);
        }
    }

    private void join(Command.Join join, long now) {
        CharacterId character = join.character().id();
        Entity existing = roster.byCharacter(character);
        if (existing != null) {
            if (existing.viewer != join.viewer()) {
                takeOver(existing, join.viewer(), now);
            }
            return;
        }
        Zone holder = placements.claim(character, zone);
        if (holder != zone) {
            // the character plays in another zone of this node (it walked there through a portal meanwhile)
            holder.submit(new Command.Forwarded(join));
            return;
        }
        leave(join.viewer());
        int x = Fixed.clamp(Fixed.of(join.character().x()), grid.maxX);
        int y = Fixed.clamp(Fixed.of(join.character().y()), grid.maxY);
        Entity entity = roster.enter(join.character(), join.viewer(), x, y, now);
        entity.viewer.welcome(welcome(entity, now));
    }

    private void resume(Command.Resume resume, long now) {
        Entity parked = roster.byCharacter(resume.character());
        if (parked == null) {
            Zone holder = placements.of(resume.character()).orElse(zone);
            if (holder != zone) {
                holder.submit(new Command.Forwarded(resume));
            } else {
                resume.viewer().resumeRefused();
            }
            return;
        }
        if (parked.viewer != resume.viewer()) {
            // the first snapshot is full, and carries the last applied move's seq so the client's numbering goes on
            parked.ackChanged = true;
            takeOver(parked, resume.viewer(), now);
        }
    }

    private void arrive(Command.Arrive arrive, long now) {
        Entity existing = roster.byCharacter(arrive.character().id());
        if (existing != null) {
            // never expected (the old zone removed its entity first); one entity per character whatever happens
            LOG.log(Level.WARNING, "event=arrival_of_present_character zone=" + zone.name());
            takeOver(existing, arrive.viewer(), now);
            return;
        }
        int x = Fixed.clamp(arrive.x(), grid.maxX);
        int y = Fixed.clamp(arrive.y(), grid.maxY);
        Entity entity = roster.enter(arrive.character(), arrive.viewer(), x, y, now);
        entity.ackSeq = arrive.ackSeq();
        entity.ackChanged = true;
        entity.viewer.zoneChanged(new ZoneChange(
                entity.id(),
                zone.name(),
                arrive.fromZone(),
                x,
                y,
                now,
                settings.width(),
                settings.height(),
                settings.portals()));
    }

    private void takeOver(Entity entity, Viewer newViewer, long now) {
        leave(newViewer);
        Viewer old = entity.viewer;
        roster.reassign(entity, newViewer);
        entity.needsFull = true;
        old.replaced();
        newViewer.welcome(welcome(entity, now));
    }

    private void leave(Viewer viewer) {
        Entity entity = roster.byViewer(viewer);
        if (entity == null) {
            return;
        }
        roster.remove(entity);
        placements.left(entity.character().id(), zone);
        positions.left(entity);
    }

    private void intend(Command.Move move) {
        Entity entity = roster.byViewer(move.viewer());
        if (entity == null) {
            // not in play here (never joined, left, replaced, or on its way through a portal): nothing to apply
            return;
        }
        Movement.intend(entity, move.dx(), move.dy(), move.seq());
    }

    private Welcome welcome(Entity entity, long now) {
        return new Welcome(
                entity.id(),
                entity.character().id(),
                zone.name(),
                entity.x,
                entity.y,
                now,
                settings.tickRate(),
                ZoneSettings.POSITION_SCALE,
                settings.width(),
                settings.height(),
                settings.portals());
    }
}
