package io.headroom.quota.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A client's IP address as a check names it: an IPv4 or IPv6 literal, never a host name (so no
 * DNS lookup), in one canonical spelling so that every spelling of an address counts in one
 * window.
 */
public final class ClientIp {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}");

    private ClientIp() {
    }

    /** The canonical form of {@code literal}, or null when it is not an IP address. */
    public static String canonical(String literal) {
        if (literal == null) {
            return null;
        }
        if (IPV4.matcher(literal).matches()) {
            return literal;
        }
        if (!literal.contains(":") || !IPV6_CHARS.matcher(literal).matches()) {
            return null;
        }
        try {
            // starting with a hex digit or ':' and holding a ':', it is parsed as IPv6, never looked up
            return InetAddress.getByName(literal).getHostAddress();
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }
}
