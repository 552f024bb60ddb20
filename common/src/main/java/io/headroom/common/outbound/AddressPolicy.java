package io.headroom.common.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which addresses a request to a user-supplied URL may reach: public unicast ones only. Loopback,
 * link-local, private (RFC 1918, unique-local fc00::/7), shared (100.64/10), "this network",
 * multicast and reserved ranges are refused, also inside IPv4-compatible and NAT64 IPv6 forms.
 */
public final class AddressPolicy {

    private AddressPolicy() {
    }

    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        return b.length == 4 ? isPublicV4(b) : isPublicV6((Inet6Address) address, b);
    }

    private static boolean isPublicV4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first != 0 // 0.0.0.0/8, "this network"
                && !(first == 100 && (second & 0xc0) == 64) // 100.64.0.0/10, shared address space
                && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24, IETF protocol assignments
                && !(first == 198 && (second & 0xfe) == 18) // 198.18.0.0/15, benchmarking
                && first < 240; // 240.0.0.0/4 reserved, and the broadcast address
    }

    private static boolean isPublicV6(Inet6Address address, byte[] b) {
        if ((b[0] & 0xfe) == 0xfc) { // fc00::/7, unique local
            return false;
        }
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b && isZero(b, 4, 12); // 64:ff9b::/96
        if (address.isIPv4CompatibleAddress() || nat64) {
            return isPublic(v4(b));
        }
        return true;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress v4(byte[] b) {
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
