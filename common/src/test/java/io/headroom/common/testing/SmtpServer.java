package io.headroom.common.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) in the test JVM on a spare port, pointed to by the Quarkus
 * Mailer. {@link #down()} and {@link #up()} stop and start it again on the same port, for tests
 * of delivery while the server is away; every message it received is kept for assertions.
 */
public class SmtpServer implements QuarkusTestResourceLifecycleManager {

    /** One received message as a test reads it: one copy per recipient, as SMTP delivers. */
    public record Received(String to, String subject, String text, String html, MimeMessage raw) {
    }

    /** What servers stopped by {@link #down()} had received. */
    private static final List<Received> EARLIER = new ArrayList<>();
    private static GreenMail server;
    private static int port;

    @Override
    public synchronized Map<String, String> start() {
        port = sparePort();
        up();
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", Integer.toString(port));
    }

    @Override
    public synchronized void stop() {
        down();
    }

    /** Stops accepting mail: connections are refused until {@link #up()}. Keeps what was received. */
    public static synchronized void down() {
        if (server != null) {
            EARLIER.addAll(current());
            server.stop();
            server = null;
        }
    }

    public static synchronized void up() {
        if (server == null) {
            server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            server.start();
        }
    }

    /** Every message received so far (by every start of the server), one per recipient. */
    public static synchronized List<Received> received() {
        List<Received> all = new ArrayList<>(EARLIER);
        all.addAll(current());
        return all;
    }

    /** The messages received for {@code address}. */
    public static List<Received> to(String address) {
        return received().stream().filter(message -> message.to().equalsIgnoreCase(address)).toList();
    }

    /** What the running server holds; read again when a delivery changed its mailboxes meanwhile. */
    private static List<Received> current() {
        if (server == null) {
            return List.of();
        }
        for (int attempt = 1;; attempt++) {
            try {
                List<Received> held = new ArrayList<>();
                for (GreenMailUser user : List.copyOf(server.getUserManager().listUser())) {
                    server.findReceivedMessages(owner -> owner.getEmail().equals(user.getEmail()), message -> true)
                            .toList().forEach(message -> held.add(read(user.getEmail(), message)));
                }
                return held;
            } catch (ConcurrentModificationException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static Received read(String to, MimeMessage message) {
        try {
            String[] parts = new String[2];
            parts(message, parts);
            return new Received(to, message.getSubject(), parts[0], parts[1], message);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("an unreadable message reached the test SMTP server", e);
        }
    }

    /** Fills {@code found[0]} with the text/plain part and {@code found[1]} with the text/html part. */
    private static void parts(Part part, String[] found) throws MessagingException, IOException {
        if (part.isMimeType("text/plain") && found[0] == null) {
            found[0] = part.getContent().toString();
        } else if (part.isMimeType("text/html") && found[1] == null) {
            found[1] = part.getContent().toString();
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                parts(body, found);
            }
        }
    }

    private static int sparePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
