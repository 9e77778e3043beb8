package org.mist.archive;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.mist.store.ChangeLog;

/**
 * Keeps this replica's caches right when another replica updates, restores, rejects or deletes: reads the change
 * feed from where it was at start and forgets every instance changed since ({@link Retrieve#forget}). The series
 * metadata cache needs nothing: its key is the series version, which every change moves.
 */
@ApplicationScoped
public class ChangeFollower {
    private static final int PAGE = 1000;

    @Inject
    ChangeLog changes;
    @Inject
    Retrieve retrieve;

    private volatile long seen = -1;

    void started(@Observes StartupEvent e) {
        seen = changes.last();
    }

    @Scheduled(every = "{mist.changes.follow-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void follow() {
        if (seen < 0) {
            return;
        }
        try {
            List<ChangeLog.Entry> page;
            do {
                page = changes.since(null, seen, PAGE);
                for (ChangeLog.Entry e : page) {
                    if (e.action() != ChangeLog.Action.CREATE) {  // a new version, or gone
                        retrieve.forget(e.store(), e.study(), e.series(), e.instance());
                    }
                    seen = e.seq();
                }
            } while (page.size() == PAGE);
        } catch (RuntimeException e) {
            Log.warnf("following the change feed: %s", e.getMessage());
        }
    }
}
