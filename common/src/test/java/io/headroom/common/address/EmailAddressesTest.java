package io.headroom.common.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which recipients a rule accepts: plain routable {@code local@domain.tld}, at most 254 characters. */
class EmailAddressesTest {

    @Test
    void plainAddressesAreValid() {
        for (String address : List.of("ops@example.com", "first.last+alerts@mail.example.co.uk",
                "o'brien@example.ie", "x@a-b.example.org", "UPPER@EXAMPLE.COM", "a@b.io", "1234@example.com",
                "under_score@example.com")) {
            assertThat(EmailAddresses.isValid(address)).as(address).isTrue();
        }
    }

    @Test
    void aDomainWithoutATopLevelDomainIsInvalid() {
        for (String address : List.of("ops@example", "ops@localhost", "ops@example.c", "ops@example.123")) {
            assertThat(EmailAddresses.isValid(address)).as(address).isFalse();
        }
    }

    @Test
    void spacesAreInvalid() {
        for (String address : List.of("ops @example.com", "ops@ example.com", " ops@example.com", "ops@example.com ",
                "o ps@example.com", "ops@exa mple.com")) {
            assertThat(EmailAddresses.isValid(address)).as("[%s]", address).isFalse();
        }
    }

    @Test
    void anythingButExactlyOneAtSignIsInvalid() {
        for (String address : List.of("ops@@example.com", "ops@ex@ample.com", "ops.example.com", "@example.com",
                "ops@")) {
            assertThat(EmailAddresses.isValid(address)).as(address).isFalse();
        }
    }

    @Test
    void displayNamesQuotesAndBracketsAreInvalid() {
        for (String address : List.of("Ops <ops@example.com>", "\"Ops\" <ops@example.com>", "<ops@example.com>",
                "\"quoted\"@example.com", "ops@[127.0.0.1]", "ops@example.com (Ops team)")) {
            assertThat(EmailAddresses.isValid(address)).as(address).isFalse();
        }
    }

    @Test
    void headerInjectionIsInvalid() {
        for (String address : List.of("ops@example.com\r\nBcc: victim@example.org",
                "ops@example.com\nBcc: x@example.org",
                "ops@example.com\r\n", "ops\r\n@example.com", "ops@example.com\u0000")) {
            assertThat(EmailAddresses.isValid(address)).as(address.replace("\r", "\\r").replace("\n", "\\n"))
                    .isFalse();
        }
    }

    @Test
    void misplacedDotsAndHyphensAreInvalid() {
        for (String address : List.of(".ops@example.com", "ops.@example.com", "op..s@example.com",
                "ops@example..com", "ops@.example.com", "ops@-example.com", "ops@example-.com")) {
            assertThat(EmailAddresses.isValid(address)).as(address).isFalse();
        }
    }

    @Test
    void nullAndEmptyAreInvalid() {
        assertThat(EmailAddresses.isValid(null)).isFalse();
        assertThat(EmailAddresses.isValid("")).isFalse();
    }

    @Test
    void atMost254CharactersInAll() {
        String at254 = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(57) + ".com";
        String at255 = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(58) + ".com";
        assertThat(at254).hasSize(254);
        assertThat(at255).hasSize(255);

        assertThat(EmailAddresses.isValid(at254)).isTrue();
        assertThat(EmailAddresses.isValid(at255)).isFalse();
    }

    @Test
    void aLocalPartOfMoreThan64CharactersIsInvalid() {
        assertThat(EmailAddresses.isValid("a".repeat(64) + "@example.com")).isTrue();
        assertThat(EmailAddresses.isValid("a".repeat(65) + "@example.com")).isFalse();
    }

    @Test
    void aDomainLabelOfMoreThan63CharactersIsInvalid() {
        assertThat(EmailAddresses.isValid("ops@" + "b".repeat(63) + ".com")).isTrue();
        assertThat(EmailAddresses.isValid("ops@" + "b".repeat(64) + ".com")).isFalse();
    }
}
