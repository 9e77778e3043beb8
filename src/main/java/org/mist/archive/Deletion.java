package org.mist.archive;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.mist.store.ArchiveDeleter;
import org.mist.store.ArchiveDeleter.Deleted;

/**
 * Deleting a study, a series or an instance, for every door: the scope is checked, the rows and objects go
 * ({@link ArchiveDeleter}), and this process forgets the instances before their objects are removed (other
 * replicas forget them through the change feed, {@link ChangeFollower}). A deleted instance can be sent again.
 */
@ApplicationScoped
public class Deletion {
    @Inject
    ArchiveDeleter deleter;
    @Inject
    Retrieve retrieve;

    /** Deletes what {@code scope} names (at least a study); nothing there is not found. */
    public Deleted delete(Scope scope) {
        if (scope.study() == null) {
            throw Refusal.BAD_REQUEST.because("a delete names a study, a series or an instance");
        }
        Deleted d = deleter.delete(scope.store(), scope.study(), scope.series(), scope.sop(),
                done -> done.instances().forEach(i -> retrieve.forget(done.store(), done.study(), i.series(), i.sop())));
        if (d.instances().isEmpty()) {
            throw Refusal.NOT_FOUND.because("no " + scope.describe() + " in store " + scope.store());
        }
        return d;
    }
}
