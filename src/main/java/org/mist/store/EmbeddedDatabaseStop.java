package org.mist.store;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Stops the embedded database last: after the graceful shutdown and every other stop observer. */
@ApplicationScoped
class EmbeddedDatabaseStop {
    void stop(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent e) {
        EmbeddedDatabase.stopOwned();
    }
}
