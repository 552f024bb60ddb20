package io.headroom.common.address;

import java.util.regex.Pattern;

/**
 * What counts as a valid recipient: an address a mail server will route, {@code local@domain}
 * with a dotted domain of letters, digits and hyphens (internationalized top-level domains in their
 * {@code xn--} form), at most 254 characters (RFC 5321); no
 * display names, comments or quoted local parts, which only confuse mail headers.
 */
public final class EmailAddresses {

    private static final int MAX_LENGTH = 254;
    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})");

    private EmailAddresses() {
    }

    public static boolean isValid(String address) {
        return address != null && address.length() <= MAX_LENGTH && address.indexOf('@') <= 64
                && ADDRESS.matcher(address).matches();
    }
}
