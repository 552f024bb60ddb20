package io.headroom.quota.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientIpTest {

    @Test
    void anIpv4LiteralIsItsOwnCanonicalForm() {
        assertThat(ClientIp.canonical("192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(ClientIp.canonical("0.0.0.0")).isEqualTo("0.0.0.0");
        assertThat(ClientIp.canonical("255.255.255.255")).isEqualTo("255.255.255.255");
    }

    @Test
    void anIpv4LiteralWithAnOctetOutOfRangeOrTheWrongNumberOfOctetsIsNotAnAddress() {
        assertThat(ClientIp.canonical("256.1.1.1")).isNull();
        assertThat(ClientIp.canonical("1.2.3")).isNull();
        assertThat(ClientIp.canonical("1.2.3.4.5")).isNull();
        assertThat(ClientIp.canonical("1.2.3.")).isNull();
        assertThat(ClientIp.canonical("1..2.3")).isNull();
    }

    @Test
    void anIpv4SpellingWithLeadingZerosIsNeverKeptAsIs() {
        assertThat(ClientIp.canonical("01.2.3.4")).isIn(null, "1.2.3.4");
        assertThat(ClientIp.canonical("1.2.3.004")).isIn(null, "1.2.3.4");
    }

    @Test
    void hostNamesAreNotAddresses() {
        assertThat(ClientIp.canonical("example.com")).isNull();
        assertThat(ClientIp.canonical("localhost")).isNull();
        assertThat(ClientIp.canonical("cafe")).isNull();
        assertThat(ClientIp.canonical("abc.de")).isNull();
    }

    @Test
    void emptyNullAndPaddedValuesAreNotAddresses() {
        assertThat(ClientIp.canonical(null)).isNull();
        assertThat(ClientIp.canonical("")).isNull();
        assertThat(ClientIp.canonical(" 192.0.2.1")).isNull();
        assertThat(ClientIp.canonical("192.0.2.1\n")).isNull();
        assertThat(ClientIp.canonical("2001:db8::1 ")).isNull();
    }

    @Test
    void everySpellingOfAnIpv6AddressHasOneCanonicalForm() {
        String canonical = ClientIp.canonical("2001:db8::1");

        assertThat(canonical).isNotNull();
        assertThat(ClientIp.canonical("2001:DB8:0:0:0:0:0:1")).isEqualTo(canonical);
        assertThat(ClientIp.canonical("2001:0db8:0000:0000:0000:0000:0000:0001")).isEqualTo(canonical);
        assertThat(ClientIp.canonical("2001:db8:0::0:1")).isEqualTo(canonical);
    }

    @Test
    void differentIpv6AddressesStayDifferent() {
        assertThat(ClientIp.canonical("2001:db8::1")).isNotEqualTo(ClientIp.canonical("2001:db8::2"));
        assertThat(ClientIp.canonical("::1")).isNotEqualTo(ClientIp.canonical("::"));
    }

    @Test
    void anIpv4MappedIpv6AddressCountsAsTheIpv4Address() {
        assertThat(ClientIp.canonical("::ffff:192.0.2.1")).isEqualTo(ClientIp.canonical("192.0.2.1"));
    }

    @Test
    void malformedIpv6LiteralsAreNotAddresses() {
        assertThat(ClientIp.canonical("1:2:3")).isNull();
        assertThat(ClientIp.canonical("2001:db8::1::2")).isNull();
        assertThat(ClientIp.canonical("12345::1")).isNull();
        assertThat(ClientIp.canonical("2001:db8::g")).isNull();
        assertThat(ClientIp.canonical(":")).isNull();
    }

    @Test
    void aLiteralWithAColonThatStartsWithADotIsNotAnAddress() {
        assertThat(ClientIp.canonical(".:1")).isNull();
    }

    @Test
    void theCanonicalFormIsCanonicalAgain() {
        for (String literal : new String[] {"192.0.2.1", "2001:DB8::1", "::ffff:192.0.2.1", "::", "fe80::1"}) {
            String canonical = ClientIp.canonical(literal);

            assertThat(canonical).as(literal).isNotNull();
            assertThat(ClientIp.canonical(canonical)).as(literal).isEqualTo(canonical);
        }
    }
}
