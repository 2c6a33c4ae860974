package dev.hetflow.service.storage;

import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.service.config.S3Config;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** One {@link ObjectStore} per service, closed with the application. */
@ApplicationScoped
class ObjectStoreProducer {

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(S3Config config) {
        return new ObjectStore(config.settings());
    }

    void close(@Disposes ObjectStore store) {
        store.close();
    }
}
