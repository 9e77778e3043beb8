package org.mist.dicomweb;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** DICOMweb for a named store (a dataset) at {@code /stores/{store}/dicomweb}. */
@Path("/stores/{store}/dicomweb")
public class NamedStoreResource extends DicomWebResource {
    @PathParam("store")
    String store;

    @Override
    String store() {
        return store;
    }
}
