package org.mist.dicomweb;

import jakarta.ws.rs.Path;

/** DICOMweb for the default store at {@code /dicomweb}. */
@Path("/dicomweb")
public class DefaultStoreResource extends DicomWebResource {
    @Override
    String store() {
        return StowRoutes.DEFAULT_STORE;
    }
}
