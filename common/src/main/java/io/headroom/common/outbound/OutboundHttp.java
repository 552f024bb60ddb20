package io.headroom.common.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * POSTs to user-supplied URLs safely (spec/conventions.md, "Outbound HTTP"). The host is resolved
 * first and every address checked by {@link AddressPolicy}; the connection then goes to the
 * address that was checked, so a DNS answer that changes in between (rebinding) cannot redirect
 * it. Redirects are followed only as 307 or 308, at most {@link OutboundConfig#maxRedirects()},
 * each checked again. Connect and total timeouts bound every request. Never throws: every outcome,
 * a failure included, is a {@link Result}.
 */
@ApplicationScoped
public class OutboundHttp {

    /** What became of a request: the final status, or why there was none. */
    public record Result(int status, String error, boolean refused) {

        /** The target took it: a 2xx answer. */
        public boolean accepted() {
            return status >= 200 && status < 300;
        }

        static Result answered(int status) {
            return new Result(status, status >= 200 && status < 300 ? null : "the target answered " + status, false);
        }

        /** No 2xx answer: worth another attempt later. */
        public static Result failed(String error) {
            return new Result(0, error, false);
        }

        /** Not sent at all: the address is not one this suite may call. Retrying will not help. */
        static Result refused(String error) {
            return new Result(0, error, true);
        }
    }

    /** The spec's bound: never more than 3 redirects, whatever the configuration says. */
    static final int MAX_REDIRECTS = 3;

    private final OutboundConfig config;
    private final Vertx vertx;
    private final HttpClient client;

    public OutboundHttp(OutboundConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setForceSni(true)
                .setMaxPoolSize(64)
                .setKeepAlive(true));
    }

    @PreDestroy
    void close() {
        client.closeAndForget();
    }

    /**
     * POSTs {@code body} with {@code headers} to {@code url}, checked again here. The total timeout covers everything:
     * the DNS lookup, every redirect; and any failure, even a malformed URL, is a failed
     * {@link Result}, so a caller never sees an exception.
     */
    public Uni<Result> post(String url, Map<String, String> headers, Buffer body) {
        return post(url, headers, body, config.allowPrivateAddresses());
    }

    /**
     * As {@link #post(String, Map, Buffer)} to a URL the operator configured (an SMS gateway, say),
     * which may be a private address: only users' URLs are kept to public addresses.
     */
    public Uni<Result> postToOperatorUrl(String url, Map<String, String> headers, Buffer body) {
        return post(url, headers, body, true);
    }

    private Uni<Result> post(String url, Map<String, String> headers, Buffer body, boolean allowPrivate) {
        return Uni.createFrom().deferred(() -> {
            URI checked;
            try {
                checked = OutboundUrl.parse("url", url, allowPrivate);
            } catch (RuntimeException e) {
                return Uni.createFrom().item(Result.refused("the URL may not be called"));
            }
            return post(checked, headers, body, Math.min(MAX_REDIRECTS, config.maxRedirects()), allowPrivate);
        })
                .ifNoItem().after(config.totalTimeout()).fail()
                .onFailure().recoverWithItem(e -> Result.failed(describe(e)));
    }

    private Uni<Result> post(URI url, Map<String, String> headers, Buffer body, int redirectsLeft,
            boolean allowPrivate) {
        String host = url.getHost();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        return resolve(host).chain(address -> {
            if (address == null) {
                return Uni.createFrom().item(Result.failed("the host " + host + " could not be resolved"));
            }
            if (!allowPrivate && !AddressPolicy.isPublic(address)) {
                return Uni.createFrom().item(Result.refused(
                        "the host " + host + " resolves to a loopback, link-local or private address"));
            }
            RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
                    .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                    .setHost(host).setPort(port).setSsl(https).setURI(pathAndQuery(url)).setFollowRedirects(false)
                    // a target that stops sending gets its connection reset, not kept in the pool
                    .setIdleTimeout(config.totalTimeout().toMillis());
            headers.forEach(request::putHeader);
            return client.request(request)
                    .chain(outgoing -> outgoing.send(body))
                    .call(HttpClientResponse::end)
                    .chain(response -> next(url, response, headers, body, redirectsLeft, allowPrivate));
        });
    }

    private Uni<Result> next(URI url, HttpClientResponse response, Map<String, String> headers, Buffer body,
            int redirectsLeft, boolean allowPrivate) {
        int status = response.statusCode();
        if (status != 307 && status != 308) {
            return Uni.createFrom().item(Result.answered(status));
        }
        String location = response.getHeader("Location");
        if (location == null) {
            return Uni.createFrom().item(Result.failed("the target answered " + status + " without a Location"));
        }
        if (redirectsLeft == 0) {
            return Uni.createFrom().item(Result.failed("redirected more than " + MAX_REDIRECTS + " times"));
        }
        URI target;
        try {
            target = OutboundUrl.parse("Location", url.resolve(location).toString(), allowPrivate);
        } catch (RuntimeException e) {
            return Uni.createFrom().item(Result.refused("redirected to a URL that may not be called"));
        }
        return post(target, headers, body, redirectsLeft - 1, allowPrivate);
    }

    /**
     * The host's first address, or null if none: an IP literal at once, a name on a worker thread
     * (the JDK resolver blocks), the answer coming back on the caller's context.
     */
    private Uni<InetAddress> resolve(String host) {
        InetAddress literal = OutboundUrl.literal(host);
        if (literal != null) {
            return Uni.createFrom().item(literal);
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                return null;
            }
        }), false);
    }

    private static String pathAndQuery(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    /** A short, safe description of a failed request: a fixed phrase, never a class name or a stack trace. */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.smallrye.mutiny.TimeoutException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof io.netty.channel.ConnectTimeoutException) {
                return "no answer within the timeout";
            }
            if (t instanceof java.net.ConnectException) {
                return "the connection was refused";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "the TLS handshake failed";
            }
            if (t instanceof io.vertx.core.http.HttpClosedException) {
                return "the target closed the connection";
            }
        }
        return "the request failed";
    }
}
