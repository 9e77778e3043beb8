package org.mist.dimse;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The DICOM node: listens on {@code mist.dimse.host:port} and runs each association on its own thread
 * ({@link DimseAssociation}). Before PixelMed sees an association, the A-ASSOCIATE-RQ is read here so that
 * an unknown calling AE title or a full house is rejected the standard way (A-ASSOCIATE-RJ, PS3.8 9.3.4)
 * instead of being aborted after acceptance. Sockets get TCP_NODELAY (DESIGN section 7: Nagle and delayed
 * ACKs cost ~40 ms per instance otherwise) and the idle timeout.
 */
@ApplicationScoped
public class DimseServer {
    private static final int RQ_HEADER = 42;  // PDU header, protocol version, reserved, called AE, calling AE

    @Inject
    DimseSettings settings;
    @Inject
    DimseServices services;

    private ServerSocket server;
    private AssociationSlots slots;
    private CallingAes callingAes;
    private final ExecutorService associations = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mist-dimse");
        t.setDaemon(true);
        return t;
    });

    void start(@Observes StartupEvent e) throws IOException {
        if (!settings.enabled()) {
            return;
        }
        callingAes = new CallingAes(settings);
        slots = new AssociationSlots(settings.maxAssociations(), settings.maxAssociationsPerCallingAe(),
                settings.maxAssociationsPerAddress());
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port()));
        Thread acceptor = new Thread(this::accept, "mist-dimse-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        Log.infof("DICOM node %s listening on %s:%d, storing into \"%s\"", settings.aeTitle(), settings.host(),
                server.getLocalPort(), settings.store());
    }

    /** The port actually bound (tests bind port 0). */
    public int port() {
        return server == null ? -1 : server.getLocalPort();
    }

    void stop(@Observes ShutdownEvent e) {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        associations.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                associations.execute(() -> serve(socket));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    Log.warnf("DICOM accept failed: %s", e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        boolean acquired = false;
        String calling = null;
        String address = socket.getInetAddress().getHostAddress();
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) settings.idleTimeout().toMillis());
            byte[] head = new DataInputStream(socket.getInputStream()).readNBytes(RQ_HEADER);
            if (head.length < RQ_HEADER || head[0] != 0x01) {
                return;  // not an A-ASSOCIATE-RQ: nothing to answer
            }
            calling = new String(head, 26, 16, StandardCharsets.US_ASCII).trim();
            CallingAes.Entry allowed = callingAes.of(calling);
            if (allowed == null) {
                Log.infof("DICOM association from %s refused: calling AE title \"%s\" not allowed", socket.getInetAddress(), calling);
                services.audit("A-ASSOCIATE", calling, address, null, DimseRefusals.NOT_AUTHORIZED);
                reject(socket.getOutputStream(), 1, 1, 3);  // permanent, service user, calling AE title not recognised
                return;
            }
            AssociationSlots.Refusal refusal = slots.acquire(calling, address);
            acquired = refusal == AssociationSlots.Refusal.NONE;
            if (!acquired) {
                // A released association keeps its slot for PixelMed's 5 s ARTIM wait before the socket closes.
                Log.warnf("DICOM association from %s at %s refused: %s", calling, address, switch (refusal) {
                    case TOTAL -> settings.maxAssociations() + " associations already open";
                    case CALLING_AE -> "the calling AE title holds " + settings.maxAssociationsPerCallingAe() + " already";
                    default -> "the address holds " + settings.maxAssociationsPerAddress() + " already";
                });
                reject(socket.getOutputStream(), 2, 3, 2);  // transient, service provider (presentation), local limit exceeded
                return;
            }
            new DimseAssociation(new ReplayingSocket(socket, head, settings.maxPduLength()), settings, services, allowed,
                    address).run();
        } catch (IOException e) {
            Log.debugf("DICOM association ended: %s", e.getMessage());
        } finally {
            if (acquired) {
                slots.release(calling, address);
            }
        }
    }

    /** A-ASSOCIATE-RJ: type 3, length 4, reserved, result, source, reason (PS3.8 9.3.4). */
    private static void reject(OutputStream out, int result, int source, int reason) throws IOException {
        out.write(new byte[] {0x03, 0, 0, 0, 0, 4, 0, (byte) result, (byte) source, (byte) reason});
        out.flush();
    }
}
