package io.headroom.common.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

import io.headroom.common.problem.Problems;

/**
 * A URL a user supplies for the suite to call (spec/conventions.md): {@code http} or
 * {@code https}, with a host, without credentials, at most 2,000 characters. A host written as an
 * IP address is checked at once; a host name is checked after DNS resolution, on every request.
 */
public final class OutboundUrl {

    public static final int MAX_LENGTH = 2_000;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private OutboundUrl() {
    }

    /**
     * The URL in {@code text}, or a 400 naming {@code field}.
     *
     * @param allowPrivate whether loopback, link-local and private addresses are allowed here
     */
    public static URI parse(String field, String text, boolean allowPrivate) {
        if (text == null || text.isBlank()) {
            throw Problems.invalid(field, "is required");
        }
        if (text.length() > MAX_LENGTH) {
            throw Problems.invalid(field, "must be at most 2,000 characters");
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw Problems.invalid(field, "must be an http or https URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null || url.isOpaque()) {
            throw Problems.invalid(field, "must be an http or https URL with a host");
        }
        if (url.getPort() == 0 || url.getPort() > 65_535) {
            throw Problems.invalid(field, "must have a port from 1 to 65535");
        }
        if (url.getRawUserInfo() != null) {
            throw Problems.invalid(field, "must not contain credentials");
        }
        if (!allowPrivate) {
            InetAddress literal = literal(url.getHost());
            if (literal != null && !AddressPolicy.isPublic(literal)) {
                throw Problems.invalid(field, "must not point to a loopback, link-local or private address");
            }
        }
        return url;
    }

    /** The address a host written as an IP literal stands for, or null for a host name (never a DNS lookup). */
    static InetAddress literal(String host) {
        try {
            if (host.startsWith("[") && host.endsWith("]")) {
                return InetAddress.getByName(host.substring(1, host.length() - 1)); // parsed, never resolved
            }
            if (!IPV4.matcher(host).matches()) {
                return null;
            }
            String[] parts = host.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(parts[i]);
                if (part > 255) {
                    return null;
                }
                bytes[i] = (byte) part;
            }
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
