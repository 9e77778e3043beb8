package org.mist.archive;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.mist.store.ArchiveRejecter;

/**
 * Deletes rejected instances once they have been kept hidden for the retention period ({@code mist.reject.retention}),
 * each through {@link Deletion} like a DELETE, so the feed, the caches and the objects follow.
 */
@ApplicationScoped
public class RejectionRetention {
    private static final int PAGE = 500;

    @Inject
    ArchiveRejecter rejecter;
    @Inject
    Deletion deletion;
    @Inject
    RejectSettings settings;

    @Scheduled(every = "{mist.reject.expire-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            int n = expire(settings.retention());
            if (n > 0) {
                Log.infof("rejected instances kept longer than %s: %d deleted", settings.retention(), n);
            }
        } catch (RuntimeException e) {
            Log.warnf("deleting expired rejected instances: %s", e.getMessage());
        }
    }

    /** Deletes the instances rejected longer than {@code retention} ago; how many. */
    public int expire(Duration retention) {
        Instant before = Instant.now().minus(retention);
        int deleted = 0;
        List<ArchiveRejecter.Rejected> page;
        do {
            page = rejecter.rejectedBefore(before, PAGE);
            for (ArchiveRejecter.Rejected r : page) {
                try {
                    deletion.delete(Scope.instance(r.store(), r.study(), r.series(), r.sop()));
                    deleted++;
                } catch (ArchiveException e) {
                    if (e.refusal() != Refusal.NOT_FOUND) {  // deleted meanwhile by someone else: nothing to do
                        throw e;
                    }
                }
            }
        } while (page.size() == PAGE);
        return deleted;
    }
}
