package io.headroom.common.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

/**
 * spec/conventions.md, "Outbound HTTP": "a request to a loopback, link-local or private address
 * (after DNS resolution, also on redirects) is refused". Every address here is a literal, so
 * {@link InetAddress#getByName} parses it and never asks DNS.
 */
class AddressPolicyTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(literal + " is not an IP literal", e);
        }
    }

    private static boolean isPublic(String literal) {
        return AddressPolicy.isPublic(ip(literal));
    }

    @Test
    void publicUnicastAddressesMayBeCalled() {
        assertThat(isPublic("8.8.8.8")).isTrue();
        assertThat(isPublic("1.1.1.1")).isTrue();
        assertThat(isPublic("2606:4700::1111")).isTrue();
    }

    @Test
    void theWholeLoopbackRangeIsRefused() {
        assertThat(isPublic("127.0.0.1")).isFalse();
        assertThat(isPublic("127.5.5.5")).isFalse();
        assertThat(isPublic("::1")).isFalse();
    }

    @Test
    void theUnspecifiedAddressAndThisNetworkAreRefused() {
        assertThat(isPublic("0.0.0.0")).isFalse();
        assertThat(isPublic("0.1.2.3")).isFalse();
        assertThat(isPublic("::")).isFalse();
    }

    @Test
    void rfc1918PrivateRangesAreRefused() {
        assertThat(isPublic("10.1.2.3")).isFalse();
        assertThat(isPublic("172.16.0.1")).isFalse();
        assertThat(isPublic("172.31.255.255")).isFalse();
        assertThat(isPublic("192.168.1.1")).isFalse();
    }

    @Test
    void theAddressesJustOutside172Slash12ArePublic() {
        assertThat(isPublic("172.15.255.255")).isTrue();
        assertThat(isPublic("172.32.0.0")).isTrue();
    }

    @Test
    void linkLocalAddressesIncludingTheCloudMetadataServiceAreRefused() {
        assertThat(isPublic("169.254.169.254")).isFalse();
        assertThat(isPublic("fe80::1")).isFalse();
    }

    @Test
    void uniqueLocalIpv6AddressesFc00Slash7AreRefused() {
        assertThat(isPublic("fc00::1")).isFalse();
        assertThat(isPublic("fd12::1")).isFalse();
    }

    @Test
    void theSharedAddressSpace100Dot64Slash10IsRefusedButNotItsNeighbours() {
        assertThat(isPublic("100.64.0.1")).isFalse();
        assertThat(isPublic("100.127.255.255")).isFalse();
        assertThat(isPublic("100.63.255.255")).isTrue();
        assertThat(isPublic("100.128.0.0")).isTrue();
    }

    @Test
    void multicastAndBroadcastAreRefused() {
        assertThat(isPublic("224.0.0.1")).isFalse();
        assertThat(isPublic("ff02::1")).isFalse();
        assertThat(isPublic("255.255.255.255")).isFalse();
    }

    @Test
    void reservedAndSpecialPurposeIpv4RangesAreRefused() {
        assertThat(isPublic("198.18.0.1")).as("benchmarking, 198.18.0.0/15").isFalse();
        assertThat(isPublic("198.19.255.255")).as("benchmarking, 198.18.0.0/15").isFalse();
        assertThat(isPublic("198.20.0.1")).as("just past 198.18.0.0/15").isTrue();
        assertThat(isPublic("192.0.0.1")).as("IETF protocol assignments, 192.0.0.0/24").isFalse();
        assertThat(isPublic("240.0.0.1")).as("reserved, 240.0.0.0/4").isFalse();
    }

    @Test
    void anIpv4MappedAddressIsJudgedAsTheIpv4AddressJavaTurnsItInto() {
        InetAddress mapped = ip("::ffff:127.0.0.1");

        assertThat(mapped).isInstanceOf(Inet4Address.class);
        assertThat(AddressPolicy.isPublic(mapped)).isFalse();
        assertThat(isPublic("::ffff:8.8.8.8")).isTrue();
    }

    @Test
    void anIpv4CompatibleAddressIsJudgedByTheIpv4AddressInside() {
        InetAddress compatible = ip("::127.0.0.1");

        assertThat(compatible).isInstanceOf(Inet6Address.class);
        assertThat(AddressPolicy.isPublic(compatible)).isFalse();
        assertThat(isPublic("::10.0.0.1")).isFalse();
        assertThat(isPublic("::8.8.8.8")).isTrue();
    }

    @Test
    void aNat64AddressIsJudgedByTheIpv4AddressInside() {
        assertThat(isPublic("64:ff9b::a00:1")).as("NAT64 of 10.0.0.1").isFalse();
        assertThat(isPublic("64:ff9b::a9fe:a9fe")).as("NAT64 of 169.254.169.254").isFalse();
        assertThat(isPublic("64:ff9b::808:808")).as("NAT64 of 8.8.8.8").isTrue();
    }
}
