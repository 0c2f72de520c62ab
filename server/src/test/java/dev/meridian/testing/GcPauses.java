package dev.meridian.testing;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The garbage collector's stop-the-world pauses in this JVM while it is open, each as the collector reports it: a
 * pause stops every Java thread, a zone's tick thread too, so a test that reports tick times reports these beside
 * them. ZGC's and Shenandoah's cycles, which run beside the application, are not pauses and are left out.
 */
public final class GcPauses implements AutoCloseable {
    /** The pauses of a window: how many, their sum and the longest, in milliseconds. */
    public record Summary(int count, long totalMillis, long maxMillis) {}

    private record Pause(long endedNanos, long millis) {}

    private final List<Pause> pauses = new ArrayList<>();
    private final NotificationListener listener = (notification, handback) -> {
        if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            if (!info.getGcName().contains("Cycles")) {
                record(new Pause(System.nanoTime(), info.getGcInfo().getDuration()));
            }
        }
    };

    private GcPauses() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener(listener, null, null);
        }
    }

    public static GcPauses record() {
        return new GcPauses();
    }

    private synchronized void record(Pause pause) {
        pauses.add(pause);
    }

    /** The pauses that ended within [{@code fromNanos}, {@code toNanos}) of {@link System#nanoTime()}. */
    public synchronized Summary within(long fromNanos, long toNanos) {
        List<Long> millis = pauses.stream()
                .filter(pause -> pause.endedNanos() - fromNanos >= 0 && pause.endedNanos() - toNanos < 0)
                .map(Pause::millis)
                .toList();
        return new Summary(
                millis.size(),
                millis.stream().mapToLong(Long::longValue).sum(),
                millis.stream().mapToLong(Long::longValue).max().orElse(0));
    }

    @Override
    public void close() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) collector).removeNotificationListener(listener);
            } catch (ListenerNotFoundException alreadyGone) {
                // nothing to remove
            }
        }
    }
}
